"""SearchIndex: the Whoosh index under DATA/index/, derived from the archive.

Opened indexes and their searchers are cached per process and refreshed when another process
commits, so constructing SearchIndex(settings) per request is cheap. Writers hold the index lock
(DATA/.index.lock): concurrent writers queue, none ever sees a Whoosh LockError.
"""

from __future__ import annotations

import contextlib
import dataclasses
import heapq
import logging
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.collectors import FilterCollector, ScoredCollector
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from archive import Record, Settings, Store
from archive.cite import short_note

from . import storage
from .aliases import AliasTable, known_topics, load_aliases
from .analysis import spans, terms
from .build import build, choose_procs
from .documents import record_docs
from .errors import IndexDamaged, QueryError
from .facets import FACET_NAMES, RecordFacets, count_facets, distinct_records, facet_rows
from .highlight import snippet
from .query import SearchQuery, check_date, check_query, filter_queries, parse_text
from .results import Hit, SearchResult
from .schema import EVENT, PASSAGE, PUBLICATION
from .scoring import WEIGHTING

log = logging.getLogger(__name__)

_FILTER_CACHE_SIZE = 16  # a filter over a million passages is tens of MB


@dataclass
class _Handle:
    """One opened generation folder and its current searcher (shared by the process's threads)."""

    path: Path
    ix: FileIndex
    searcher: Searcher
    lock: threading.RLock = field(default_factory=threading.RLock)
    rows: list[RecordFacets | None] | None = None
    filters: OrderedDict[str, set[int]] = field(default_factory=OrderedDict)
    all_facets: dict[str, Any] | None = None
    closed: bool = False

    def refresh(self) -> None:
        if not self.searcher.up_to_date():
            # A fresh reader, not searcher.refresh(): refresh reuses segment readers and so keeps
            # their old deletion sets when a commit only deleted documents.
            old, self.searcher = self.searcher, self.ix.searcher(weighting=WEIGHTING)
            old.close()
            self.rows = None
            self.filters.clear()
            self.all_facets = None

    def facet_rows(self) -> list[RecordFacets | None]:
        if self.rows is None:
            self.rows = facet_rows(self.searcher.reader(), str(self.path))
        return self.rows

    def filter_set(self, key: str, q: query.Query) -> set[int]:
        docs = self.filters.get(key)
        if docs is None:
            docs = set(self.searcher.docs_for_query(q))
            self.filters[key] = docs
            while len(self.filters) > _FILTER_CACHE_SIZE:
                self.filters.popitem(last=False)
        else:
            self.filters.move_to_end(key)
        return docs

    def close(self) -> None:
        self.closed = True  # a thread that was waiting for the lock takes a fresh handle instead
        try:
            self.searcher.close()
        except Exception:  # an already-deleted generation may fail to close cleanly
            log.debug("closing %s failed", self.path, exc_info=True)


_HANDLES: dict[str, _Handle] = {}
_HANDLES_LOCK = threading.Lock()


