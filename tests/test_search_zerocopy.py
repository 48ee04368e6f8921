"""Index segments are read in place (no heap copy of each part), and reading them that way gives
the same bytes as Whoosh's own BytesIO-based reads."""

from __future__ import annotations

import io
import os
import pickle
import random

from search_helpers import rebuilt_sample_index

from archive import Settings, Store
from search import SearchQuery
from search.engine import ViewBufferFile
from search.engine.zerocopy import _ViewReader


def test_view_reader_reads_like_bytesio() -> None:
    rng = random.Random(5)
    data = bytes(rng.randrange(256) for _ in range(5000)) + b"line one\nline two\n" + pickle.dumps({"a": [1, 2]})
    ours, theirs = _ViewReader(memoryview(data)), io.BytesIO(data)
    for _ in range(300):
        op = rng.choice(["read", "seek", "readline"])
        if op == "read":
            n = rng.choice([-1, 0, 1, 4, 100, 7000])
            assert ours.read(n) == theirs.read(n)
        elif op == "seek":
            pos, whence = rng.randrange(-50, 6000), rng.choice([os.SEEK_SET, os.SEEK_CUR, os.SEEK_END])
            if whence == os.SEEK_SET:
                pos = abs(pos)
            if theirs.tell() + (pos if whence == os.SEEK_CUR else 0) < 0 or (whence == os.SEEK_END and len(data) + pos < 0):
                continue
            assert ours.seek(pos, whence) == theirs.seek(pos, whence)
        else:
            assert ours.readline() == theirs.readline()
        assert ours.tell() == theirs.tell()
    start = len(data) - len(pickle.dumps({"a": [1, 2]}))
    ours.seek(start)
    assert pickle.load(ours) == {"a": [1, 2]}  # type: ignore[arg-type]


def test_an_opened_index_reads_its_segments_in_place(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    result = index.search(SearchQuery("captives"))
    assert result.records == 2 and result.hits
    searcher = index._handle().searcher
    opened = []
    for segreader, _ in searcher.reader().leaf_readers():
        # A compound segment is read through an OverlayStorage: its parts (`a`) over the index
        # folder (`b`). Open every part of the segment itself, not whatever the overlay lists first.
        parts = segreader._storage.a
        opened.extend(parts.open_file(name) for name in sorted(parts.list()))
    try:
        assert opened and all(isinstance(p, ViewBufferFile) and isinstance(p.file, _ViewReader) for p in opened)
    finally:
        for part in opened:
            part.close()
