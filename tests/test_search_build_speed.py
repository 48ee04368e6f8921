"""The rebuild's own segment writer and the text fields' positions format: a rebuild answers every
kind of query exactly as an incrementally built index does, however many segments it writes, and
the writer writes the same segment files as Whoosh's own writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from search_helpers import make_record, sample_records
from whoosh.filedb.filestore import FileStorage

from archive import Record, Settings, Store
from search import SearchIndex, SearchQuery
from search import storage as index_storage
from search.analysis import PARAGRAPH_GAP, text_analyzer
from search.build import build, commit_segments
from search.documents import record_docs
from search.engine import (
    ArrayPositions,
    RebuildWriter,
    decode_positions,
    encode_positions,
    positions_of,
    text_positions,
)
from search.schema import build_schema

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("captives", {}),
    ("detention captives", {}),
    ("release OR streets OR road OR captives", {}),
    ('"release of all prisoners"', {}),
    ('"mentions the detention"', {}),
    ('"detention of captives"', {"doc_type": "action_alert"}),
    ('"closing words opening"', {}),  # the end of one paragraph and the start of the next
    ('"closing words"', {}),
    ('"needle haystack"', {}),  # past word position 65,535
    ("needle", {"topic": "torture-abuse"}),
    ("captives", {"topic": "pows-detainees"}),
    ("captives NOT markup", {"since": "2020"}),
    ("", {"doc_type": "report"}),
    ("", {"org": "U.S. Department of State"}),
    ("release OR streets OR road OR captives", {"sort": "date"}),
    ("Ärzte OR résumé", {}),
]


def records() -> list[Record]:
    extra = [
        make_record("2021-02-03-gap-ffffff", [
            "These are the closing words",
            "opening the next paragraph, which mentions captives once.",
        ], date="2021-02-03", topics=["pows-detainees"], doc_type="report"),
        make_record("2021-04-05-accents-gggggg", [
            "Die Ärzte sprachen über ein résumé der captives.",
            " ".join(["captives detention"] * 40),
        ], date="2021-04-05", org="U.S. Department of State"),
        make_record("2019-09-09-long-hhhhhh", [
            "filler " * 66_000 + "needle haystack",
            "needle in a short paragraph",
        ], date="2019-09-09", topics=["torture-abuse"]),
    ]
    return sample_records() + extra


def answers(index: SearchIndex) -> list[Any]:
    out: list[Any] = []
    for text, kw in QUERIES:
        result = index.search(SearchQuery(text, limit=100, **kw))
        assert result.error is None, result.error
        out.append((text, kw, result.hits, result.total, result.records, result.facets, result.more))
    return [out, sorted(index.record_ids()), index.timeline()]


@pytest.fixture
def archive(settings: Settings, store: Store) -> list[Any]:
    """The records, each written to the archive and then indexed, as ingest does (so the index has
    no deleted documents, which would count in the ranking statistics), and the answers of that
    incrementally built index."""
    recs = records()
    index = SearchIndex(settings)
    for record in recs:
        store.write(record)
        index.upsert([record])
    return [recs, answers(index)]


@pytest.fixture
def incremental(archive: list[Any]) -> list[Any]:
    return archive[1]


def test_rebuild_answers_term_phrase_and_filtered_queries_like_incremental(
        settings: Settings, store: Store, incremental: list[Any]) -> None:
    by_query = {q: r for q, _, *r in incremental[0]}
    assert by_query['"closing words opening"'][0] == []  # no phrase across paragraphs
    assert [h.record_id for h in by_query['"closing words"'][0]] == ["2021-02-03-gap-ffffff"]
    assert [(h.record_id, h.paragraph) for h in by_query['"needle haystack"'][0]] == [
        ("2019-09-09-long-hhhhhh", 1)]
    assert by_query['"release of all prisoners"'][0]
    for procs in (1, 2):
        index = SearchIndex(settings)
        stats = index.rebuild(store, procs=procs)
        assert stats["procs"] == procs and stats["segments"] == procs
        assert answers(index) == incremental


def test_workers_spilling_runs_build_a_complete_index(
        settings: Settings, store: Store, archive: list[Any], incremental: list[Any]) -> None:
    tiny = settings.replace(search_build_limit_mb=0)  # a run spilled after every document
    index = SearchIndex(tiny)
    stats = index.rebuild(store, procs=2)
    assert stats["segments"] == 2 and stats["records"] == len(archive[0])
    assert answers(index) == incremental
    path = index_storage.current_dir(settings.index_dir)
    assert path is not None
    assert [p.name for p in path.iterdir() if p.is_dir()] == []  # no temporary folder or runs left


def _segment_files(path: Path) -> dict[str, bytes]:
    ix = FileStorage(str(path)).open_index(index_storage.INDEX_NAME)
    (segment,) = ix._segments()
    files = segment.open_compound_file(ix.storage)
    prefix = len(segment.segment_id())
    return {name[prefix:]: files.open_file(name).read() for name in files.list()}


def whoosh_segment(path: Path, docs: list[dict[str, Any]]) -> dict[str, bytes]:
    """The files of the segment Whoosh's own writer writes for `docs`."""
    path = index_storage.create_index(path)
    writer = FileStorage(str(path)).open_index(index_storage.INDEX_NAME).writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(optimize=False)
    return _segment_files(path)