class SearchIndex:
    """The search index of one data folder. See the package docstring for the contract."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.index_dir)

    # -- opening -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _using(self) -> Iterator[_Handle]:
        """The live handle, locked for this thread. Another thread may replace and close a handle
        while this one waits for its lock: then take the new one (never search a closed reader)."""
        while True:
            handle = self._handle()
            with handle.lock:
                if not handle.closed:
                    yield handle
                    return

    def _handle(self) -> _Handle:
        key = str(self.root.resolve())
        path = storage.current_dir(self.root)
        with _HANDLES_LOCK:
            handle = _HANDLES.get(key)
        if handle is not None and path == handle.path:
            with handle.lock:
                if not handle.closed:
                    handle.refresh()
            if not handle.closed and storage.read_journal(self.root) is None:
                return handle
        handle = self._open(path)
        with _HANDLES_LOCK:
            old = _HANDLES.get(key)
            _HANDLES[key] = handle
        if old is not None and old is not handle:
            with old.lock:  # no thread is searching with it any more
                old.close()
        return handle

    def _open(self, path: Path | None) -> _Handle:
        if path is not None and storage.read_journal(self.root) is None:
            try:
                ix = storage.open_index(path)
                return _Handle(path, ix, ix.searcher(weighting=WEIGHTING))
            except IndexDamaged as exc:
                log.warning("search index damaged, rebuilding from the archive: %s", exc)
        with storage.write_lock(self.settings):
            self._recover()
            path = storage.current_dir(self.root)
            assert path is not None
            ix = storage.open_index(path)
            return _Handle(path, ix, ix.searcher(weighting=WEIGHTING))

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
        records = list(records)
        if records:
            with storage.write_lock(self.settings):
                fresh = self._ensure_live()
                # Records just (re)indexed from the archive are not indexed twice: deleted
                # documents would linger in the ranking statistics until their segment merges.
                records = [r for r in records if r.id not in fresh]
                if records:
                    self._write(records, [])

    def delete(self, record_ids: Iterable[str]) -> None:
        ids = list(record_ids)
        if ids:
            with storage.write_lock(self.settings):
                fresh = self._ensure_live()
                ids = [i for i in ids if i not in fresh]
                if ids:
                    self._write([], ids)

    def _ensure_live(self) -> set[str]:
        """Under the write lock: a sound live index; returns the ids it had to reindex from the archive."""
        path = storage.current_dir(self.root)
        storage.remove_other_generations(self.root, keep=path)  # left by a rebuild that died
        if path is None or storage.read_journal(self.root) is not None:
            return self._recover()
        try:
            storage.open_index(path)
        except IndexDamaged as exc:
            log.warning("search index damaged, rebuilding from the archive: %s", exc)
            return self._recover()
        return set()

    def _write(self, records: list[Record], removed: list[str]) -> None:
        path = storage.current_dir(self.root)
        assert path is not None
        storage.write_journal(self.root, [r.id for r in records], removed)
        ix = storage.open_index(path)
        writer = ix.writer(limitmb=self.settings.search_build_limit_mb)
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
        storage.clear_journal(self.root)

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
        n = choose_procs(procs, self.settings.search_build_procs, len(items))
        try:
            stats = build(path, items, n, self.settings.search_build_limit_mb)
        except BaseException:
            storage.remove_other_generations(self.root, keep=storage.current_dir(self.root))
            raise
        storage.make_live(self.root, path)
        storage.clear_journal(self.root)
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
            since, until = check_query(q, self.settings.search_max_limit, known_topics(self.settings))
            if q.limit > self.settings.search_max_limit:  # page length is capped server-side
                q = dataclasses.replace(q, limit=self.settings.search_max_limit)
                result.limit = q.limit
            aliases = load_aliases(self.settings)
            text = (q.text or "").strip()
            parsed = parse_text(text, aliases) if text else None
            if parsed is None and not q.has_filters:
                return result
            with self._using() as handle:
                self._run(handle, q, parsed, filter_queries(q, since, until, aliases), aliases, result)
                if parsed is not None and result.total == 0:
                    result.suggestion = _suggest(handle.searcher, text, aliases)
        except QueryError as exc:
            result.error = str(exc)
        return result

    def _run(self, handle: _Handle, q: SearchQuery, parsed: query.Query | None,
             filters: list[tuple[str, query.Query]], aliases: AliasTable, result: SearchResult) -> None:
        searcher = handle.searcher
        if parsed is None:  # filters only: the newest documents, one passage each
            main: query.Query = query.And([fq for _, fq in filters])
            filter_docs = None
            per_record, by_date = 1, True
        else:
            main = _only_passages(parsed)
            filter_docs = _intersect([handle.filter_set(k, fq) for k, fq in filters]) if filters else None
            per_record, by_date = max(1, self.settings.search_passages_per_record), q.sort == "date"
        collector = _AllMatches()
        run = FilterCollector(collector, allow=filter_docs) if filter_docs is not None else collector
        searcher.search_with_collector(main, run)
        rows = handle.facet_rows()
        items = [item for item in collector.items if rows[item[1]] is not None]
        per_rid = Counter(rows[d].rid for _, d in items)  # type: ignore[union-attr]
        total = sum(min(c, per_record) for c in per_rid.values())
        wanted = q.page * q.limit
        ranked = _ranked(items, rows, by_date, per_record, wanted)
        matched = [d for _, d in items]
        result.total = total
        result.records = len(per_rid)
        result.pages = math.ceil(total / q.limit) if total else 0
        result.facets = count_facets(distinct_records(rows, matched))
        result.more = {rid: c - per_record for rid, c in per_rid.items() if c > per_record}
        page = ranked[(q.page - 1) * q.limit : wanted]
        marks = _marks_of(main, searcher, aliases) if parsed is not None else _Marks()
        result.hits = [self._hit(searcher, docnum, score, marks, by_date) for docnum, score in page]

    def _hit(self, searcher: Searcher, docnum: int, score: float | None, marks: _Marks,
             by_date: bool) -> Hit:
        stored = searcher.stored_fields(docnum)
        meta = stored.get("meta") or {}
        n, page = stored["n"], stored.get("page")
        title = meta.get("title") or ""
        return Hit(
            record_id=stored["rid"],
            paragraph=n,
            title=title,
            date=meta.get("d"),
            doc_type=stored.get("doc_type") or "other",
            topics=list(meta.get("t") or []),
            snippet=snippet(stored.get("text") or "", marks.terms, self.settings.search_snippet_chars,
                            marks.phrases),
            score=None if by_date or score is None else round(float(score), 4),
            citation=short_note(title=title, org=meta.get("o"), date=meta.get("d"),
                                url=meta.get("u"), paragraph=n, page=page),
            page=page,
        )

    def facets(self, topic: str | None = None, doc_type: str | None = None, org: str | None = None,
               since: str | None = None, until: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Counts of records per topic, doc type, organization and year (within the filters given).

        Raises QueryError for a malformed filter.
        """
        q = SearchQuery("", topic=topic, doc_type=doc_type, org=org, since=since, until=until)
        lo, hi = check_query(q, self.settings.search_max_limit, known_topics(self.settings))
        with self._using() as handle:
            rows = handle.facet_rows()
            if not q.has_filters:
                if handle.all_facets is None:
                    reader = handle.searcher.reader()
                    if reader.has_deletions():
                        live = {row for d, row in enumerate(rows) if row is not None and not reader.is_deleted(d)}
                    else:
                        live = set(rows) - {None}  # type: ignore[assignment]
                    handle.all_facets = count_facets(live)
                return handle.all_facets
            filters = filter_queries(q, lo, hi, load_aliases(self.settings))
            docs = _intersect([handle.filter_set(k, fq) for k, fq in filters])
            return count_facets(distinct_records(rows, docs))

    def timeline(self, topic: str | None = None, doc_type: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Reported events and publications, oldest first. Raises QueryError for a malformed filter."""
        lo = check_date("since", since, end=False) or 1
        hi = check_date("until", until, end=True) or 99991231
        parts: list[query.Query] = [
            query.Or([query.Term("kind", EVENT), query.Term("kind", PUBLICATION)]),
            query.NumericRange("t_date", lo, hi),
        ]
        if topic:
            parts.append(query.Term("t_topic", topic.lower()))
        if doc_type:
            parts.append(query.Term("t_type", doc_type))
        with self._using() as handle:
            results = handle.searcher.search(query.And(parts), limit=limit, sortedby="t_date")
            return [dict(hit["t_data"]) for hit in results]


def _filters_of(q: SearchQuery) -> dict[str, str]:
    pairs = {"topic": q.topic, "type": q.doc_type, "org": q.org, "since": q.since, "until": q.until}
    return {k: str(v) for k, v in pairs.items() if v}


def _intersect(sets: list[set[int]]) -> set[int]:
    sets = sorted(sets, key=len)
    out = set(sets[0])
    for s in sets[1:]:
        out &= s
    return out


def _only_passages(q: query.Query) -> query.Query:
    """A query of only NOTs would match event documents too: anchor it on passages."""
    if isinstance(q, query.Not):
        return query.AndNot(query.Term("kind", PASSAGE), q.query)
    return q


class _AllMatches(ScoredCollector):
    """Every matching (score, docnum), in one pass: totals and facets need them all, so Whoosh's
    block skipping and matcher replacement (which drop documents that cannot reach the top N)
    are off."""

    def prepare(self, top_searcher: Searcher, q: query.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.items: list[tuple[float, int]] = []

    def matches(self) -> Iterator[int]:
        matcher = self.matcher
        while matcher.is_active():
            yield matcher.id()
            matcher.next()

    def _collect(self, global_docnum: int, score: float) -> float:
        self.items.append((score, global_docnum))
        return 0 - score

    def results(self) -> None:
        return None


def _ranked(items: list[tuple[float, int]], rows: list[RecordFacets | None], by_date: bool, per_record: int,
            wanted: int) -> list[tuple[int, float | None]]:
    """The best `wanted` (docnum, score) pairs, at most `per_record` passages of any one record.

    Ties (equal scores or dates) go in record-id, then paragraph order: the same in any index build.
    """
    if by_date:
        def key(item: tuple[float, int]) -> tuple[Any, ...]:
            row = rows[item[1]]
            return (-row.date, row.rid, item[1])  # type: ignore[union-attr]
    else:
        def key(item: tuple[float, int]) -> tuple[Any, ...]:
            return (-item[0], rows[item[1]].rid, item[1])  # type: ignore[union-attr]
    k = wanted * per_record + 10
    while True:
        top = heapq.nsmallest(k, items, key=key) if k < len(items) else sorted(items, key=key)
        seen: Counter[str] = Counter()
        out: list[tuple[int, float | None]] = []
        for score, docnum in top:
            rid = rows[docnum].rid  # type: ignore[union-attr]
            if seen[rid] < per_record:
                seen[rid] += 1
                out.append((docnum, score))
                if len(out) >= wanted:
                    return out
        if k >= len(items):
            return out
        k = len(items)


@dataclass
class _Marks:
    """What to highlight: single terms (wildcards expanded) and phrases, as analyzed terms."""

    terms: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)


def _marks_of(q: query.Query, searcher: Searcher, aliases: AliasTable, marks: _Marks | None = None) -> _Marks:
    """The text-field words and phrases `q` looks for (not those it excludes with NOT), with every
    name of their alias groups (matching uses fewer: a name inside another is enough)."""
    marks = marks if marks is not None else _Marks()
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


def _suggest(searcher: Searcher, text: str, aliases: AliasTable) -> str | None:
    """'Did you mean': the query with each word the index does not know replaced by a close one."""
    corrector = searcher.corrector("text")
    names = {n.casefold(): n for n in aliases.single_words}
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        toks = terms(word)
        if word in _OPERATORS or len(toks) != 1 or searcher.doc_frequency("text", toks[0]):
            return word
        best = _closest_name(word, names)
        if best is None:
            found = corrector.suggest(toks[0], limit=1, maxdist=1 if len(word) < 6 else 2, prefix=1)
            best = _surface(searcher, found[0]) if found else None
        if not best:
            return word
        changed = True
        return best[0].upper() + best[1:] if word[0].isupper() else best

    fixed = _WORD.sub(fix, text)
    return fixed if changed and fixed != text else None


def _surface(searcher: Searcher, term: str) -> str:
    """A word as documents write it for an index term (a stem such as "detent" -> "detention")."""
    for hit in searcher.search(query.Term("text", term), limit=1):
        for start, end, token in spans(hit.get("text") or ""):
            if token == term:
                return hit["text"][start:end].lower()
    return term


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


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


__all__ = ["FACET_NAMES", "SearchIndex"]
