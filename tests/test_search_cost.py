"""Every search request's cost is bounded (issue 12 item 3): long, many-word, many-wildcard and deeply
nested queries get a result or a clear 400 naming the limit, through the real app and the CLI.

Outcomes are asserted, not timings (bench/long_query_bench.py measures the latency)."""

from __future__ import annotations

import random
import string
from urllib.parse import quote

from archive import load_settings
from search import QueryLimits, QueryTooLarge, check_cost
from webapp import create_app
from webapp.cli import main as cli_main

from webapp_fixtures import clean_settings


def made_up(n: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(n)]


def get(client, q: str):
    return client.get("/api/search?q=" + quote(q))


def test_a_100000_character_query_is_refused_naming_the_limit(reader) -> None:
    resp = get(reader, " ".join(made_up(12_000))[:100_000])
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert "100,000 characters" in error and "at most 1,000" in error and "search_max_query_chars" in error


def test_the_html_page_refuses_it_too(reader) -> None:
    resp = reader.get("/search?q=" + quote("x" * 5000))
    assert resp.status_code == 400 and b"search_max_query_chars" in resp.data


def test_many_words_are_refused_past_the_limit_and_answered_at_it(reader) -> None:
    over = get(reader, " ".join(made_up(101)))
    assert over.status_code == 400 and "search_max_terms" in over.get_json()["error"]
    at = get(reader, " ".join(made_up(100)))
    assert at.status_code == 200
    body = at.get_json()
    assert body["error"] is None and body["total"] == 0
    # More unknown words than "did you mean" looks at: no suggestion rather than a partial guess.
    assert body["suggestion"] is None


def test_many_wildcards(reader) -> None:
    words = [w[:3] + "*" for w in made_up(9)]
    over = get(reader, " OR ".join(words))
    assert over.status_code == 400 and "search_max_wildcards" in over.get_json()["error"]
    at = get(reader, " OR ".join(["genoc*", "block*", "tortu*", "sanct*", "prison*", "deten*", "arme*", "azer*"]))
    assert at.status_code == 200 and at.get_json()["total"] > 0


def test_deeply_nested_boolean_queries(reader) -> None:
    deep = "(" * 60 + "genocide" + " OR blockade)" * 60  # under the length limit
    over = get(reader, deep)
    assert over.status_code == 400 and "search_max_depth" in over.get_json()["error"]
    ok = "(" * 10 + "genocide" + " OR blockade)" * 10
    at = get(reader, ok)
    assert at.status_code == 200 and at.get_json()["total"] > 0


def test_unbalanced_brackets_beyond_the_limit_still_get_a_message(reader) -> None:
    resp = get(reader, "(" * 600)
    assert resp.status_code in (200, 400)
    assert resp.get_json()["error"]


def test_the_limits_are_settings(web_settings, tmp_path) -> None:
    settings = clean_settings(web_settings.data_dir, search_max_query_chars=40, anonymous_read=True)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    client = app.test_client()
    assert get(client, "genocide").status_code == 200
    resp = get(client, "genocide " * 6)
    assert resp.status_code == 400 and "at most 40" in resp.get_json()["error"]


def test_the_cli_refuses_a_long_query_in_one_line(web_settings) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli_main, ["--data", str(web_settings.data_dir), "search", "word " * 400])
    assert result.exit_code == 1
    assert "search_max_query_chars" in result.output and "Traceback" not in result.output


def test_check_cost_counts_outside_phrases_only() -> None:
    limits = QueryLimits.of(load_settings("/nonexistent-data"))
    check_cost('"what * is (((( not a wildcard or a bracket"', limits)
    try:
        check_cost("a*b " * 9, limits)
    except QueryTooLarge as exc:
        assert "9 wildcard words" in str(exc)
    else:
        raise AssertionError("nine wildcards were accepted")
