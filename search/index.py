"""SearchIndex: the Whoosh index under DATA/index/, derived from the archive.

Opened indexes are cached per process by their generation key (the live folder and its table of
contents generation: ``SearchIndex.generation()``) and reopened when another process commits, so
constructing SearchIndex(settings) per request is cheap. Searches run in parallel: each takes a
searcher of its own from the generation's pool (Whoosh's readers keep file positions, so a searcher
serves one thread at a time), and they share what is derived from the generation. Writers hold the
index lock (DATA/.index.lock): concurrent writers queue, none ever sees a Whoosh LockError.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import heapq
import itertools
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
from whoosh import query
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from archive import Record, Settings, Store, short_note

from . import dense, storage, vectors
from .aliases import AliasTable, known_topics, load_aliases
from .analysis import spans, terms, text_analyzer
from .build import build, choose_procs
from .documents import record_docs
from .engine import (
    WEIGHTING,
    BitsAllow,
    add_segments,
    bits_of_array,
    complete_sidecars,
    fastpath,
    flags_of,
    ids_of,
    members,
    open_sidecar,
    segment_id_of,
    segment_ids,
    to_bits,
)
from .engine import Sidecar as _Sidecar
from .errors import IndexDamaged, QueryError
from .facets import FACET_NAMES, FacetBits, RecordFacets, facet_rows
from .highlight import snippet
from .passages import Finder, Marks, best_passages
from .query import QueryLimits, SearchQuery, check_cost, check_date, check_query, filter_queries, parse_text
from .results import Hit, SearchResult
from .schema import EVENT, PUBLICATION, RECORD
from .wordforms import other_forms

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")

_TIMELINE_CACHE_SIZE = 16  # filters whose ordered timeline documents are kept (ints and short strings)
_STORED_CACHE_SIZE = 512  # records' stored fields (their paragraphs): a few MB
_FILTER_CACHE_SIZE = 64  # a cached filter is a bitmap: 12 KB per 100,000 documents


def _date_text(t_date: int) -> str:
    """YYYYMMDD (00 for an unknown month or day) as the ISO date it came from: YYYY, YYYY-MM or YYYY-MM-DD."""
    year, month, day = t_date // 10000, t_date // 100 % 100, t_date % 100
    if not month:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if not day else f"{year:04d}-{month:02d}-{day:02d}"


class LruCache(Generic[K, V]):
    """The `size` most recently used values, computed on a miss (by the threads that miss: a value
    computed twice is the same value)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


@dataclass
class _Derived:
    """What is derived from one searcher (dropped whole when the searcher is refreshed)."""

    rows: list[RecordFacets | None] | None = None
    dates: np.ndarray | None = None
    live: int | None = None
    bits: FacetBits | None = None
    all_facets: dict[str, Any] | None = None
    filters: LruCache[str, int] = field(default_factory=lambda: LruCache(_FILTER_CACHE_SIZE))
    stored: LruCache[int, dict[str, Any]] = field(default_factory=lambda: LruCache(_STORED_CACHE_SIZE))
    timeline: int | None = None
    t_dates: np.ndarray | None = None
    t_events: set[int] | None = None
    timelines: LruCache[tuple[Any, ...], TimelineEntries] = field(default_factory=lambda: LruCache(_TIMELINE_CACHE_SIZE))
    docnum_of: dict[str, int] | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)  # computing the fields above


class _Opened:
    """One generation of the index opened by this process: what every search of it shares (what is
    derived from it, the segments' posting arrays) and a pool of searchers, one per concurrent search."""

    def __init__(self, path: Path, ix: FileIndex, searcher: Searcher, generation: str,
                 sidecars: dict[str, _Sidecar | None] | None = None) -> None:
        self.path, self.ix, self.generation = path, ix, generation
        self.primary = searcher  # the first searcher: never closed before the generation is retired
        self.derived = _Derived()
        self.sidecars: dict[str, _Sidecar | None] = sidecars or {}
        self._idle = [searcher]
        self._busy = 0
        self._lock = threading.Lock()
        self.retired = False

    def take(self) -> Searcher | None:
        """A searcher of this generation for one search, or None when the index has moved on."""
        with self._lock:
            if self.retired:
                return None
            self._busy += 1
            if self._idle:
                return self._idle.pop()
        try:
            searcher = self.ix.searcher(weighting=WEIGHTING)
        except BaseException:
            self.give_back(None)
            raise
        if _generation_of(searcher, self.ix) != self.generation.rpartition(":")[2]:  # a commit in between
            searcher.close()
            self.give_back(None)
            self.retire()
            return None
        return searcher

    def give_back(self, searcher: Searcher | None) -> None:
        with self._lock:
            self._busy -= 1
            if searcher is not None:
                self._idle.append(searcher)
            if not self.retired or self._busy:
                return
            idle, self._idle = self._idle, []
        for s in idle:  # the last search of a retired generation closes its searchers
            _close_quietly(s, self.path)

    def retire(self) -> None:
        """No new search takes this generation; its searchers close when the last search ends."""
        with self._lock:
            self.retired = True
            if self._busy:
                return
            idle, self._idle = self._idle, []
        for s in idle:
            _close_quietly(s, self.path)


def _close_quietly(searcher: Searcher, path: Path) -> None:
    try:
        searcher.close()
    except Exception:  # an already-deleted generation may fail to close cleanly
        log.debug("closing %s failed", path, exc_info=True)


def _generation_of(searcher: Searcher, ix: FileIndex) -> str:
    """The commit generation a searcher reads (that of the index's table of contents)."""
    gen = searcher.reader().generation()
    return str(gen if gen is not None else ix.latest_generation())


