"""Index segments built apart (search.SegmentBatch, build_segment): what a bulk import's readers build
and its writer only lists must answer exactly as the index the writer writes itself, and keep the
archive's rules (a record replaced or rewritten meanwhile is indexed as the archive holds it; a build
that fails is indexed by the writer; nothing is indexed twice)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_reliability_batch import FILES, _stored

import search
from archive import Store, dump_record, load_settings
from webapp.bulk import Built
from webapp.jobs import write_lock

QUERIES = ["human rights", "sanctions", "\"State Department\"", "refugees OR asylum", "letter", "genocide",
           "title:report", "water"]


def _built_here(limitmb: int = 64):
    return lambda blobs: Built(search.build_segment(blobs, limitmb))


def _answers(settings) -> list[dict]:
    index = search.SearchIndex(settings)
    out = [index.search(search.SearchQuery(q, limit=50)).to_dict() for q in QUERIES]
    out.append(index.facets())
    out.append(index.timeline())
    return out


def _segment_batch(settings, max_records: int, submit=None, held=None) -> search.SegmentBatch:
    return search.SegmentBatch(search.SearchIndex(settings), max_records, submit or _built_here(),
                               lambda: write_lock(settings), held=held)


def test_segments_built_apart_answer_as_the_writers_own_index(tmp_path: Path) -> None:
    own, apart = load_settings(tmp_path / "own"), load_settings(tmp_path / "apart")
    records = _stored(own, FILES)
    assert len(records) >= 10
    _stored(apart, FILES)
    with search.IndexBatch(search.SearchIndex(own), max_records=4, max_seconds=3600) as batch:
        for record in records:
            batch.add([record])
    store = Store(apart)
    with _segment_batch(apart, max_records=4) as segments:
        for record in records:
            segments.add(record.id, store.path_for(record.id).read_bytes())
        segments.poll()
    assert segments.listed == -(-len(records) // 4)
    assert search.SearchIndex(apart).record_ids() == {r.id for r in records}
    assert search.SearchIndex(apart).doc_count() == search.SearchIndex(own).doc_count()
    answers = _answers(apart)
    assert answers == _answers(own)
    assert sum(a["total"] for a in answers[: len(QUERIES)]) > 0  # the queries find something
    assert not list(apart.index_dir.glob("QUEUED-*"))  # the journal goes when every segment is listed


def test_replaced_rewritten_and_already_indexed_records_follow_the_archive(settings) -> None:
    records = _stored(settings, FILES[:6])
    store = Store(settings)
    search.SearchIndex(settings).upsert(records[:2])  # held by the index already
    gone = records[5]
    search.SearchIndex(settings).upsert([gone])
    store.delete(gone.id)
    with _segment_batch(settings, max_records=100, held={r.id for r in records[:2]} | {gone.id}) as segments:
        for record in records[:5]:
            segments.add(record.id, dump_record(record))
        segments.remove([gone.id])
        rewritten = store.get(records[3].id)
        rewritten.title = "A title an editor gave while the import ran"
        store.write(rewritten)
    index = search.SearchIndex(settings)
    assert index.record_ids() == {r.id for r in records[:5]}
    assert index.doc_count() == sum(1 for _ in _docs(records[:5]))  # nothing indexed twice
    found = index.search(search.SearchQuery("title:editor")).to_dict()
    assert [(h["record_id"], h["title"]) for h in found["hits"]][:1] == [(records[3].id, rewritten.title)]


def _docs(records):
    from search.documents import record_docs

    for record in records:
        yield from record_docs(record)


class _Lost:
    def done(self) -> bool:
        return True

    def result(self):
        raise OSError("the worker building it was lost")


def test_a_build_that_failed_is_indexed_by_the_writer(settings, caplog: pytest.LogCaptureFixture) -> None:
    records = _stored(settings, FILES[:5])
    with _segment_batch(settings, max_records=2, submit=lambda blobs: _Lost()) as segments:
        for record in records:
            segments.add(record.id, dump_record(record))
    assert search.SearchIndex(settings).record_ids() == {r.id for r in records}
    assert "not built apart" in caplog.text
    assert segments.listed == 0
