"""Differential tests: our engine (search/engine: RebuildWriter, posting sidecars scored with numpy,
zero-copy segments, bitset filters and facets) against plain Whoosh on the same documents.

Hypothesis generates records (words from a small vocabulary, so queries match often; titles,
organizations, topics, dates, events), writes them as several segments (a full rebuild, then
updates that replace and delete records) and generates queries (words, phrases, AND / OR / NOT,
wildcards, fields, dates) with filters. The reference is a plain Whoosh index of the same
documents (Whoosh's own writer, its pickled Positions format, its FileStorage, its matchers and
collectors, BM25F with the same fixed average length): hits, order, scores and totals must agree
through each ranking path (posting sidecars; Whoosh's posting blocks when sidecars are missing;
each match scored by the matcher; Whoosh's top N under a bitmap filter), and so must the facet
counts and the timeline under every filter.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from search_helpers import make_record
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

from archive import Event, Record, load_settings
from search import QueryError, SearchIndex, SearchQuery
from search import index as index_module
from search.aliases import load_aliases
from search.documents import date_number, record_docs
from search.engine import AVERAGE_RECORD_TERMS, SIDECAR_SUFFIX
from search.query import check_date, filter_queries, parse_text
from search.schema import build_schema

# Few words, many of them in each paragraph: most queries match several records.
WORDS = ["prisoners", "prisoner", "war", "blockade", "road", "village", "villages", "aid", "the", "artsakh",
         "stepanakert", "khankendi", "church"]
TOPICS = ["pows-detainees", "blockade", "cultural-heritage"]
TYPES = ["press_release", "letter", "report"]
ORGS = [None, "Armenian National Committee of America", "Freedom House", "ANCA"]
DATES = [None, "2019", "2020-11", "2020-11-10", "2021-03-05", "2023-09-19", "2024-01-10"]
EXAMPLES = 25  # per ranking path: each example builds two small indexes and runs several queries

CHECKS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate),
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large])


# -- generated records ----------------------------------------------------------------------------

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=16).map(" ".join)


@st.composite
def records(draw: st.DrawFn, n: int, start: int = 0) -> list[Record]:
    out = []
    for i in range(start, start + n):
        paras = draw(st.lists(sentences, min_size=1, max_size=3))
        date = draw(st.sampled_from(DATES))
        events = [Event(date=d, precision="day", summary=f"event {k}", paragraph=min(k + 1, len(paras)))
                  for k, d in enumerate(draw(st.lists(st.sampled_from([x for x in DATES if x]), max_size=2)))]
        out.append(make_record(
            f"2024-01-01-rec{i:03d}-{i:06d}", paras, title=draw(sentences), date=date,
            doc_type=draw(st.sampled_from(TYPES)), topics=draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=2)),
            org=draw(st.sampled_from(ORGS)), events=events))
    return out


@st.composite
def archives(draw: st.DrawFn) -> list[tuple[list[Record], list[str]]]:
    """Writes: a full rebuild, then one or two updates (new records, replaced ones, deletions)."""
    first = draw(records(draw(st.integers(4, 14))))
    writes = [(first, [])]
    known = [r.id for r in first]
    start = len(first)
    for _ in range(draw(st.integers(1, 2))):
        new = draw(records(draw(st.integers(0, 5)), start))
        start += len(new)
        replaced = draw(st.lists(st.sampled_from(known), unique=True, max_size=2))
        redone = draw(records(len(replaced), 900 + start))
        redone = [make_record(rid, [p.text for p in r.paragraphs], title=r.title, date=r.date, doc_type=r.doc_type,
                              topics=r.topics, org=r.source.org, events=r.events) for rid, r in zip(replaced, redone, strict=True)]
        deleted = draw(st.lists(st.sampled_from([k for k in known if k not in replaced] or ["none"]),
                                unique=True, max_size=2))
        deleted = [d for d in deleted if d != "none"]
        writes.append((new + redone, deleted))
        known = [k for k in known if k not in deleted] + [r.id for r in new]
    return writes


# -- generated queries ----------------------------------------------------------------------------

word = st.sampled_from(WORDS)
leaf = st.one_of(
    word, word, word,  # single words most often, so that combinations still match
    st.tuples(word, word).map(lambda t: f'"{t[0]} {t[1]}"'),
    st.tuples(word, word, word).map(lambda t: f'"{" ".join(t)}"'),
    word.filter(lambda w: len(w) > 4).map(lambda w: w[:3] + "*"),
    word.map(lambda w: f"title:{w}"),
    st.sampled_from(["org:freedom", 'org:"national committee"', "org:anca", "date:2020", "date:>2021",
                     "topic:blockade", "type:letter"]),
)
texts = st.recursive(leaf, lambda inner: st.one_of(
    st.tuples(inner, inner).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} AND {t[1]})"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} OR {t[1]})"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} OR {t[1]})"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} NOT {t[1]})"),
), max_leaves=3)
filters = st.fixed_dictionaries({
    "topic": st.sampled_from([None, None, None, *TOPICS]),
    "doc_type": st.sampled_from([None, None, *TYPES]),
    "org": st.sampled_from([None, None, None, "Freedom House", "ANCA"]),
    "since": st.sampled_from([None, None, "2020", "2021-01-01"]),
    "until": st.sampled_from([None, None, "2023", "2021-06"]),
    "undated": st.sampled_from([False, False, False, True]),
})
searches = st.lists(st.tuples(st.one_of(texts, st.just("")), filters, st.sampled_from(["relevance", "relevance", "date"])),
                    min_size=1, max_size=6)


# -- the reference: plain Whoosh --------------------------------------------------------------------

class FixedLengthBM25F(BM25F):
    """Whoosh's own BM25F scorer, with the fixed average record length our ranking uses."""

    def scorer(self, searcher, fieldname, text, qf=1):  # type: ignore[no-untyped-def]
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        scorer = BM25FScorer(searcher, fieldname, text, self._field_B.get(fieldname, self.B), self.K1, qf=qf)
        scorer.avgfl = AVERAGE_RECORD_TERMS
        return scorer