def _shared(name: str) -> Callable[[Callable[[_Handle], V]], Callable[[_Handle], V]]:
    """A handle method computing `name` of the generation's _Derived once: the first search that
    needs it computes it, the others that need it meanwhile wait for it rather than compute it too."""

    def wrap(compute: Callable[[_Handle], V]) -> Callable[[_Handle], V]:
        @functools.wraps(compute)
        def get(self: _Handle) -> V:
            d = self.derived
            value = getattr(d, name)
            if value is None:
                with d.lock:
                    value = getattr(d, name)
                    if value is None:
                        value = compute(self)
                        setattr(d, name, value)
            return value
        return get
    return wrap


class _Handle:
    """One search's view of a generation: its own searcher, and what it shares with the other
    searches of that generation (facet rows, bitmaps of live records, facet values, recent filters,
    timelines and stored fields, the segments' posting arrays)."""

    def __init__(self, opened: _Opened, searcher: Searcher) -> None:
        self.opened, self.searcher = opened, searcher
        self.path, self.ix, self.generation = opened.path, opened.ix, opened.generation
        self.derived, self.sidecars = opened.derived, opened.sidecars

    @property
    def size(self) -> int:
        return self.searcher.doc_count_all()

    def sidecar_of(self, sub: Searcher) -> _Sidecar | None:
        """The posting arrays of a leaf searcher's segment (opened once), or None."""
        reader = sub.reader()
        key = segment_id_of(reader)
        if key is None:
            return None
        if key not in self.sidecars:
            self.sidecars[key] = open_sidecar(self.path, key, reader.doc_count_all())
        return self.sidecars[key]

    def all_sidecars(self) -> bool:
        return all(self.sidecar_of(sub) is not None for sub, _ in self.searcher.leaf_searchers())

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields, remembered for the recently shown (Whoosh decompresses and
        unpickles them on every read)."""
        return self.derived.stored.get(docnum, lambda: self.searcher.stored_fields(docnum))

    @_shared("timeline")
    def timeline_bits(self) -> int:
        """The bitmap of the live publication and event documents."""
        q = query.Or([query.Term("kind", EVENT), query.Term("kind", PUBLICATION)])
        return to_bits(self.searcher.docs_for_query(q), self.size)

    @_shared("t_dates")
    def timeline_dates(self) -> np.ndarray:
        """Each document's t_date (YYYYMMDD; 0 for documents without one)."""
        reader = self.searcher.reader()
        if reader.has_column("t_date"):
            return np.fromiter(reader.column_reader("t_date"), dtype=np.int64, count=self.size)
        return np.zeros(self.size, np.int64)

    @_shared("t_events")
    def timeline_events(self) -> set[int]:
        """The event documents (the other timeline documents are publications)."""
        return set(self.searcher.docs_for_query(query.Term("kind", EVENT)))

    def timeline_entries(self, key: tuple[str | None, str | None, int, int]) -> TimelineEntries:
        """The timeline's documents for a filter (topic, type, first and last date as YYYYMMDD),
        in order: by date, then record id, then document number (a record's events are indexed
        in paragraph order, after its publication). From the bitmap of publications and events,
        the date column and cached topic/type bitmaps; Whoosh's own range query walks the date
        terms of every entry in Python (a second per topic at 10,000 records)."""
        return self.derived.timelines.get(key, lambda: self._timeline_entries(*key))

    def _timeline_entries(self, topic: str | None, doc_type: str | None, lo: int, hi: int) -> TimelineEntries:
        if self.size == 0:  # an empty index has no columns to read
            return TimelineEntries(ids=[], marks=[])
        bits = self.timeline_bits()
        if topic:
            bits &= self.filter_bits(f"t_topic={topic}", query.Term("t_topic", topic))
        if doc_type:
            bits &= self.filter_bits(f"t_type={doc_type}", query.Term("t_type", doc_type))
        dates = self.timeline_dates()
        ids = np.flatnonzero(flags_of(bits, self.size)[: self.size] & (dates >= lo) & (dates <= hi)).tolist()
        rids = self.searcher.reader().column_reader("rid")
        events = self.timeline_events()
        keyed = sorted((int(dates[d]), rids[d], d) for d in ids)
        return TimelineEntries(ids=[d for _, _, d in keyed],
                               marks=[{"date": _date_text(t), "kind": "event" if d in events else "publication"}
                                      for t, _, d in keyed])

    @_shared("rows")
    def facet_rows(self) -> list[RecordFacets | None]:
        return facet_rows(self.searcher.reader(), str(self.path))

    @_shared("live")
    def live_records(self) -> int:
        """The bitmap of the record documents not deleted."""
        return to_bits(self.searcher.docs_for_query(query.Term("kind", RECORD)), self.size)

    @_shared("docnum_of")
    def docnum_of(self) -> dict[str, int]:
        """Each record id's index document (record documents; the live one when a record was replaced)."""
        live = flags_of(self.live_records(), self.size)
        return {row.rid: n for n, row in enumerate(self.facet_rows()) if row is not None and live[n]}

    @_shared("dates")
    def record_dates(self) -> np.ndarray:
        """Each document's date as YYYYMMDD (0 when undated, -1 for documents that are not records)."""
        return np.array([-1 if row is None else row.date for row in self.facet_rows()], dtype=np.int64)

    @_shared("bits")
    def facet_bits(self) -> FacetBits:
        return FacetBits(self.facet_rows(), self.live_records())

    def filter_bits(self, key: str, q: query.Query) -> int:
        return self.derived.filters.get(key, lambda: self._filter_bits(q))

    def _filter_bits(self, q: query.Query) -> int:
        if isinstance(q, query.NumericRange) and q.fieldname == "date" and not (q.startexcl or q.endexcl):
            # From the dates in memory: Whoosh walks a range's many terms in Python.
            dates = self.record_dates()
            inside = np.flatnonzero((dates >= q.start) & (dates <= q.end))
            return bits_of_array(inside, self.size) & self.live_records()
        if isinstance(q, query.Term) and q.fieldname == "topic":
            # The topic facet's bitmap: the same live records that hold the topic.
            bits = 0
            for value, value_bits in self.facet_bits().values["topic"].items():
                if value.strip().lower() == q.text:
                    bits |= value_bits
            return bits
        return to_bits(self.searcher.docs_for_query(q), self.size)

