"""The fast path (scoring plain words and phrases from posting arrays) against Whoosh itself:
the same documents match and the scores agree, over the shipped corpus and after deletions, both
from the segments' sidecar files of posting arrays and from Whoosh's own posting blocks."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from search_helpers import rebuilt_sample_index, sample_records

from archive import Settings, Store, load_settings
from search import SearchIndex
from search.aliases import load_aliases
from search.engine import WEIGHTING, fastpath, sidecar
from search.query import parse_text

from paths import CORPUS, ROOT

QUERIES = [
    "Armenia", "prisoners", "Armenia OR Azerbaijan", "Armenia AND prisoners", "Armenia NOT Azerbaijan",
    '"prisoners of war"', '"human rights" OR sanctions', "Nagorno-Karabakh", "POWs", "Stepanakert",
    '"release of all prisoners"', "captives", "detention AND captives", "title:Armenia", "zzzunknownword",
    '"Lachin Corridor" AND blockade',
]


def check_same(index: SearchIndex, sidecars: bool) -> int:
    """Every query: the fast path's live matches and scores equal Whoosh's own (unlimited, scored)."""
    checked = 0
    handle = index._handle()
    searcher = handle.searcher
    assert handle.all_sidecars() == sidecars
    for text in QUERIES:
        q = parse_text(text, load_aliases(index.settings))
        expected = {docnum: score for score, docnum in searcher.search(q, limit=None).top_n}
        found = fastpath.scores(searcher, q, handle.sidecar_of)
        assert found is not None, f"{text}: expected the fast path to handle it"
        live = set(searcher.docs_for_query(q))
        got = {d: s for d, s in found.as_dict().items() if d in live}
        assert set(got) == set(expected), text
        for d, score in expected.items():
            assert math.isclose(got[d], score, rel_tol=1e-9, abs_tol=1e-12), (text, d)
        checked += len(expected)
    return checked


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    data_dir = tmp_path_factory.mktemp("fast") / "data"
    evidence = str(Path(sys.executable).with_name("evidence"))
    done = subprocess.run([evidence, "--data", str(data_dir), "ingest", "--quiet", str(CORPUS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return SearchIndex(load_settings(data_dir))


def without_sidecars(index: SearchIndex) -> None:
    """Remove the index's sidecar files (as an index written before them has none)."""
    handle = index._handle()
    for path in handle.path.glob("*" + sidecar.SUFFIX):
        path.unlink()
    handle.sidecars.clear()


def test_matches_and_scores_equal_whoosh_on_the_corpus(corpus_index: SearchIndex) -> None:
    assert check_same(corpus_index, sidecars=True) > 50


def test_equal_from_whoosh_postings_without_sidecars(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    assert check_same(index, sidecars=True) > 0
    without_sidecars(index)
    assert check_same(index, sidecars=False) > 0


def test_equal_after_deletions_and_across_segments(settings: Settings, store: Store) -> None:
    records = sample_records()
    index = SearchIndex(settings)
    for record in records:  # one segment per write
        store.write(record)
        index.upsert([record])
    index.delete([records[1].id])
    index.upsert([records[2]])  # re-indexed: its old document is deleted, a new one added
    assert check_same(index, sidecars=True) > 0


def test_other_queries_fall_back_to_whoosh(corpus_index: SearchIndex) -> None:
    searcher = corpus_index._handle().searcher
    aliases = load_aliases(corpus_index.settings)
    for text in ("prison*", "date:[20200101 TO 20231231]", '"prisoners war"~3'):
        assert fastpath.scores(searcher, parse_text(text, aliases)) is None, text
    assert WEIGHTING.K1 > 0


def test_filter_bitmaps_equal_whoosh(corpus_index: SearchIndex) -> None:
    """Topic and date filters come from the facet values in memory; they select what Whoosh's own
    filter queries select."""
    from whoosh import query

    from search.engine import to_bits
    from search.schema import RECORD

    handle = corpus_index._handle()
    searcher, size = handle.searcher, handle.size
    records = to_bits(searcher.docs_for_query(query.Term("kind", RECORD)), size)
    topics = {t for row in handle.facet_rows() if row is not None for t in row.topics}
    assert len(topics) > 3
    for topic in [*sorted(topics), "not-a-topic"]:
        q = query.Term("topic", topic.lower())
        expected = to_bits(searcher.docs_for_query(q), size) & records
        assert handle.filter_bits(f"topic={topic}", q) == expected, topic
    for lo, hi in ((20200101, 20231231), (1, 20151231), (20240101, 99991231)):
        q = query.NumericRange("date", lo, hi)
        expected = to_bits(searcher.docs_for_query(q), size) & records
        assert handle.filter_bits(f"date={lo}-{hi}", q) == expected, (lo, hi)


def test_timeline_equals_whoosh_query(corpus_index: SearchIndex) -> None:
    """The timeline, from bitmaps and the date column, lists what Whoosh's own query finds, in
    timeline order (date, record, paragraph), and a page of it is that slice."""
    from whoosh import query

    from search.schema import EVENT, PUBLICATION

    handle = corpus_index._handle()
    topics = sorted({t for row in handle.facet_rows() if row is not None for t in row.topics})
    cases = [{}, {"since": "2020-01-01"}, {"until": "2019-06"}, {"since": "2021", "until": "2023-12-31"},
             {"doc_type": "press_release"}, {"topic": "not-a-topic"}] + [{"topic": t} for t in topics[:6]]
    compared = 0
    for case in cases:
        lo = int((case.get("since") or "0001").replace("-", "").ljust(8, "0"))
        hi = int((case.get("until") or "9999-12-31").replace("-", "").ljust(8, "9"))
        parts = [query.Or([query.Term("kind", EVENT), query.Term("kind", PUBLICATION)]),
                 query.NumericRange("t_date", max(lo, 1), hi)]
        if case.get("topic"):
            parts.append(query.Term("t_topic", case["topic"].lower()))
        if case.get("doc_type"):
            parts.append(query.Term("t_type", case["doc_type"]))
        hits = handle.searcher.search(query.And(parts), limit=None)
        expected = [dict(hit["t_data"]) for hit in sorted(hits, key=lambda h: (h["t_data"]["date"], h["rid"],
                                                                                h["t_data"]["paragraph"] or 0))]
        got = corpus_index.timeline(**case)
        assert [(e["date"], e["record_id"]) for e in got] == [(e["date"], e["record_id"]) for e in expected], case
        assert sorted(map(repr, got)) == sorted(map(repr, expected)), case
        page = corpus_index.timeline_page(**case, start=3, stop=9)
        assert page.total == len(expected) and page.entries == expected[3:9], case
        assert [m["date"] for m in page.marks] == [e["date"] for e in expected], case
        assert [m["kind"] for m in page.marks] == [e["kind"] for e in expected], case
        compared += len(got)
    assert compared > 100
