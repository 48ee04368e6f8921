"""Issue 14: undated records no longer vanish silently. A date-filtered search and the timeline say
how many records of the same query and filters have no known date, and link to them (page and JSON)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from archive import Store


def _undated(web_settings) -> list:
    return [r for r in Store(web_settings) if not r.date]


def _undated_with_term(web_settings) -> tuple[str, int]:
    """A word in at least one undated record, and how many undated records hold it."""
    undated = _undated(web_settings)
    assert undated, "the test archive should hold undated records"
    word = max(re.findall(r"[A-Za-z]{7,}", undated[0].text), key=len)
    return word, sum(1 for r in undated if word.lower() in r.text.lower())


def test_a_date_filtered_search_says_how_many_undated_records_it_left_out(reader, web_settings):
    word, expected = _undated_with_term(web_settings)
    data = reader.get(f"/api/search?q={word}&since=1990").get_json()
    left_out = data["undated_left_out"]
    assert left_out["count"] == expected >= 1
    assert all(h["date"] for h in data["hits"])  # the filtered hits themselves are dated
    follow = reader.get(left_out["api_url"]).get_json()
    assert follow["records"] == expected and follow["filters"].get("undated") == "1"
    assert {h["record_id"] for h in follow["hits"]} <= {r.id for r in _undated(web_settings)}
    assert parse_qs(urlsplit(left_out["url"]).query) == {"q": [word], "undated": ["1"]}
    page = reader.get(f"/search?q={word}&since=1990").get_data(as_text=True)
    n = expected
    assert f"left out {n} record{'' if n == 1 else 's'} whose date is unknown" in page
    assert 'href="/search?q=' in page and "undated=1" in page
    shown = reader.get(left_out["url"]).get_data(as_text=True)
    assert "Showing only records whose date is unknown." in shown


def test_no_notice_without_a_date_filter(reader, web_settings):
    word, _ = _undated_with_term(web_settings)
    data = reader.get(f"/api/search?q={word}").get_json()
    assert "undated_left_out" not in data
    assert "whose date is unknown" not in reader.get(f"/search?q={word}").get_data(as_text=True)


def test_the_year_filter_also_reports_undated_records(reader, web_settings):
    word, expected = _undated_with_term(web_settings)
    data = reader.get(f"/api/search?q={word}&year=2024").get_json()
    assert data["undated_left_out"]["count"] == expected


def test_the_timeline_says_how_many_records_it_cannot_place(reader, web_settings):
    undated = _undated(web_settings)
    data = reader.get("/api/timeline").get_json()
    assert data["undated_left_out"]["count"] == len(undated)
    follow = reader.get(data["undated_left_out"]["api_url"]).get_json()
    assert follow["records"] == len(undated)
    page = reader.get("/timeline").get_data(as_text=True)
    assert f"{len(undated)} records have no known date" in page or "1 record has no known date" in page
    topic = next(t for r in undated for t in r.topics)
    with_topic = sum(1 for r in undated if topic in r.topics)
    narrowed = reader.get(f"/api/timeline?topic={topic}").get_json()["undated_left_out"]
    assert narrowed["count"] == with_topic
    assert parse_qs(urlsplit(narrowed["url"]).query) == {"topic": [topic], "undated": ["1"]}
