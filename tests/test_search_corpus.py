"""Search over the shipped corpus, ingested through the real command line.

Expected results are computed from the archive itself (the records' own text and metadata),
never written into the test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from archive import Record, Store, load_settings
from search import SearchIndex, SearchQuery

from paths import CORPUS, ROOT

EVIDENCE = [str(Path(sys.executable).with_name("evidence"))]

NK_NAMES = r"nagorno[\s-]+karaba[kg]h"
STEPANAKERT_NAMES = r"(\b|(?<=\d))stepanakert"  # also glued to a number ("3Stepanakert")
KHANKENDI_NAMES = r"\b(khankendi|xankandi)"
POW_WORDS = r"\bpows?\b"
POW_PHRASE = r"prisoners?\s+of\s+war"


def evidence(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDENCE, "--data", str(data_dir), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("corpus") / "data"
    done = evidence(data_dir, "ingest", "--quiet", str(CORPUS))
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture(scope="module")
def records(corpus_data: Path) -> list[Record]:
    return list(Store(load_settings(corpus_data)))


@pytest.fixture
def index(corpus_data: Path, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    for name in list(__import__("os").environ):
        if name.startswith("EVIDENCE_"):
            monkeypatch.delenv(name)
    return SearchIndex(load_settings(corpus_data))


def says(record: Record, pattern: str) -> bool:
    return any(re.search(pattern, p.text, re.I) for p in record.paragraphs)


def found(index: SearchIndex, text: str, **kw: object) -> set[str]:
    result = index.search(SearchQuery(text, limit=100, **kw))  # type: ignore[arg-type]
    assert result.error is None, result.error
    assert result.total <= 100
    return {h.record_id for h in result.hits}


def test_the_index_holds_exactly_the_archive(index: SearchIndex, records: list[Record]) -> None:
    assert records
    assert index.record_ids() == {r.id for r in records}


def test_nagorno_karabakh_finds_records_that_only_say_artsakh(index: SearchIndex, records: list[Record]) -> None:
    only_artsakh = {r.id for r in records if says(r, r"\bartsakh") and not says(r, NK_NAMES)}
    assert only_artsakh, "the corpus should hold a record naming only Artsakh"
    assert only_artsakh <= found(index, "Nagorno-Karabakh")


def test_stepanakert_finds_khankendi(index: SearchIndex, records: list[Record]) -> None:
    only_khankendi = {r.id for r in records if says(r, KHANKENDI_NAMES) and not says(r, STEPANAKERT_NAMES)}
    assert only_khankendi, "the corpus should hold a record naming only Khankendi"
    assert only_khankendi <= found(index, "Stepanakert")
    either = {r.id for r in records if says(r, KHANKENDI_NAMES) or says(r, STEPANAKERT_NAMES)}
    assert found(index, "Stepanakert") == either == found(index, "Khankendi")


def test_pows_finds_prisoners_of_war(index: SearchIndex, records: list[Record]) -> None:
    phrase_only = {r.id for r in records if says(r, POW_PHRASE) and not says(r, POW_WORDS)}
    assert phrase_only, "the corpus should hold a record saying only 'prisoners of war'"
    expected = {r.id for r in records if says(r, POW_PHRASE) or says(r, POW_WORDS)}
    assert found(index, "POWs") == expected
    assert found(index, '"prisoners of war"') == expected


def test_phrase_hits_point_at_the_paragraph_holding_it(index: SearchIndex, records: list[Record]) -> None:
    by_id = {r.id: r for r in records}
    result = index.search(SearchQuery('"prisoners of war"', limit=100))
    assert result.hits
    for hit in result.hits:
        text = by_id[hit.record_id].paragraph(hit.paragraph).text
        assert re.search(POW_PHRASE, text, re.I) or re.search(POW_WORDS, text, re.I)
        assert "<mark>" in hit.snippet


def test_topic_filter_matches_the_records_topics(index: SearchIndex, records: list[Record]) -> None:
    topics = Counter(t for r in records for t in r.topics)
    if not topics:
        pytest.skip("the corpus records carry no topics yet")
    topic = topics.most_common(1)[0][0]
    expected = {r.id for r in records if topic in r.topics and says(r, r"\bazerbaijan\b")}
    assert found(index, "Azerbaijan", topic=topic) == expected


def test_date_filters_match_the_records_dates(index: SearchIndex, records: list[Record]) -> None:
    dates = sorted(r.date for r in records if r.date)
    middle = dates[len(dates) // 2][:4]
    since = {r.id for r in records if r.date and r.date >= f"{middle}-01-01" and says(r, r"\barmenia")}
    until = {r.id for r in records if r.date and r.date <= f"{middle}-12-31" and says(r, r"\barmenia")}
    assert since and until
    assert found(index, "Armenia*", since=middle) == since
    assert found(index, "Armenia*", until=middle) == until


def test_facet_counts_equal_a_count_over_the_archive(index: SearchIndex, records: list[Record]) -> None:
    matching = [r for r in records if says(r, r"\bazerbaijan\b")]
    expected = {
        "topic": Counter(t for r in matching for t in r.topics),
        "doc_type": Counter(r.doc_type for r in matching),
        "org": Counter(r.source.org for r in matching if r.source.org),
        "year": Counter(r.date[:4] for r in matching if r.date),
    }
    result = index.search(SearchQuery("Azerbaijan"))
    got = {name: Counter({f["value"]: f["count"] for f in values}) for name, values in result.facets.items()}
    assert got == expected
    assert result.records == len(matching)
    everything = {name: Counter({f["value"]: f["count"] for f in values}) for name, values in index.facets().items()}
    assert everything["doc_type"] == Counter(r.doc_type for r in records)
    assert everything["topic"] == Counter(t for r in records for t in r.topics)


def test_cli_search_json_and_errors(corpus_data: Path, records: list[Record]) -> None:
    done = evidence(corpus_data, "search", "POWs", "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == "POWs" and len({h["record_id"] for h in data["hits"]}) == 3 and data["total"] >= 3
    assert len(data["hits"]) <= 3 * load_settings(corpus_data).search.search_passages_per_record
    assert {h["record_id"] for h in data["hits"]} <= {r.id for r in records}
    text = evidence(corpus_data, "search", "POWs", "--limit", "2")
    assert text.returncode == 0 and "#p" in text.stdout and "<mark>" not in text.stdout
    bad = evidence(corpus_data, "search", '"unclosed', "--since", "2020")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "closing" in bad.stderr
    bad_date = evidence(corpus_data, "search", "Armenia", "--since", "2020-02-30")
    assert bad_date.returncode == 1 and "since" in bad_date.stderr and "Traceback" not in bad_date.stderr
    nothing = evidence(corpus_data, "search")
    assert nothing.returncode == 1 and "filter" in nothing.stderr and "Traceback" not in nothing.stderr
    letters = evidence(corpus_data, "search", "--type", "letter", "--json")
    expected = {r.id for r in records if r.doc_type == "letter"}
    assert {h["record_id"] for h in json.loads(letters.stdout)["hits"]} == expected


def test_reindex_gives_the_same_results(corpus_data: Path, index: SearchIndex) -> None:
    queries = [("Nagorno-Karabakh", {}), ("POWs", {"sort": "date"}), ("torture", {"since": "2020"})]
    before = [index.search(SearchQuery(t, limit=100, **kw)).to_dict() for t, kw in queries]
    done = evidence(corpus_data, "reindex")
    assert done.returncode == 0, done.stderr
    after = [index.search(SearchQuery(t, limit=100, **kw)).to_dict() for t, kw in queries]
    assert after == before
