"""All quotes of the archive, kept per process and brought up to date cheaply when records change.

The store writes every record by atomic rename and deletes by unlink, so any change to the record
set changes the records folder's own stat. A request compares that first (one stat call); only
when it differs is the folder listed, and of its files only those whose stat signature (inode,
size, mtime, ctime) differs from the last reading are read again. An ingest, delete or retag thus
costs reading the records it touched, not the whole archive. (A record file edited in place by
hand, not through the store, leaves the folder's stat alone: it shows with the next change.)

Timestamps have a granularity (a clock tick, or more on some filesystems): a second change within
the tick of the last reading leaves the same mtime. So a folder or file stat younger than
RACY_SECONDS is not trusted: the folder is listed again, and the file read again, on the next
request, until the stat is old enough that a later change must show in it.

A new process starts from the copy in DATA/cache/quotes.json (see cachefile.py), checked file by
file against the same signatures.

The app also gives the search index's generation key (`SearchIndex.generation()`): every change to
the records through the store is followed by an index write, so while that key and a settled
folder stamp stay as they were, the catalog is answered without even the stat call.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from archive import Record, RecordCorrupt, RecordNotFound, Store

from . import cachefile
from .cachefile import Entry, Signature
from .quoteset import QuoteSet, Row

log = logging.getLogger(__name__)

RACY_SECONDS = 2.0  # longer than any usual filesystem's timestamp granularity (FAT: 2 s)
SAVE_AFTER_READS = 50  # write the copy on disk once this many record files were read since it was written

FolderStamp = tuple[int, int, int]


def rows_of(record: Record) -> tuple[Row, ...]:
    """A record's quotes as page rows, in page order (by paragraph, last first, as the page lists newest first)."""
    topics = list(record.topics)
    rows = [{"text": q.text, "speaker": q.speaker, "speaker_role": q.speaker_role, "via": q.via,
             "record_id": record.id, "paragraph": q.paragraph, "title": record.title, "date": record.date,
             "doc_type": record.doc_type, "topics": topics} for q in record.quotes]
    rows.sort(key=lambda r: r["paragraph"] or 0, reverse=True)
    return tuple(rows)


def signature(st: os.stat_result, settled_before_ns: int) -> Signature | None:
    """The file's signature, or None when it changed too recently for its stat to show a further change."""
    if max(st.st_mtime_ns, st.st_ctime_ns) >= settled_before_ns:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def folder_stamp(folder: Path, settled_before_ns: int) -> FolderStamp | None:
    """The records folder's stat, or None when it changed too recently to be trusted (or is missing)."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        return None
    if max(st.st_mtime_ns, st.st_ctime_ns) >= settled_before_ns:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_ctime_ns


def record_files(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(file name, stat) of each record file, as Store.ids() counts them."""
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                    try:
                        yield entry.name, entry.stat()
                    except FileNotFoundError:  # deleted while listing
                        continue
    except FileNotFoundError:
        return


class QuoteCatalog:
    """Every quote of the archive (`current()`), re-read only where the records changed."""

    def __init__(self, store: Store, cache_path: Path | None = None, save_after: int = SAVE_AFTER_READS,
                 racy_seconds: float = RACY_SECONDS) -> None:
        self.store = store
        self.cache_path = cache_path
        self.save_after = save_after
        self.racy_ns = int(racy_seconds * 1e9)
        self.files_read = 0  # record files read by this catalog, in all
        self._lock = threading.Lock()
        self._stamp: FolderStamp | None = None
        self._entries: dict[str, Entry] | None = None  # by file name; None until first used
        self._set = QuoteSet.build(())
        self._unsaved: set[str] = set()  # record files read since the copy on disk was written
        self._generation = ""  # the index generation key of the last settled reading

    def current(self, generation: str = "") -> QuoteSet:
        """All quotes as the records folder holds them now (as of the index `generation`, when given)."""
        with self._lock:
            if generation and generation == self._generation:
                return self._set
            settled_before = time.time_ns() - self.racy_ns
            stamp = folder_stamp(self.store.records_dir, settled_before)  # taken first: a change while listing shows next time
            if stamp is not None and stamp == self._stamp:
                self._generation = generation
                return self._set
            if self._entries is None:
                self._entries = cachefile.load(self.cache_path) if self.cache_path else {}
                self._set = QuoteSet.build((e.key, e.rows) for e in self._entries.values())
            removed, added = self._rescan(settled_before)
            if removed or added:
                self._set = self._set.updated(((e.key, e.rows) for e in removed), ((e.key, e.rows) for e in added))
            self._stamp = stamp
            self._generation = generation if stamp is not None else ""  # an unsettled stamp is checked again
            self._save_if_due()
            return self._set

    def _rescan(self, settled_before: int) -> tuple[list[Entry], list[Entry]]:
        """Bring the entries in step with the records folder; returns the entries gone and the entries new."""
        assert self._entries is not None
        old, fresh = self._entries, {}
        removed: list[Entry] = []
        added: list[Entry] = []
        for name, st in record_files(self.store.records_dir):
            known, sig = old.get(name), signature(st, settled_before)
            if known is not None and sig is not None and known.sig == sig:
                fresh[name] = known
                continue
            entry = fresh[name] = self._read(name, sig)
            if known is None or known.key != entry.key or known.rows != entry.rows:
                removed += [known] if known is not None else []
                added.append(entry)
        removed += [entry for name, entry in old.items() if name not in fresh]
        self._entries = fresh
        return removed, added

    def _read(self, name: str, sig: Signature | None) -> Entry:
        self._unsaved.add(name)
        self.files_read += 1
        record_id = name.removesuffix(".yaml")
        try:
            record = self.store.get(record_id)
        except (RecordCorrupt, RecordNotFound) as exc:
            log.warning("quotes: skipping %s: %s", name, exc)
            return Entry(sig, ("", record_id), ())
        return Entry(sig, (record.date or "", record_id), rows_of(record))  # the file's name: unique, unlike a copied id

    def _save_if_due(self) -> None:
        if self.cache_path is None or self._entries is None or len(self._unsaved) < self.save_after:
            return
        started = time.perf_counter()
        if cachefile.save(self.cache_path, self._entries):
            log.info("quotes cache: %d records written in %.0f ms", len(self._entries),
                     (time.perf_counter() - started) * 1000)
        self._unsaved.clear()
