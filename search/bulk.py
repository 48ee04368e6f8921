"""Index segments built apart, for bulk imports: the analysis and the segment writing of a few
thousand records run wherever the caller sends them (a Dask worker, another process), and the one
writer only puts the finished files into the index's folder and lists them.

Writing the index in the writer (`IndexBatch`: Whoosh's writer, its merges and the posting sidecar)
costs about as much CPU per record as reading the record did, so a bulk import's single writer kept
only about one reader busy. Here the writer's share per record is a few file writes.

- ``build_segment(records, limitmb) -> BuiltSegment | None`` runs anywhere (it needs only this
  package): the records (each a record file's bytes) written as one segment, with its posting
  sidecar, by the rebuild's writer in a temporary folder, and returned as the files' bytes.
- ``SegmentBatch(index, max_records, submit, lock)``: the writer's side. ``.add(record_id, data)``
  for each record stored (its id is journaled, as `IndexBatch` journals, until a listed segment holds
  it); every `max_records` records a build is handed to `submit`; finished builds are listed by
  ``.poll()`` and, at the end, by ``.close()``, which waits for every build. A build that failed
  (its worker lost, the cluster gone) is not lost: its records are indexed by the writer itself.

Each listing is one table-of-contents commit under the index's write lock (held with `lock`, the
archive's write lock, so a record another process rewrote meanwhile is noticed: it is indexed as the
archive holds it then, exactly as `IndexBatch` does). Segments are not merged: an import of 100,000
records in segments of 5,000 leaves 20 of them (a rebuild leaves one per process).
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from archive import RecordCorrupt, RecordNotFound, Store

from . import storage
from .build import _write_segment
from .index import SearchIndex

log = logging.getLogger(__name__)


@dataclass
class BuiltSegment:
    """A segment written apart: the Whoosh segment (as its table of contents lists it) and its files."""

    segment: Any
    files: dict[str, bytes]
    records: int = 0
    skipped: list[str] = field(default_factory=list)


def build_segment(records: list[bytes], limitmb: int) -> BuiltSegment | None:
    """The records (record files' bytes) as one segment with its posting sidecar; None when none of
    them has a document. Runs in any process: nothing of the data folder is touched."""
    with tempfile.TemporaryDirectory(prefix="evidence-segment-") as tmp:
        path = storage.create_index(Path(tmp))
        segments, count, _docs, skipped, _dense = _write_segment(str(path), list(records), limitmb)
        if not segments:
            return None
        segment = segments[0]
        prefix = segment.segment_id()
        files = {f.name: f.read_bytes() for f in path.iterdir() if f.is_file() and f.name.startswith(prefix)}
        return BuiltSegment(segment, files, count, skipped)


class Pending(Protocol):
    """A build handed out: done yet, and its result (raises what the build raised)."""

    def done(self) -> bool: ...

    def result(self) -> BuiltSegment | None: ...


@dataclass
class _Build:
    pending: Pending
    ids: list[str]
    stamps: dict[str, tuple[int, int, int] | None]


class SegmentBatch:
    """The writer's side of segments built apart (see the module docstring)."""

    def __init__(self, index: SearchIndex, max_records: int, submit: Callable[[list[bytes]], Pending],
                 lock: Callable[[], contextlib.AbstractContextManager[Any]], held: set[str] | None = None) -> None:
        self.index = index
        self.max_records = max(1, max_records)
        self.submit = submit
        self.lock = lock  # the archive's write lock
        self.held = set(held or ())  # ids the index holds (their old documents are deleted when listed)
        self.archive = Store(index.settings)
        self.waiting: list[tuple[str, bytes]] = []
        self.stamps: dict[str, tuple[int, int, int] | None] = {}
        self.removed: list[str] = []
        self.builds: list[_Build] = []
        self.listed = 0  # segments listed
        self.added: set[str] = set()  # every id added (waiting, being built or listed)
        self._queue: storage.Queue | None = None

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.added or record_id in self.held

    def __enter__(self) -> SegmentBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, record_id: str, data: bytes, removed_ids: tuple[str, ...] | list[str] = ()) -> None:
        """A record just stored (`data`: its file's bytes), and ids it replaced; call under the
        archive's write lock, right after storing it."""
        if self._queue is None:
            self._queue = storage.Queue(self.index.root)
        if record_id in self.added:
            return
        self.added.add(record_id)
        self._queue.append([record_id])
        self.remove([i for i in removed_ids if i != record_id])
        self.waiting.append((record_id, data))
        self.stamps[record_id] = self.archive.stamp(record_id)
        if len(self.waiting) >= self.max_records:
            self._hand_out()

    def remove(self, record_ids: tuple[str, ...] | list[str]) -> None:
        """Ids removed from the archive (older versions a save replaced): deleted with the next listing."""
        if record_ids:
            if self._queue is None:
                self._queue = storage.Queue(self.index.root)
            self._queue.append(list(record_ids))
            self.removed += list(record_ids)

    def _hand_out(self) -> None:
        if not self.waiting:
            return
        ids = [record_id for record_id, _ in self.waiting]
        pending = self.submit([data for _, data in self.waiting])
        self.builds.append(_Build(pending, ids, {i: self.stamps.pop(i, None) for i in ids}))
        self.waiting = []

    def poll(self) -> None:
        """List the builds that have finished (without waiting for the others)."""
        for build in [b for b in self.builds if b.pending.done()]:
            self._list(build)

    def close(self) -> None:
        """Hand out what is waiting, wait for every build and list it; the journal goes when all are."""
        try:
            self._hand_out()
            while self.builds:
                self._list(self.builds[0])
            if self.removed:
                with self.lock():
                    self.index.update([], self._gone(self.removed))
                self.removed = []
        finally:
            if self._queue is not None and not self.builds and not self.waiting:
                self._queue.close()
                self._queue = None

    def _list(self, build: _Build) -> None:
        self.builds.remove(build)
        try:
            built = build.pending.result()
        except Exception as exc:  # a lost worker or cluster: the writer indexes these records itself
            log.warning("a segment of %d records was not built apart (%s: %s); indexing them here",
                        len(build.ids), exc.__class__.__name__, exc)
            built = None
            with self.lock():
                self.index.update(self._current(build.ids), self._gone(self.removed))
            self.removed = []
            self.held.update(build.ids)
            return
        with self.lock():
            self._list_locked(build, built)
        self.held.update(build.ids)

    def _list_locked(self, build: _Build, built: BuiltSegment | None) -> None:
        """Under the archive's write lock: one commit listing the segment, with the old documents of
        its records and of the removed ids marked deleted."""
        changed = [i for i in build.ids if self.archive.stamp(i) != build.stamps.get(i)]
        delete = sorted({*self.removed, *(i for i in build.ids if i in self.held)})
        if built is not None:
            for skipped in built.skipped:
                log.warning("not indexed: %s", skipped)
            self.index.add_segment(built.segment, built.files, build.ids, delete)
            self.listed += 1
        elif delete:
            self.index.update([], delete)
        self.removed = []
        if changed:  # rewritten or removed by another process since it was stored: as the archive holds it now
            self.index.update(self._current(changed), self._gone(changed))

    def _current(self, ids: list[str]) -> list[Any]:
        records = []
        for record_id in ids:
            with contextlib.suppress(RecordNotFound):
                try:
                    records.append(self.archive.get(record_id))
                except RecordCorrupt as exc:
                    log.warning("not indexing %s: %s", record_id, exc)
        return records

    def _gone(self, ids: list[str]) -> list[str]:
        return [i for i in ids if not self.archive.exists(i)]
