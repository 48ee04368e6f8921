"""Search `date:` as people write it, "did you mean" that suggests only close and frequent words, and
a year facet that keeps the other years (issue 15), through the real app and CLI over the test archive."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from webapp.cli import main as cli_main


def search(client, q: str, **extra: str) -> dict:
    url = "/api/search?q=" + quote(q) + "".join(f"&{k}={quote(v)}" for k, v in extra.items()) + "&limit=100"
    resp = client.get(url)
    assert resp.status_code == 200, resp.data
    return resp.get_json()


def dates(body: dict) -> set[str]:
    assert body["error"] is None, body["error"]
    return {h["date"] for h in body["hits"]}


def test_date_year_month_and_day(reader) -> None:
    years = dates(search(reader, "date:2012"))
    assert years and all(d.startswith("2012-") for d in years)
    days = dates(search(reader, "date:2012-12-04"))
    assert days == {"2012-12-04"}
    months = dates(search(reader, "date:2012-12"))
    assert months >= {"2012-12-04", "2012-12-06"} and all(d.startswith("2012-12-") for d in months)
    assert dates(search(reader, "date:20121204")) == {"2012-12-04"}  # the index's own form still works


def test_date_ranges_and_comparisons(reader) -> None:
    inside = dates(search(reader, "date:[2011-01-01 TO 2012-12-31]"))
    assert inside and all("2011-01-01" <= d <= "2012-12-31" for d in inside)
    later = dates(search(reader, "date:>2020"))
    assert later and all(d and d > "2020-12-31" for d in later)
    earlier = dates(search(reader, "date:<2011"))
    assert earlier and all(d and d < "2011-01-01" for d in earlier)  # undated records are not "before"
    open_end = dates(search(reader, "date:[2016 TO]"))
    assert open_end and all(d >= "2016-01-01" for d in open_end) and open_end >= later


def test_date_with_words(reader) -> None:
    both = search(reader, "Armenian date:2016")
    assert both["total"] >= 1 and all(h["date"].startswith("2016") for h in both["hits"])


@pytest.mark.parametrize("q,expected", [
    ("date:soon", "is not a date"),
    ("date:2025-13", "not a date on the calendar"),
    ("date:[2024 TO 2023]", "ends before it starts"),
])
def test_bad_dates_say_how_to_write_one(reader, q: str, expected: str) -> None:
    body = reader.get("/api/search?q=" + quote(q)).get_json()
    assert body["hits"] == [] and expected in body["error"]


def test_the_cli_reads_dates_the_same_way(web_settings) -> None:
    result = CliRunner().invoke(cli_main, ["--data", str(web_settings.data_dir), "search", "date:2012-12", "--json"])
    assert result.exit_code == 0, result.output
    found = {h["date"] for h in json.loads(result.output)["hits"]}
    assert found and all(d.startswith("2012-12") for d in found)


@pytest.mark.parametrize("typo,meant", [("prisners", "prisoners"), ("genocde", "genocide"), ("Armenain", "Armenian")])
def test_did_you_mean_a_close_frequent_word(reader, typo: str, meant: str) -> None:
    body = search(reader, typo)
    assert body["total"] == 0 and body["suggestion"] == meant


@pytest.mark.parametrize("nonsense", ["xqzvbnm", "prosp", "qwertyuiop", "zzzz"])
def test_no_suggestion_beats_a_wrong_one(reader, nonsense: str) -> None:
    body = search(reader, nonsense)
    assert body["total"] == 0 and body["suggestion"] is None


def year_counts(body: dict) -> dict[str, int]:
    return {e["value"]: e["count"] for e in body["facets"]["year"]}


def test_the_year_facet_keeps_the_other_years(reader) -> None:
    years = year_counts(search(reader, "Armenian"))
    assert len(years) >= 3
    chosen = sorted(years)[0]
    narrowed = search(reader, "Armenian", year=chosen)
    assert narrowed["total"] == years[chosen]
    assert all(h["date"].startswith(chosen) for h in narrowed["hits"])
    assert year_counts(narrowed) == years
    page = reader.get(f"/search?q=Armenian&year={chosen}").get_data(as_text=True)
    other = sorted(years)[-1]
    assert f'data-value="{other}"' in page and f'data-value="{chosen}"' in page
