"""Index writes gathered into batches: an ingest of many files commits to the index every
`max_records` records or `max_seconds` seconds, and when it ends, instead of once per file.

A Whoosh commit costs about the same for one record as for hundreds (a new segment, a merge, the
posting arrays written), so a commit per file spent most of an ingest's time. The records are in the
archive (the source of truth) before they are added here; their ids are journaled in a queue file
(search/storage.py `Queue`) until they are indexed, so a batch cut short by a crash is finished by
the next index write (or `evidence check --repair`), and rerunning the ingest indexes them too.

The write lock is let go between the files of an ingest (and before its last write), so by the time a batch is written another
process (or thread) may have replaced, deleted or rewritten a record it holds: each upload of one
file name to `evidence serve --processes 2` replaces the record the other process has just added to
its batch. So a write takes each waiting id as the archive holds it then (`Store.stamp`): gone, it
is removed from the index; rewritten, it is read again; only an untouched record is indexed from the
batch's copy. (Indexing the batch's copy of a replaced record put it back in the index after the
process that replaced it had removed it: `evidence check` found it "in the search index but not in
the archive".)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from types import TracebackType

from archive import Record, RecordCorrupt, RecordNotFound, Store

from . import storage
from .index import SearchIndex

log = logging.getLogger(__name__)


class IndexBatch:
    """Records (and removed ids) waiting for one index write. Use as a context manager: leaving it
    writes what is left, so everything added is searchable when the `with` block ends."""

    def __init__(self, index: SearchIndex, max_records: int, max_seconds: float,
                 clock: Callable[[], float] = time.monotonic,
                 after_write: Callable[[list[Record], list[str]], None] | None = None) -> None:
        self.index = index
        self.after_write = after_write  # told what each write indexed (derived data kept in step)
        self.max_records = max(1, max_records)
        self.max_seconds = max_seconds
        self.clock = clock
        self.archive = Store(index.settings)
        self.records: dict[str, Record] = {}
        self.removed: set[str] = set()
        self.stamps: dict[str, tuple[int, int, int] | None] = {}  # each waiting id's file when it was added
        self.started: float | None = None  # when the oldest waiting change arrived
        self.writes = 0
        self._queue: storage.Queue | None = None

    def __enter__(self) -> IndexBatch:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.records) + len(self.removed)

    def add(self, records: Iterable[Record], removed_ids: Iterable[str] = ()) -> None:
        """Records written to the archive (and ids deleted from it) since the index was written;
        writes the batch when it is full or old enough."""
        records, removed = list(records), list(removed_ids)
        if not records and not removed:
            return
        if self._queue is None:
            self._queue = storage.Queue(self.index.root)
        self._queue.append([r.id for r in records] + removed)
        for record_id in removed:
            self.records.pop(record_id, None)
            self.removed.add(record_id)
        for record in records:
            self.removed.discard(record.id)
            self.records[record.id] = record
            self.stamps[record.id] = self.archive.stamp(record.id)
        if self.started is None:
            self.started = self.clock()
        if self.due():
            self.flush()

    def due(self) -> bool:
        return bool(self) and (len(self) >= self.max_records
                               or (self.started is not None and self.clock() - self.started >= self.max_seconds))

    def flush(self) -> None:
        """Write the waiting changes to the index (one commit) and empty the queue file."""
        if not self:
            return
        records, removed = self._as_archived()
        self.index.update(records, removed)
        if self.after_write is not None:
            self.after_write(records, removed)
        self.writes += 1
        log.info("index batch written: %d records, %d removed", len(records), len(removed))
        self.records, self.removed, self.stamps, self.started = {}, set(), {}, None
        if self._queue is not None:
            self._queue.clear()

    def _as_archived(self) -> tuple[list[Record], list[str]]:
        """The waiting records and removed ids as the archive holds them now (call under the write
        lock; see the module docstring)."""
        records: list[Record] = []
        removed: list[str] = []
        for record_id in sorted(self.records.keys() | self.removed):
            stamp = self.archive.stamp(record_id)
            if stamp is None:
                removed.append(record_id)
            elif record_id in self.records and stamp == self.stamps.get(record_id):
                records.append(self.records[record_id])
            else:  # rewritten, or stored again after this batch removed it
                try:
                    records.append(self.archive.get(record_id))
                except (RecordNotFound, RecordCorrupt) as exc:
                    log.warning("not indexing %s: %s", record_id, exc)
                    removed.append(record_id)
        return records, removed

    def close(self) -> None:
        """Write what is left and remove the queue file."""
        try:
            self.flush()
        finally:
            if self._queue is not None and not self:
                self._queue.close()
                self._queue = None