def our_segment(path: Path, docs: list[dict[str, Any]], limitmb: int) -> tuple[dict[str, bytes], int]:
    """The files of the segment RebuildWriter writes for `docs`, and the runs it spilled."""
    path = index_storage.create_index(path)
    writer = RebuildWriter(FileStorage(str(path)).open_index(index_storage.INDEX_NAME), _lk=False, limitmb=limitmb)
    for doc in docs:
        writer.add_document(**doc)
    runs = len(writer.runs)
    commit_segments(path, [writer._finalize_segment()])
    return _segment_files(path), runs


def docs_of(recs: list[Record]) -> list[dict[str, Any]]:
    return [doc for record in recs for doc in record_docs(record)]


def many_records() -> list[Record]:
    """More records with a word than a posting block holds (128), words repeated in some."""
    return [make_record(f"2020-01-{i % 28 + 1:02d}-many-{i:06d}", [f"captives word{i % 7} " * (i % 5 + 1)],
                        topics=["pows-detainees"] if i % 3 else []) for i in range(300)]


@pytest.mark.parametrize("recs", [records, many_records])
def test_rebuild_writer_writes_what_whoosh_writes(tmp_path: Path, recs: Any) -> None:
    docs = docs_of(recs())
    theirs = whoosh_segment(tmp_path / "whoosh", docs)
    assert {".pst", ".trm", "._stored.col", "._text_len.col"} <= set(theirs)
    ours, runs = our_segment(tmp_path / "memory", docs, 128)
    assert runs == 0 and ours == theirs
    spilled, runs = our_segment(tmp_path / "runs", docs, 0)  # a run after every document
    assert runs == len(docs) and spilled == theirs


def test_build_writes_what_whoosh_writes(tmp_path: Path) -> None:
    recs = records()
    path = index_storage.create_index(tmp_path / "ours")
    build(path, [r.to_dict() for r in recs], 1, 128)
    assert _segment_files(path) == whoosh_segment(tmp_path / "whoosh", docs_of(recs))


def test_rebuild_writer_refuses_merging_other_segments(tmp_path: Path) -> None:
    path = index_storage.create_index(tmp_path / "ix")
    ix = FileStorage(str(path)).open_index(index_storage.INDEX_NAME)
    writer = RebuildWriter(ix, _lk=False)
    with pytest.raises(NotImplementedError):
        writer.add_reader(ix.reader())
    writer.cancel()


@pytest.mark.parametrize("positions", [[0], [3, 17, 400], [5, 65535], [1, 65535, 65536, 2**31]])
def test_array_positions_round_trip(positions: list[int]) -> None:
    fmt = ArrayPositions()
    encoded = encode_positions(positions)
    assert decode_positions(encoded) == positions
    assert fmt.decode_positions(encoded) == positions
    assert fmt.decode_frequency(encoded) == len(positions)
    assert fmt.decode_weight(encoded) == float(len(positions))
    assert fmt.decode_position_boosts(encoded) == [(p, 1) for p in positions]
    assert fmt.decode_positions(fmt.combine([encoded, encode_positions([2])])) == sorted({*positions, 2})


TEXTS = [
    "The U.S. Department of State said 502B applies.",
    "Die Ärzte: résumé, RÉSUMÉ and resume; naïve café.",
    "first paragraph ends here\x1esecond one\x1e\x1ethird after two breaks",
    "the of and a an",  # only stop words
    "",
    "\x1e",
    "x y z 1 22 a_b __init__ 3.14 e.g. i.e",
    "captives " * 300,
]


@pytest.mark.parametrize("value", TEXTS)
def test_text_positions_match_the_text_analyzer(value: str) -> None:
    analyzer = text_analyzer()
    expected: dict[str, list[int]] = {}
    for token in analyzer(value, positions=True, mode="index"):
        expected.setdefault(token.text, []).append(token.pos)
    got = text_positions(value)
    assert got == expected and list(got) == list(expected)
    assert positions_of(value, analyzer, mode="index") == expected


def test_paragraph_break_leaves_a_gap() -> None:
    got = text_positions("alpha beta\x1egamma")
    assert got["gamma"][0] - got["beta"][0] == PARAGRAPH_GAP + 1


def test_text_fields_use_array_positions() -> None:
    schema = build_schema()
    assert isinstance(schema["text"].format, ArrayPositions)
    assert isinstance(schema["title"].format, ArrayPositions)
    assert type(schema["org"].format) is not ArrayPositions
