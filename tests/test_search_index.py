"""Index life cycle: incremental indexing equals a rebuild (serial and parallel), atomic swaps,
damaged or outdated indexes rebuilt from the archive, interrupted writes finished."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from search_helpers import make_record, result_key, sample_records

from archive import Settings, Store
from search import SearchIndex, SearchQuery
from search import storage as index_storage

QUERIES = [
    ("captives", {}),
    ("Nagorno-Karabakh OR POWs", {}),
    ('"release of all prisoners"', {}),
    ("captives", {"topic": "pows-detainees"}),
    ("", {"doc_type": "report"}),
    ("release OR streets OR road OR captives", {"sort": "date"}),
]


def snapshot(index: SearchIndex) -> list:
    out = []
    for text, kw in QUERIES:
        result = index.search(SearchQuery(text, limit=100, **kw))
        assert result.error is None
        out.append((result_key(index, text, **kw), result.total, result.records, result.facets))
    return [out, sorted(index.record_ids()), index.timeline()]


def store_all(store: Store, records: list) -> None:
    for record in records:
        store.write(record)


def test_incremental_equals_rebuild_serial_and_parallel(settings: Settings, store: Store) -> None:
    records = sample_records()
    store_all(store, records)
    index = SearchIndex(settings)
    for record in records:  # one record at a time, as ingest does
        index.upsert([record])
    index.upsert([records[0]])  # re-indexing a record changes nothing
    incremental = snapshot(index)
    assert incremental[1] == sorted(r.id for r in records)

    stats = index.rebuild(store, procs=1)
    assert stats["records"] == len(records) and stats["procs"] == 1
    assert snapshot(index) == incremental

    stats = index.rebuild(store, procs=2)
    assert stats["procs"] == 2 and stats["records"] == len(records)
    assert snapshot(index) == incremental

    index.rebuild(records)  # from Record objects, not the store
    assert snapshot(index) == incremental


def test_rebuild_swaps_in_a_new_folder_and_removes_the_old(settings: Settings, store: Store) -> None:
    store_all(store, sample_records())
    index = SearchIndex(settings)
    index.rebuild(store)
    first = index_storage.current_dir(settings.index_dir)
    index.rebuild(store)
    second = index_storage.current_dir(settings.index_dir)
    assert first != second and second is not None and second.is_dir() and not first.exists()
    assert [p.name for p in settings.index_dir.iterdir() if p.is_dir()] == [second.name]


def test_deleting_the_index_folder_then_reading_rebuilds_it(settings: Settings, store: Store) -> None:
    records = sample_records()
    store_all(store, records)
    SearchIndex(settings).rebuild(store)
    before = snapshot(SearchIndex(settings))
    import shutil

    shutil.rmtree(settings.index_dir)
    assert snapshot(SearchIndex(settings)) == before


def _break_toc(path: Path) -> None:
    for toc in path.glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00torn")


def _drop_segments(path: Path) -> None:
    for seg in path.glob("MAIN_*.seg"):
        seg.unlink()


@pytest.mark.parametrize("damage", [_break_toc, _drop_segments])
def test_a_damaged_index_is_rebuilt_from_the_archive(settings: Settings, store: Store, damage) -> None:
    records = sample_records()
    store_all(store, records)
    SearchIndex(settings).rebuild(store)
    before = snapshot(SearchIndex(settings))
    live = index_storage.current_dir(settings.index_dir)
    assert live is not None
    damage(live)
    fresh = _fresh_process_view(settings)
    assert snapshot(fresh) == before
    assert index_storage.current_dir(settings.index_dir) != live


def _fresh_process_view(settings: Settings) -> SearchIndex:
    """A SearchIndex that does not reuse this process's cached searcher (as a new process would)."""
    from search import index as index_module

    index_module._HANDLES.clear()
    return SearchIndex(settings)


def test_an_index_built_with_another_schema_is_rebuilt(settings: Settings, store: Store) -> None:
    store_all(store, sample_records())
    SearchIndex(settings).rebuild(store)
    live = index_storage.current_dir(settings.index_dir)
    assert live is not None
    (live / index_storage.FINGERPRINT).write_text("an-older-schema")
    fresh = _fresh_process_view(settings)
    assert fresh.record_ids() == {r.id for r in sample_records()}
    new = index_storage.current_dir(settings.index_dir)
    assert new != live and (new / index_storage.FINGERPRINT).read_text() != "an-older-schema"


def test_an_interrupted_write_is_finished_from_the_archive(settings: Settings, store: Store) -> None:
    records = sample_records()
    store_all(store, records[:3])
    index = SearchIndex(settings)
    index.upsert(records[:3])
    # A writer stored records[3] and removed records[0], journaled both, and died before committing.
    store.write(records[3])
    store.delete(records[0].id)
    (settings.index_dir / index_storage.JOURNAL).write_text(
        json.dumps({"upsert": [records[3].id], "delete": [records[0].id]}))
    fresh = _fresh_process_view(settings)
    assert fresh.record_ids() == {records[1].id, records[2].id, records[3].id}
    assert not (settings.index_dir / index_storage.JOURNAL).exists()
    assert [h.record_id for h in fresh.search(SearchQuery("markup")).hits] == [records[3].id]


def test_an_unfinished_rebuild_leaves_the_live_index_alone(settings: Settings, store: Store) -> None:
    store_all(store, sample_records())
    index = SearchIndex(settings)
    index.rebuild(store)
    live = index_storage.current_dir(settings.index_dir)
    # What a rebuild killed half-way leaves: a generation folder CURRENT does not name.
    orphan = settings.index_dir / "ix-1-1"
    orphan.mkdir()
    (orphan / "MAIN_partial.seg").write_bytes(b"partial")
    fresh = _fresh_process_view(settings)
    assert fresh.record_ids() == {r.id for r in sample_records()}
    assert index_storage.current_dir(settings.index_dir) == live
    fresh.upsert([make_record("2021-01-01-new-ffffff", ["A new paragraph."])])
    assert not orphan.exists()  # the next writer (holding the lock) removes it