_HANDLES: dict[str, _Opened] = {}  # by the index folder: the generation opened last
_HANDLES_LOCK = threading.Lock()


class SearchIndex:
    """The search index of one data folder. See the package docstring for the contract."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.index_dir)

    # -- opening -----------------------------------------------------------------------------
    def generation(self) -> str:
        """The key of the index as it is now: the live folder and its commit generation
        ("ix-...:N"; "" before any index exists). It changes with every committed write and
        rebuild, and only then: caches of anything derived from the index key on it."""
        path = storage.current_dir(self.root)
        if path is None:
            return ""
        with _HANDLES_LOCK:
            opened = _HANDLES.get(str(self.root.resolve()))
        ix = opened.ix if opened is not None and opened.path == path else None
        try:
            latest = (ix or storage.open_index(path)).latest_generation()
        except IndexDamaged:
            return ""
        return f"{path.name}:{latest}"

    @contextlib.contextmanager
    def _using(self) -> Iterator[_Handle]:
        """A handle of the live generation with a searcher of its own for this search (searches run
        in parallel). A commit while it runs leaves it on its generation; the next search takes the new one."""
        while True:
            opened = self._opened()
            searcher = opened.take()
            if searcher is not None:
                break
        try:
            yield _Handle(opened, searcher)
        finally:
            opened.give_back(searcher)

    def _handle(self) -> _Handle:
        """The live generation's handle with its first searcher (for tests and benchmarks, from one thread)."""
        opened = self._opened()
        return _Handle(opened, opened.primary)

    def _opened(self) -> _Opened:
        key = str(self.root.resolve())
        path = storage.current_dir(self.root)
        with _HANDLES_LOCK:
            opened = _HANDLES.get(key)
        if (opened is not None and not opened.retired and path == opened.path
                and storage.read_journal(self.root) is None
                and str(opened.ix.latest_generation()) == opened.generation.rpartition(":")[2]):
            return opened
        fresh = self._open(path, opened)
        with _HANDLES_LOCK:
            old = _HANDLES.get(key)
            _HANDLES[key] = fresh
        for stale in {id(o): o for o in (opened, old) if o is not None and o is not fresh}.values():
            stale.retire()
        return fresh

    def _open(self, path: Path | None, previous: _Opened | None) -> _Opened:
        if path is None or storage.read_journal(self.root) is not None:
            with storage.write_lock(self.settings):
                self._recover()
                path = storage.current_dir(self.root)
        assert path is not None
        try:
            ix = storage.open_index(path)
        except IndexDamaged as exc:
            log.warning("search index damaged, rebuilding from the archive: %s", exc)
            with storage.write_lock(self.settings):
                self._recover()
                path = storage.current_dir(self.root)
                assert path is not None
                ix = storage.open_index(path)
        searcher = ix.searcher(weighting=WEIGHTING)
        sidecars: dict[str, _Sidecar | None] = {}
        if previous is not None and previous.path == path:  # segments never change: keep their arrays
            current = set(segment_ids(ix))
            sidecars = {k: v for k, v in previous.sidecars.items() if k in current and v is not None}
        return _Opened(path, ix, searcher, f"{path.name}:{_generation_of(searcher, ix)}", sidecars)

    def _recover(self) -> set[str]:
        """Under the write lock: make CURRENT name a sound index that matches the archive.

        Returns the ids of the records it (re)indexed from the archive.
        """
        path = storage.current_dir(self.root)
        try:
            if path is None:
                raise IndexDamaged(f"{self.root}: no index yet")
            storage.open_index(path)
        except IndexDamaged as exc:
            store = Store(self.settings)
            if path is not None:
                log.warning("rebuilding the search index from the archive (%s)", exc)
            ids = set(store.ids())
            self._rebuild_locked(store, None)
            return ids
        journal = storage.read_journal(self.root)
        return self._replay(journal) if journal is not None else set()

    def _replay(self, journal: dict[str, list[str]]) -> set[str]:
        """Redo a write a crash cut short: each journaled id is re-read from the archive."""
        store = Store(self.settings)
        if journal.get("unreadable"):
            ids = set(store.ids())
            self._rebuild_locked(store, None)
            return ids
        ids = set(journal["upsert"]) | set(journal["delete"])
        present = [store.get(i) for i in sorted(ids) if store.exists(i)]
        gone = [i for i in sorted(ids) if not store.exists(i)]
        log.warning("finishing an interrupted index write (%d records)", len(ids))
        self._write(present, gone)
        return ids

    # -- writing -------------------------------------------------------------------------------
    def upsert(self, records: Iterable[Record]) -> None:
        """Replace every document of these records (each record: passages, events, publication)."""
        self.update(records, ())

    def delete(self, record_ids: Iterable[str]) -> None:
        self.update((), record_ids)

    def update(self, records: Iterable[Record], removed_ids: Iterable[str]) -> None:
        """Replace the documents of `records` and remove those of `removed_ids`, in one commit."""
        records, removed = list(records), list(removed_ids)
        if not records and not removed:
            return
        with storage.write_lock(self.settings):
            fresh = self._ensure_live()
            # Records just (re)indexed from the archive are not indexed twice: deleted
            # documents would linger in the ranking statistics until their segment merges.
            records = [r for r in records if r.id not in fresh]
            removed = [i for i in removed if i not in fresh]
            if records or removed:
                self._write(records, removed)

    def add_segment(self, segment: Any, files: dict[str, bytes], record_ids: list[str],
                    delete_ids: Iterable[str]) -> None:
        """List a segment written apart (`search.bulk`: its files' bytes) beside the index's own, in one
        commit that also deletes the documents of `delete_ids` and any older ones of its records."""
        with storage.write_lock(self.settings):
            fresh = self._ensure_live()  # (records a dead batch had stored, indexed now: not twice)
            path = storage.current_dir(self.root)
            assert path is not None
            for name, data in files.items():
                (path / name).write_bytes(data)
            delete = sorted({*delete_ids, *(i for i in record_ids if i in fresh)})
            add_segments(storage.open_index(path), [segment], delete)

    def _ensure_live(self) -> set[str]:
        """Under the write lock: a sound live index, holding every record a batch that died had
        stored; returns the ids it had to reindex from the archive."""
        path = storage.current_dir(self.root)
        storage.remove_other_generations(self.root, keep=path)  # left by a rebuild that died
        if path is None or storage.read_journal(self.root) is not None:
            return self._recover() | self._finish_dead_batches()
        try:
            storage.open_index(path)
        except IndexDamaged as exc:
            log.warning("search index damaged, rebuilding from the archive: %s", exc)
            return self._recover() | self._finish_dead_batches()
        return self._finish_dead_batches()

    def _finish_dead_batches(self) -> set[str]:
        """Index the records that batches cut short by a crash had stored but not indexed."""
        ids = storage.take_stale_queues(self.root)
        if not ids:
            return set()
        log.warning("indexing %d records an interrupted ingest had stored", len(set(ids)))
        return self._replay({"upsert": ids, "delete": []})

    def _write(self, records: list[Record], removed: list[str]) -> None:
        path = storage.current_dir(self.root)
        assert path is not None
        storage.write_journal(self.root, [r.id for r in records], removed)
        ix = storage.open_index(path)
        writer = ix.writer(limitmb=self.settings.search.search_build_limit_mb)
        try:
            for record_id in removed:
                writer.delete_by_term("rid", record_id)
            for record in records:
                writer.delete_by_term("rid", record.id)
                for doc in record_docs(record):
                    writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        if self.settings.search.search_meaning:
            self._add_vectors(path, records)
        storage.clear_journal(self.root)
        complete_sidecars(path, ix)  # the new segment's posting arrays (and any missing)

    def _add_vectors(self, path: Path, records: list[Record]) -> None:
        """The records' dense vectors (derived data: a failure leaves search by words working)."""
        try:
            vectors.add(path, records)
        except (dense.ModelMissing, OSError, ValueError) as exc:
            log.warning("vectors not updated (search by meaning may miss these records): %s", exc)

    def rebuild(self, records: Iterable[Record] | Store | None = None, procs: int | None = None
                ) -> dict[str, Any]:
        """Build a fresh index from `records` (default: the archive) in a new folder and swap it in."""
        with storage.write_lock(self.settings):
            return self._rebuild_locked(records if records is not None else Store(self.settings), procs)

    def _rebuild_locked(self, records: Iterable[Record] | Store, procs: int | None) -> dict[str, Any]:
        if isinstance(records, Store):
            items: list[Any] = [str(records.path_for(i)) for i in records.ids()]
        else:
            items = [r.to_dict() for r in records]
        self.root.mkdir(parents=True, exist_ok=True)
        storage.remove_other_generations(self.root, keep=storage.current_dir(self.root))
        path = storage.create_index(self.root)
        n = choose_procs(procs, self.settings.search.search_build_procs, len(items))
        try:
            stats = build(path, items, n, self.settings.search.search_build_limit_mb, self.settings.search.search_meaning)
        except BaseException:
            storage.remove_other_generations(self.root, keep=storage.current_dir(self.root))
            raise
        storage.make_live(self.root, path)
        storage.clear_journal(self.root)
        if isinstance(records, Store):
            storage.take_stale_queues(self.root)  # what dead batches had stored is in the rebuilt index
        stats["index_bytes"] = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        log.info("search index rebuilt: %s", stats)
        return stats

    # -- reading -------------------------------------------------------------------------------
    def record_ids(self) -> set[str]:
        """The ids of every record the index holds."""
        with self._using() as handle:
            searcher = handle.searcher
            if searcher.doc_count_all() == 0:
                return set()  # an empty index has no columns to read
            ids = searcher.docs_for_query(query.Term("kind", PUBLICATION))
            column = searcher.reader().column_reader("rid")
            return {column[d] for d in ids}

    def doc_count(self) -> int:
        with self._using() as handle:
            return handle.searcher.doc_count()

    def search(self, q: SearchQuery) -> SearchResult:
        """Passages matching `q`. A malformed query or filter gives a result whose `error` says why."""
        result = SearchResult(query=q.text or "", page=q.page, limit=q.limit, sort=q.sort,
                              filters=_filters_of(q))
        try:
            since, until = check_query(q, self.settings.search.search_max_limit, known_topics(self.settings))
            if q.limit > self.settings.search.search_max_limit:  # page length is capped server-side
                q = dataclasses.replace(q, limit=self.settings.search.search_max_limit)
                result.limit = q.limit
            aliases = load_aliases(self.settings)
            text = (q.text or "").strip()
            check_cost(text, QueryLimits.of(self.settings))
            parsed = parse_text(text, aliases) if text else None
            if parsed is None and not q.has_filters:
                return result
            with self._using() as handle:
                filters = filter_queries(q, since, until, aliases)
                found = self._vectors_for(handle, q, text) if parsed is not None else None
                if found is not None:
                    self._run_meaning(handle, q, text, filters, aliases, result, found)
                else:
                    self._run(handle, q, parsed, filters, aliases, result)
                if parsed is not None and result.total == 0:
                    result.suggestion = _suggest(handle.searcher, text, aliases,
                                                 self.settings.search.search_suggest_max_words,
                                                 self.settings.search.search_suggest_budget_s)
        except QueryError as exc:
            result.error = str(exc)
        return result

    def _run(self, handle: _Handle, q: SearchQuery, parsed: query.Query | None,
             filters: list[tuple[str, query.Query]], aliases: AliasTable, result: SearchResult) -> None:
        """Match records (all of them, unscored, for the counts and facets), rank the page's records
        (Whoosh's top-N, which skips blocks that cannot reach the page), then choose each shown
        record's passages."""
        searcher, size = handle.searcher, handle.size
        if size == 0:
            return
        matched = handle.live_records()
        for key, fq in filters:
            matched &= handle.filter_bits(key, fq)
        fast: fastpath.Matches | None = None
        ids: list[int] = []
        if parsed is not None:
            main = _only_records(parsed)
            if filters and matched.bit_count() <= _SCORE_EACH_MAX and not (
                    fastpath.supported(main) and handle.all_sidecars()):
                # The filters leave few records: the matcher skips to each (block by block), rather
                # than reading every posting of a common word (unless its arrays are at hand).
                each = _score_each(searcher, main, ids_of(matched))
                fast = fastpath.Matches(np.array([d for _, d in each], dtype=np.int64),
                                        np.array([sc for sc, _ in each], dtype=np.float64))
            else:
                fast = fastpath.scores(searcher, main, handle.sidecar_of)
            if fast is not None:
                matched &= bits_of_array(fast.ids, size)
            else:
                ids = list(searcher.docs_for_query(main))
                matched &= to_bits(ids, size)
        result.records = result.total = matched.bit_count()
        result.pages = math.ceil(result.total / q.limit) if result.total else 0
        result.facets = handle.facet_bits().count(matched)
        wanted = q.page * q.limit
        first = (q.page - 1) * q.limit
        if not result.total or first >= result.total:
            return
        rows = handle.facet_rows()
        if fast is not None:  # the matches left by the filters (and live), with their scores
            keep = flags_of(matched, size)[fast.ids]
            fast = fastpath.Matches(fast.ids[keep], fast.scores[keep])
        if parsed is None or q.sort == "date":
            if fast is not None:
                candidates = fast.ids.tolist()
            else:
                candidates = members(ids, matched, size) if parsed is not None else ids_of(matched)
            ranked: list[tuple[int, float | None]] = [
                (d, None) for d in heapq.nsmallest(wanted, candidates, key=lambda d: _date_key(rows[d]))]
        else:
            if fast is not None:  # plain words: scored from the postings already
                top_n = _top(fast, wanted + _TIE_MARGIN)
            elif result.total <= _SCORE_EACH_MAX:  # few: score just those (a filter left few, or a rare word)
                top_n = _score_each(searcher, main, members(ids, matched, size))
            else:  # many: Whoosh's top N, which can skip blocks that cannot reach the page
                top_n = searcher.search(main, limit=wanted + _TIE_MARGIN, filter=BitsAllow(matched, size)).top_n
            ranked = [(d, s) for s, d in _best(top_n, wanted, rows)]
        finder = Finder(_marks_of(main, searcher, aliases) if parsed is not None else Marks())
        per_record = max(1, self.settings.search.search_passages_per_record) if parsed is not None else 1
        for docnum, score in ranked[first:wanted]:
            hits, more = self._hits(handle, docnum, score, finder, per_record)
            result.hits.extend(hits)
            if more:
                result.more[hits[0].record_id] = more

    def _vectors_for(self, handle: _Handle, q: SearchQuery, text: str) -> vectors.VectorSet | None:
        """The index's vectors when this query is ranked with meaning too: plain words (no phrase,
        field, wildcard or operator: those stay exact), by relevance, with the setting on."""
        if not (self.settings.search.search_meaning and q.meaning and q.sort == "relevance" and handle.size):
            return None
        words = text.split()
        if not _PLAIN.fullmatch(text) or any(w in _OPERATORS for w in words):
            return None
        found = vectors.current(handle.path)
        return found if found is not None and found.rows else None

    def _run_meaning(self, handle: _Handle, q: SearchQuery, text: str, filters: list[tuple[str, query.Query]],
                     aliases: AliasTable, result: SearchResult, vecs: vectors.VectorSet) -> None:
        """Plain words, ranked by reciprocal rank fusion of the word ranking (BM25F, each word or one
        of its other forms), the meaning ranking (the records' closest chunks) and, when fewer than
        _FEW_WORD_MATCHES records hold every word, the ranking of records holding any of them
        (`relaxed` says no record held them all)."""
        searcher, size = handle.searcher, handle.size
        model = dense.embedder()
        allowed = handle.live_records()
        for key, fq in filters:
            allowed &= handle.filter_bits(key, fq)
        words = [w for w in _WORD.findall(text) if terms(w)]
        forms: dict[str, list[str]] = {}
        if q.forms:
            stem = text_analyzer().term
            for w in words:
                if found := other_forms(w, vecs.words, model, stem):
                    forms[w] = found
        groups = [f"({' OR '.join([w, *forms[w]])})" if w in forms else w for w in words]
        lexical = self._word_matches(handle, " ".join(groups), aliases, allowed)
        rankings = [_ranking(lexical)]
        relaxed = not len(lexical.ids) and len(groups) > 1
        if len(groups) > 1 and len(lexical.ids) < _FEW_WORD_MATCHES:  # records with some of the words too
            rankings.append(_ranking(self._word_matches(handle, " OR ".join(groups), aliases, allowed)))
        by_words = flags_of(bits_of_array(np.concatenate(rankings), size), size)
        # meaning: each record's best chunk, among the records the filters allow
        qvec = model.embed([text])[0]
        docnums = vecs.docnums(hash(handle.generation), handle.docnum_of())
        ok = docnums >= 0
        ok[ok] &= flags_of(allowed, size)[docnums[ok]].astype(bool)
        rows, scores = vecs.nearest(qvec, ok, _MEANING_ROWS)
        if len(rows):  # close in meaning: within reach of the best chunk's similarity
            rows = rows[scores >= max(_MEANING_MIN, _MEANING_REACH * float(scores[0]))]
        best_row: dict[int, int] = {}
        for r in rows.tolist():
            d = int(docnums[r])
            if d not in best_row:
                best_row[d] = r
                if len(best_row) >= _MEANING_TOP:
                    break
        rankings.append(np.fromiter(best_row, np.int64, len(best_row)))
        first, wanted = (q.page - 1) * q.limit, q.page * q.limit
        fused_bits = bits_of_array(np.concatenate(rankings), size)
        result.records = result.total = fused_bits.bit_count()
        result.pages = math.ceil(result.total / q.limit) if result.total else 0
        result.facets = handle.facet_bits().count(fused_bits)
        result.meaning = {"used": True, "also_searched": forms, "relaxed": relaxed}
        # the page's records are exact (see dense.rrf)
        depth = max(_FUSE_DEPTH, math.ceil((len(rankings) - 1 + _MEANING_WEIGHT) * (_RRF_K + wanted)))
        weights = [1.0] * (len(rankings) - 1) + [_MEANING_WEIGHT]
        items, fused = dense.rrf(rankings, _RRF_K, depth, weights)
        ranked = _best_fused(items, fused, wanted, handle.facet_rows())
        main = parse_text(" OR ".join(groups), aliases)
        finder = Finder(_marks_of(main, searcher, aliases))
        per_record = max(1, self.settings.search.search_passages_per_record)
        for docnum, score in ranked[first:wanted]:
            if by_words[docnum]:
                hits, more = self._hits(handle, docnum, score, finder, per_record)
            else:
                hits, more = [self._meaning_hit(handle, docnum, score, vecs, best_row[docnum], qvec)], 0
            result.hits.extend(hits)
            if more:
                result.more[hits[0].record_id] = more

    def _word_matches(self, handle: _Handle, text: str, aliases: AliasTable, allowed: int) -> fastpath.Matches:
        """Records matching `text` (parsed as the query language), with their BM25F scores."""
        main = _only_records(parse_text(text, aliases))
        found = fastpath.scores(handle.searcher, main, handle.sidecar_of)
        if found is None:
            each = _score_each(handle.searcher, main, sorted(handle.searcher.docs_for_query(main)))
            found = fastpath.Matches(np.array([d for _, d in each], dtype=np.int64),
                                     np.array([sc for sc, _ in each], dtype=np.float64))
        keep = flags_of(allowed, handle.size)[found.ids].astype(bool) if len(found.ids) else found.ids.astype(bool)
        return fastpath.Matches(found.ids[keep], found.scores[keep])

    def _meaning_hit(self, handle: _Handle, docnum: int, score: float, vecs: vectors.VectorSet, row: int,
                     qvec: np.ndarray) -> Hit:
        """A record found by meaning alone: the paragraph of its closest chunk closest to the query."""
        stored = handle.stored_fields(docnum)
        meta = stored.get("meta") or {}
        first, last = (int(x) for x in vecs.spans[row])
        paras = [p for p in stored.get("paras") or [] if first <= p[0] <= last] or (stored.get("paras") or [])[:1]
        if len(paras) > 1:
            closeness = dense.similarities(dense.embedder().embed([text for _, _, text in paras]), qvec)
            paras = [paras[int(np.argmax(closeness))]]
        n, page, text = paras[0] if paras else (0, None, "")
        title = meta.get("title") or ""
        return Hit(record_id=stored["rid"], paragraph=n, title=title, date=meta.get("d"),
                   doc_type=stored.get("doc_type") or "other", topics=list(meta.get("t") or []),
                   snippet=snippet(text, set(), self.settings.search.search_snippet_chars, set(), None),
                   score=round(float(score), 4),
                   citation=short_note(title=title, org=meta.get("o"), date=meta.get("d"), url=meta.get("u"),
                                       paragraph=n, page=page),
                   page=page, match="meaning")

    def _hits(self, handle: _Handle, docnum: int, score: float | None, finder: Finder, per_record: int
              ) -> tuple[list[Hit], int]:
        """A shown record's best passages as hits, and how many more of its passages match."""
        stored = handle.stored_fields(docnum)
        meta = stored.get("meta") or {}
        paras = stored.get("paras") or []
        chosen, matching = best_passages(paras, finder, per_record)
        marks = finder.marks
        title = meta.get("title") or ""
        hits = []
        for (n, page, text), tokens in chosen:
            hits.append(Hit(
                record_id=stored["rid"],
                paragraph=n,
                title=title,
                date=meta.get("d"),
                doc_type=stored.get("doc_type") or "other",
                topics=list(meta.get("t") or []),
                snippet=snippet(text, marks.terms, self.settings.search.search_snippet_chars, marks.phrases,
                                tokens if tokens else None),
                score=None if score is None else round(float(score), 4),
                citation=short_note(title=title, org=meta.get("o"), date=meta.get("d"),
                                    url=meta.get("u"), paragraph=n, page=page),
                page=page,
            ))
        return hits, max(0, matching - len(chosen))

    def facets(self, topic: str | None = None, doc_type: str | None = None, org: str | None = None,
               since: str | None = None, until: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Counts of records per topic, doc type, organization and year (within the filters given).

        Raises QueryError for a malformed filter.
        """
        q = SearchQuery("", topic=topic, doc_type=doc_type, org=org, since=since, until=until)
        lo, hi = check_query(q, self.settings.search.search_max_limit, known_topics(self.settings))
        with self._using() as handle:
            if handle.size == 0:
                return FacetBits([], 0).count(0)
            bits = handle.facet_bits()
            if not q.has_filters:
                if handle.derived.all_facets is None:
                    handle.derived.all_facets = bits.count(handle.live_records())
                return handle.derived.all_facets
            matched = handle.live_records()
            for key, fq in filter_queries(q, lo, hi, load_aliases(self.settings)):
                matched &= handle.filter_bits(key, fq)
            return bits.count(matched)

    def timeline(self, topic: str | None = None, doc_type: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Reported events and publications in timeline order (date, record id, paragraph; the
        publication first). Raises QueryError for a malformed filter."""
        key = _timeline_key(topic, doc_type, since, until)
        with self._using() as handle:
            entries = handle.timeline_entries(key)
            ids = entries.ids if limit is None else entries.ids[:limit]
            return [dict(handle.searcher.stored_fields(d)["t_data"]) for d in ids]

    def timeline_page(self, topic: str | None = None, doc_type: str | None = None, since: str | None = None,
                      until: str | None = None, start: int = 0, stop: int | None = None) -> TimelinePage:
        """One page of the timeline (entries[start:stop]), with the total and each entry's date and
        kind (for the chart): only the page's entries are read from the index.
        Raises QueryError for a malformed filter."""
        key = _timeline_key(topic, doc_type, since, until)
        with self._using() as handle:
            entries = handle.timeline_entries(key)
            page = [dict(handle.searcher.stored_fields(d)["t_data"]) for d in entries.ids[start:stop]]
            return TimelinePage(total=len(entries.ids), marks=entries.marks, entries=page)


def _timeline_key(topic: str | None, doc_type: str | None, since: str | None, until: str | None
                  ) -> tuple[str | None, str | None, int, int]:
    lo = check_date("since", since, end=False) or 1
    hi = check_date("until", until, end=True) or 99991231
    return (topic.lower() if topic else None, doc_type or None, lo, hi)


@dataclass
class TimelineEntries:
    """The documents of one timeline filter, in order, and each one's date and kind."""

    ids: list[int]
    marks: list[dict[str, str]]  # {"date", "kind"} per entry


@dataclass
class TimelinePage:
    total: int
    marks: list[dict[str, str]]
    entries: list[dict[str, Any]]


def _filters_of(q: SearchQuery) -> dict[str, str]:
    pairs = {"topic": q.topic, "type": q.doc_type, "org": q.org, "since": q.since, "until": q.until,
             "undated": "1" if q.undated else None}
    return {k: str(v) for k, v in pairs.items() if v}


_FEW_WORD_MATCHES = 10  # fewer records than this with every word: rank those with any of them too
_RRF_K = 60  # reciprocal rank fusion's constant
_MEANING_WEIGHT = 1.0  # the meaning ranking's weight in the fusion (the word rankings': 1)
_FUSE_DEPTH = 1000  # each ranking's first records that enter the fusion (at least; see dense.rrf)
_MEANING_TOP = 30  # records the meaning ranking contributes to the fusion, at most
_MEANING_ROWS = 1000  # chunks the short vectors choose for exact scoring (the meaning ranking's pool)
_MEANING_MIN = 0.15  # a chunk less similar than this to the query is never close in meaning
_MEANING_REACH = 0.8  # nor one less similar than this share of the best chunk's similarity
_PLAIN = re.compile(r"[\w'’\- ]+")  # plain words: no quotes, fields, wildcards or groups
_TIE_MARGIN = 10  # extra top hits fetched so that equal scores can be ordered by record id
_SCORE_EACH_MAX = 3000  # up to this many matches, score each rather than run Whoosh's top N


def _best(top_n: list[tuple[float, int]], wanted: int, rows: list[RecordFacets | None]
          ) -> list[tuple[float, int]]:
    """The `wanted` best (score, docnum): highest score first, equal scores by record id (the same
    in any index build, whatever the document numbers)."""
    if len(top_n) > wanted + _TIE_MARGIN:
        cut = heapq.nlargest(wanted + _TIE_MARGIN, top_n)
        floor = cut[-1][0]
        top_n = [sd for sd in top_n if sd[0] >= floor]  # keeps every tie at the cut
    top_n.sort(key=lambda sd: (-round(sd[0], 9), rows[sd[1]].rid))  # type: ignore[union-attr]
    return top_n[:wanted]


def _ranking(found: fastpath.Matches) -> np.ndarray:
    """Documents by score, best first (equal scores by document number)."""
    return found.ids[np.lexsort((found.ids, -found.scores))]


def _best_fused(items: np.ndarray, scores: np.ndarray, wanted: int, rows: list[RecordFacets | None]
                ) -> list[tuple[int, float]]:
    """The `wanted` best fused (docnum, score): highest first, equal scores by record id."""
    scores = np.round(scores, 12)
    if len(items) > wanted:
        floor = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        keep = scores >= floor  # keeps every tie at the cut
        items, scores = items[keep], scores[keep]
    order = sorted(range(len(items)), key=lambda i: (-scores[i], rows[items[i]].rid))  # type: ignore[union-attr]
    return [(int(items[i]), float(scores[i])) for i in order[:wanted]]


def _top(found: fastpath.Matches, n: int) -> list[tuple[float, int]]:
    """(score, docnum) of at least the `n` best of `found`, every tie at the cut included."""
    scores = found.scores
    if len(scores) > n:
        floor = np.partition(scores, len(scores) - n)[len(scores) - n]
        keep = scores >= floor
        return list(zip(scores[keep].tolist(), found.ids[keep].tolist(), strict=True))
    return list(zip(scores.tolist(), found.ids.tolist(), strict=True))


def _score_each(searcher: Searcher, q: query.Query, docnums: list[int]) -> list[tuple[float, int]]:
    """(score, docnum) of `docnums` (ascending, all matching `q`): the matcher skips to each."""
    out: list[tuple[float, int]] = []
    leaves = list(searcher.leaf_searchers())
    for i, (sub, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else searcher.doc_count_all()
        local = [d - offset for d in docnums if offset <= d < end]
        if not local:
            continue
        matcher = q.matcher(sub, sub.context())
        for d in local:
            if not matcher.is_active():
                break
            if matcher.id() < d:
                matcher.skip_to(d)
                if not matcher.is_active():
                    break
            if matcher.id() == d:
                out.append((matcher.score(), d + offset))
    return out


def _date_key(row: RecordFacets | None) -> tuple[int, str]:
    """Newest first; undated last; equal dates by record id (the same in any index build)."""
    assert row is not None
    return -row.date, row.rid


def _only_records(q: query.Query) -> query.Query:
    """A query of only NOTs would match event documents too: anchor it on record documents."""
    if isinstance(q, query.Not):
        return query.AndNot(query.Term("kind", RECORD), q.query)
    return q


def _marks_of(q: query.Query, searcher: Searcher, aliases: AliasTable, marks: Marks | None = None) -> Marks:
    """The text-field words and phrases `q` looks for (not those it excludes with NOT), with every
    name of their alias groups (matching uses fewer: a name inside another is enough)."""
    marks = marks if marks is not None else Marks()
    if isinstance(q, query.Not):
        return marks
    if isinstance(q, query.AndNot):
        return _marks_of(q.a, searcher, aliases, marks)
    if q.is_leaf() or isinstance(q, query.Phrase):
        if getattr(q, "fieldname", None) != "text":
            return marks
        if isinstance(q, query.Phrase):
            marks.phrases.add(tuple(q.words))
            marks.phrases.update(aliases.variants(tuple(q.words)))
            return marks
        for fieldname, text in q.existing_terms(searcher.reader(), phrases=False, expand=True):
            if fieldname == "text":
                term = text.decode("utf-8") if isinstance(text, bytes) else text
                marks.terms.add(term)
                marks.phrases.update(v for v in aliases.variants((term,)) if len(v) > 1)
        return marks
    for child in q.children():
        _marks_of(child, searcher, aliases, marks)
    return marks


_WORD = re.compile(r"(?<![\w:])(\w[\w.'’-]*\w|\w)(?![\w:])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def _suggest(searcher: Searcher, text: str, aliases: AliasTable, max_words: int = 8,
             budget_s: float = 0.3) -> str | None:
    """'Did you mean': the query with each word the index does not know replaced by a close, frequent one.

    A word is replaced only by one within 1 edit (words of 5-7 letters) or 2 edits (8 or more) of
    it as documents spell it, and found in at least `_SUGGEST_MIN_DOCS` records (one in an archive of
    fewer than `_SUGGEST_SMALL_ARCHIVE`); shorter words are
    left alone. The work is bounded: at most `max_words` unknown words are looked at and
    `budget_s` seconds spent; past either, no suggestion is made (no suggestion beats a wrong one).
    """
    deadline = time.monotonic() + budget_s
    corrector = searcher.corrector("text")
    names = {n.casefold(): n for n in aliases.single_words}
    state = {"changed": False, "looked": 0, "over": False}

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if state["over"] or word in _OPERATORS:
            return word
        toks = terms(word)
        if len(toks) != 1 or searcher.doc_frequency("text", toks[0]):
            return word
        state["looked"] += 1
        if state["looked"] > max_words or time.monotonic() > deadline:
            state["over"] = True
            return word
        best = _closest_name(word, names) or _closest_word(searcher, corrector, word, toks[0], deadline)
        if not best:
            return word
        state["changed"] = True
        return best[0].upper() + best[1:] if word[0].isupper() else best

    fixed = _WORD.sub(fix, text)
    if state["over"] or time.monotonic() > deadline:
        return None
    return fixed if state["changed"] and fixed != text else None


_SUGGEST_MIN_DOCS = 2
_SUGGEST_SMALL_ARCHIVE = 20  # records
_SUGGEST_CANDIDATES = 8


def _edits_allowed(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def _closest_word(searcher: Searcher, corrector: Any, word: str, term: str, deadline: float) -> str | None:
    """The archive's word nearest to `word` as written (not as stemmed), if close enough and frequent."""
    allowed = _edits_allowed(word)
    if not allowed:
        return None
    folded = word.casefold()
    found = corrector.suggest(term, limit=_SUGGEST_CANDIDATES, maxdist=allowed + 1, prefix=1)
    # A stem less its last letter begins every word it stands for: a stem whose start is already
    # too far from every start of the word cannot give a close word (and reading it costs).
    near = [(searcher.doc_frequency("text", c), c) for c in found if _prefix_distance(c[:-1], folded) <= allowed]
    best: tuple[int, int, str] | None = None
    # In a small archive (a new user's first documents) one record is all a word can show.
    min_docs = _SUGGEST_MIN_DOCS if searcher.doc_frequency("kind", RECORD) >= _SUGGEST_SMALL_ARCHIVE else 1
    for docs, candidate in sorted(near, reverse=True):
        if time.monotonic() > deadline:
            return None
        if docs < min_docs:
            continue
        for surface in _surfaces(searcher, candidate):
            d = _distance(folded, surface)
            if d <= allowed and (best is None or (d, -docs) < (best[0], best[1])):
                best = (d, -docs, surface)
        if best and best[0] == 1:  # nothing is nearer than one edit; the candidates come most frequent first
            break
    return best[2] if best else None


def _surfaces(searcher: Searcher, term: str, records: int = 3) -> set[str]:
    """Words as documents write them for an index term (a stem such as "prison" -> "prisoners")."""
    out: set[str] = set()
    for docnum in itertools.islice(searcher.docs_for_query(query.Term("text", term)), records):
        for _, _, text in searcher.stored_fields(docnum).get("paras") or []:
            if term[:3] not in text.lower():  # most paragraphs lack the word: skip them cheaply
                continue
            for start, end, token in spans(text):
                if token == term:
                    out.add(text[start:end].lower())
    return out


def _closest_name(word: str, names: dict[str, str]) -> str | None:
    folded = word.casefold()
    best, best_d = None, 3 if len(word) >= 6 else 2
    for key, name in names.items():
        if abs(len(key) - len(folded)) >= best_d:
            continue
        d = _distance(folded, key)
        if d < best_d:
            best, best_d = name, d
    return best


def _prefix_distance(stem: str, word: str) -> int:
    """The fewest edits that turn `stem` into some beginning of `word` (a lower bound of the
    distance from `word` to any word that begins with `stem`)."""
    prev = list(range(len(stem) + 1))
    best = prev[-1]
    for i, cw in enumerate(word, 1):
        cur = [i]
        for j, cs in enumerate(stem, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cw != cs)))
        prev = cur
        best = min(best, cur[-1])
    return best


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


__all__ = ["FACET_NAMES", "SearchIndex"]
