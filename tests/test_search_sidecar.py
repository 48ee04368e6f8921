"""The posting arrays written beside each segment: equal to Whoosh's postings, written by rebuilds
and by incremental writes, removed with their segment, and ignored (with a warning) when damaged."""

from __future__ import annotations

import logging

import pytest
from search_helpers import rebuilt_sample_index, sample_records

from archive import Settings, Store
from search import SearchIndex, SearchQuery
from search.engine import sidecar


def test_arrays_equal_whoosh_postings(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    handle = index._handle()
    compared = 0
    for sub, _ in handle.searcher.leaf_searchers():
        side = handle.sidecar_of(sub)
        assert side is not None
        reader = sub.reader()
        for fieldname in sidecar.FIELDS:
            decode = sub.schema[fieldname].format.decode_positions
            for term in reader.lexicon(fieldname):
                ids, weights = side.postings(fieldname, term)
                positions = side.positions(fieldname, term)
                matcher = reader.postings(fieldname, term)
                expected_ids, expected_weights, expected_positions = [], [], []
                while matcher.is_active():
                    expected_ids.append(matcher.id())
                    expected_weights.append(matcher.weight())
                    expected_positions.extend(decode(matcher.value()))
                    matcher.next()
                assert ids.tolist() == expected_ids, (fieldname, term)
                assert weights.tolist() == expected_weights, (fieldname, term)
                assert positions is not None and positions.tolist() == expected_positions, (fieldname, term)
                compared += len(expected_ids)
        assert side.postings("text", b"zzznotaword")[0].size == 0
    assert compared > 50


def test_incremental_writes_add_arrays_and_merges_remove_them(settings: Settings, store: Store) -> None:
    index = SearchIndex(settings)
    for record in sample_records():  # a segment per write, merged now and then
        store.write(record)
        index.upsert([record])
    handle = index._handle()
    segments = {seg.segment_id() for seg in handle.ix._segments()}
    files = {p.name.removesuffix(sidecar.SUFFIX) for p in handle.path.glob("*" + sidecar.SUFFIX)}
    assert files == segments
    assert handle.all_sidecars()


def test_a_damaged_file_is_ignored_with_a_warning(settings: Settings, store: Store,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    index = rebuilt_sample_index(settings, store)
    expected = index.search(SearchQuery('"prisoners of war" OR captives')).to_dict()
    handle = index._handle()
    paths = list(handle.path.glob("*" + sidecar.SUFFIX))
    assert paths
    for path in paths:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # torn
    handle.sidecars.clear()
    with caplog.at_level(logging.WARNING, logger="search.sidecar"):
        got = index.search(SearchQuery('"prisoners of war" OR captives')).to_dict()
    assert got == expected and got["total"] > 0
    assert any("truncated" in r.getMessage() and paths[0].name in r.getMessage() for r in caplog.records)
    assert not handle.all_sidecars()


def test_an_interrupted_write_leaves_no_file_in_use(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    handle = index._handle()
    segment = next(iter(handle.ix._segments()))
    path = sidecar.sidecar_path(handle.path, segment.segment_id())
    path.unlink()
    path.with_name(path.name + ".tmp").write_bytes(b"half a file")  # a writer killed mid-way
    handle.sidecars.clear()
    assert not handle.all_sidecars()  # the temporary file is never read
    written = sidecar.complete(handle.path, handle.ix)
    assert written == [segment.segment_id()] and path.exists()
    handle.sidecars.clear()
    assert handle.all_sidecars()


def test_a_rebuild_writes_the_arrays_from_memory_as_reading_the_segment_back_would(
        settings: Settings, store: Store, tmp_path) -> None:
    """The rebuild's writer fills the arrays as it writes the postings (no second pass over the
    segment): the file holds what reading the finished segment back gives, term for term."""
    from archive import load_record_bytes
    from search import storage
    from search.documents import record_docs
    from search.engine import RebuildWriter, ZeroCopyStorage

    records = [load_record_bytes(dump) for dump in
               (store.path_for(r.id).read_bytes() for r in _stored(store, sample_records()))]
    path = storage.create_index(tmp_path / "index")
    ix = ZeroCopyStorage(str(path)).open_index(storage.INDEX_NAME)
    writer = RebuildWriter(ix, _lk=False, limitmb=1, sidecar=True)
    for record in records:
        for doc in record_docs(record):
            writer.add_document(**doc)
    segment = writer.finish()
    assert writer.sidecar_written
    from_memory = sidecar.sidecar_path(path, segment.segment_id())
    kept = from_memory.read_bytes()
    from_memory.unlink()
    sidecar.write_sidecar(path, segment, ix.schema)  # read back from the segment
    docs = writer.docnum
    ours = sidecar.Sidecar(_write(tmp_path / "ours.evpost", kept), segment.segment_id(), docs)
    theirs = sidecar.Sidecar(from_memory, segment.segment_id(), docs)
    assert ours.fields == theirs.fields and set(ours._terms) == set(theirs._terms)
    assert len(ours._terms) > 50
    for key in theirs._terms:
        assert [a.tolist() for a in ours.postings(*key)] == [a.tolist() for a in theirs.postings(*key)], key
        mine, read_back = ours.positions(*key), theirs.positions(*key)
        assert (mine is None and read_back is None) or mine.tolist() == read_back.tolist(), key
    assert ours._pos.dtype == theirs._pos.dtype


def _stored(store: Store, records: list) -> list:
    for record in records:
        store.write(record)
    return records


def _write(path, data: bytes):
    path.write_bytes(data)
    return path