def plain_schema():  # type: ignore[no-untyped-def]
    schema = build_schema()
    for name in ("text", "title"):
        schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    return schema


def plain_index(folder: Path, writes: list[tuple[list[Record], list[str]]]):  # type: ignore[no-untyped-def]
    ix = FileStorage(str(folder)).create().create_index(plain_schema())
    for records_, deleted in writes:
        writer = ix.writer()
        for rid in deleted:
            writer.delete_by_term("rid", rid)
        for record in records_:
            writer.delete_by_term("rid", record.id)
            for doc in record_docs(record):
                writer.add_document(**doc)
        writer.commit()
    return ix


@contextmanager
def both(writes: list[tuple[list[Record], list[str]]], path: str) -> Iterator[tuple[SearchIndex, object]]:
    """Our index of `writes` (a rebuild, then updates) and plain Whoosh's searcher of the same."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        ours = SearchIndex(load_settings(data))
        first, _ = writes[0]
        ours.rebuild(first, procs=1)
        for records_, deleted in writes[1:]:
            ours.update(records_, deleted)
        if path == "postings":  # no sidecars: the fast path reads Whoosh's posting blocks
            for sidecar in data.glob(f"index/*/*{SIDECAR_SUFFIX}"):
                sidecar.unlink()
        ix = plain_index(Path(tmp) / "plain", writes)
        with ix.searcher(weighting=FixedLengthBM25F()) as searcher:
            try:
                yield ours, searcher
            finally:
                with index_module._HANDLES_LOCK:
                    opened = index_module._HANDLES.pop(str(ours.root.resolve()), None)
                if opened is not None:
                    opened.retire()


def live_records(writes: list[tuple[list[Record], list[str]]]) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for records_, deleted in writes:
        for rid in deleted:
            out.pop(rid, None)
        out.update({r.id: r for r in records_})
    return out


def reference_matches(searcher, settings_, q: SearchQuery) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """{record id: score} of every live record matching `q`, by plain Whoosh."""
    aliases = load_aliases(settings_)
    lo = check_date("since", q.since, end=False)
    hi = check_date("until", q.until, end=True)
    parts = [wq.Term("kind", "r"), *(fq for _, fq in filter_queries(q, lo, hi, aliases))]
    allowed = wq.And(parts)
    if not q.text:
        return {searcher.stored_fields(d)["rid"]: 0.0 for d in searcher.docs_for_query(allowed)}
    main = index_module._only_records(parse_text(q.text, aliases))
    found = searcher.search(main, limit=None, filter=allowed)
    return {hit["rid"]: hit.score for hit in found}


def reference_facets(records_: list[Record]) -> dict[str, list[dict[str, object]]]:
    per: dict[str, Counter[str]] = {"topic": Counter(), "doc_type": Counter(), "org": Counter(), "year": Counter()}
    for r in records_:
        per["topic"].update(r.topics)
        per["doc_type"][r.doc_type or "other"] += 1
        if r.source.org:
            per["org"][r.source.org] += 1
        if date_number(r.date):
            per["year"][(r.date or "")[:4]] += 1
    out = {}
    for name, counts in per.items():
        items = sorted(counts.items(), reverse=True) if name == "year" else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = [{"value": v, "count": n} for v, n in items]
    return out


def records_of(result) -> list[tuple[str, float | None]]:  # type: ignore[no-untyped-def]
    seen: dict[str, float | None] = {}
    for hit in result.hits:
        seen.setdefault(hit.record_id, hit.score)
    return list(seen.items())


def check_order(got: list[str], scores: dict[str, float], expected: list[str]) -> None:
    """`got` is `expected` (score descending, then record id), but for scores within float noise."""
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert a == b or abs(scores[a] - scores[b]) < 1e-9, (got, expected, scores)


# -- the tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["sidecars", "postings", "topn"])
@CHECKS
@given(writes=archives(), asked=searches)
def test_search_matches_plain_whoosh(path: str, writes: list, asked: list, monkeypatch: pytest.MonkeyPatch) -> None:
    if path == "topn":  # no query is "few" any more: Whoosh's top N under our bitmap filter ranks them
        monkeypatch.setattr(index_module, "_SCORE_EACH_MAX", 0)
    live = live_records(writes)
    with both(writes, path) as (ours, searcher):
        for text, chosen, sort in asked:
            q = SearchQuery(text, sort=sort, limit=3, **chosen)
            pages = [ours.search(SearchQuery(text, sort=sort, limit=3, page=p, **chosen)) for p in (1, 2)]
            try:
                expected = reference_matches(searcher, ours.settings, q) if text or q.has_filters else {}
            except QueryError as exc:  # e.g. only stop words: the same message, no hits
                assert [r.error for r in pages] == [str(exc)] * 2 and not pages[0].hits
                continue
            for result in pages:
                assert result.error is None, (text, result.error)
                assert result.total == len(expected), (text, chosen)
            got = records_of(pages[0]) + records_of(pages[1])
            if sort == "date" or not text:
                order = sorted(expected, key=lambda rid: (-date_number(live[rid].date), rid))
            else:
                order = sorted(expected, key=lambda rid: (-round(expected[rid], 9), rid))
            check_order([rid for rid, _ in got], expected, order[:6])
            for rid, score in got:
                if sort == "date" or not text:
                    assert score is None
                else:
                    assert score == pytest.approx(expected[rid], abs=1.1e-4), (text, rid)
            asked_anything = bool(text or q.has_filters)  # else no search runs, and no facets are counted
            facets = reference_facets([live[rid] for rid in expected]) if asked_anything else {}
            assert pages[0].facets == facets, (text, chosen)


@CHECKS
@given(writes=archives(), asked=st.lists(filters, min_size=1, max_size=5))
def test_facets_and_timeline_match_plain_whoosh(writes: list, asked: list) -> None:
    live = live_records(writes)
    with both(writes, "sidecars") as (ours, searcher):
        for chosen in asked:
            plain = {k: v for k, v in chosen.items() if k != "undated"}  # facets() takes no undated filter
            matched = reference_matches(searcher, ours.settings, SearchQuery("", **plain))
            assert ours.facets(**plain) == reference_facets([live[rid] for rid in matched]), chosen
            topic, doc_type, since, until = chosen["topic"], chosen["doc_type"], chosen["since"], chosen["until"]
            lo = check_date("since", since, end=False) or 1
            hi = check_date("until", until, end=True) or 99991231
            parts = [wq.Or([wq.Term("kind", "e"), wq.Term("kind", "d")]), wq.NumericRange("t_date", lo, hi)]
            if topic:
                parts.append(wq.Term("t_topic", topic))
            if doc_type:
                parts.append(wq.Term("t_type", doc_type))
            docs = list(searcher.docs_for_query(wq.And(parts)))
            stored = {d: searcher.stored_fields(d) for d in docs}
            docs.sort(key=lambda d: (date_number(stored[d]["t_data"]["date"]), stored[d]["rid"], d))
            expected = [stored[d]["t_data"] for d in docs]
            assert ours.timeline(topic=topic, doc_type=doc_type, since=since, until=until) == expected
            page = ours.timeline_page(topic=topic, doc_type=doc_type, since=since, until=until, start=1, stop=4)
            assert page.total == len(expected) and page.entries == expected[1:4]
