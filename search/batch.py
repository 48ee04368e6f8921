"""Index writes gathered into batches: an ingest of many files commits to the index every
`max_records` records or `max_seconds` seconds, and when it ends, instead of once per file.

A Whoosh commit costs about the same for one record as for hundreds (a new segment, a merge, the
posting arrays written), so a commit per file spent most of an ingest's time. The records are in the
archive (the source of truth) before they are added here; their ids are journaled in a queue file
(search/storage.py `Queue`) until they are indexed, so a batch cut short by a crash is finished by
the next index write (or `evidence check --repair`), and rerunning the ingest indexes them too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from types import TracebackType

from archive import Record

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
        self.records: dict[str, Record] = {}
        self.removed: set[str] = set()
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
        records, removed = list(self.records.values()), sorted(self.removed)
        self.index.update(records, removed)
        if self.after_write is not None:
            self.after_write(records, removed)
        self.writes += 1
        log.info("index batch written: %d records, %d removed", len(records), len(removed))
        self.records, self.removed, self.started = {}, set(), None
        if self._queue is not None:
            self._queue.clear()

    def close(self) -> None:
        """Write what is left and remove the queue file."""
        try:
            self.flush()
        finally:
            if self._queue is not None and not self:
                self._queue.close()
                self._queue = None
