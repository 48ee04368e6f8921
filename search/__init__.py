"""Search: a Whoosh index under DATA/index/, derived from the archive and rebuildable from it.

Public interface:

- ``SearchIndex(settings)``: cheap to construct (opened indexes are cached per process and index
  generation; searches run in parallel, each with a searcher of its own).
  ``.generation() -> str``: the index's generation key ("<live folder>:<commit>", "" before any
  index): it changes with every committed write and rebuild, and only then; caches of anything
  derived from the index (the app's timeline and quotes catalog too) key on it.
  ``.upsert(records)`` / ``.delete(ids)``: replace / remove every document of those records;
  ``.update(records, removed_ids)`` does both in one commit.
- ``IndexBatch(index, max_records, max_seconds)``: index writes gathered for an ingest of many
  files (``.add(records, removed_ids)``, written when full or old enough and when the ``with`` block
  ends); the ids waiting are journaled so a crash loses nothing the archive holds.
  ``SegmentBatch(index, max_records, submit, lock, held)`` / ``build_segment(records, limitmb)``:
  the same for a bulk import whose segments are built apart (on Dask workers; see search/bulk.py),
  listed by ``.add_segment(segment, files, record_ids, delete_ids)``.
  ``.rebuild(records_or_store=None, procs=None) -> dict``: build a new index (in parallel for large
  archives) in a new folder and swap it in atomically; stats: records, documents, seconds,
  records_per_second, procs, index_bytes, skipped.
  ``.search(SearchQuery) -> SearchResult``; ``.facets(...)``; ``.timeline(...)``; ``.record_ids()``.
- ``SearchQuery(text, topic=None, doc_type=None, org=None, since=None, until=None,
  sort="relevance"|"date", page=1, limit=20)``.
- ``SearchResult.to_dict()``: {"query", "total", "hits": [{"record_id", "paragraph", "title", "date",
  "doc_type", "topics", "snippet", "score", "citation"}], "records", "facets", "suggestion", "page",
  "pages", "limit", "sort", "filters", "more", "error"}. A page lists ``limit`` records, each with its
  best passages (at most ``search_passages_per_record``); ``more`` maps a shown record's id to its
  matching passages not shown. ``total`` and ``records`` both count the matching records (the
  result's length across pages); facet counts are records. ``score`` is None when sorted by date.

Bounded cost: ``check_cost(text, QueryLimits.of(settings))`` raises ``QueryTooLarge`` (a QueryError
naming the setting) for a query over the length, word, wildcard or nesting limits; ``search`` runs it
first. "Did you mean" looks at a few unknown words within a time budget, else suggests nothing.

Alignment (``search.align``, shared by the draft check and reuse detection; see that module's
docstring): ``align(quotation, passage, engine="edlib") -> Alignment`` (status exact | near | none,
similarity, changes, pieces, diff of ``DiffOp``, diff_text(), to_dict()), ``tokenize``,
``split_quotation``, ``shared_runs(a, b, min_words=8) -> list[Run]``. The draft check's lookups
(``search.locate``): ``locate_quotation(index, quotation, max_records) -> list[Located]`` and
``locate_figure(index, number, unit, max_records) -> list[FigureMatch]``.

Errors: ``search`` never raises for a user's mistake: a malformed query or filter gives a
SearchResult whose ``error`` holds a clear message (and no hits). ``facets`` and ``timeline``
raise ``QueryError`` (with such a message) for a malformed filter. ``IndexDamaged`` is handled
inside: a damaged index is rebuilt from the archive when opened.

Everything that touches Whoosh-Reloaded's internals is in ``search.engine`` (see its README.md:
what it replaces, the numbers, its invariants, the Whoosh version it is verified against); the rest
of the package uses Whoosh's public API and that package's interface.

Snippets are HTML: the passage text escaped with html.escape, matched words in <mark>…</mark>.
Writers hold DATA/.index.lock, so concurrent writers (processes or threads) wait their turn.
"""

from .align import Alignment, DiffOp, Piece, Run, Token, align, shared_runs, split_quotation, tokenize
from .batch import IndexBatch
from .bulk import BuiltSegment, SegmentBatch, build_segment
from .errors import IndexDamaged, QueryError, SearchError
from .facets import FACET_NAMES
from .index import LruCache, SearchIndex
from .locate import FigureMatch, Located, Trap, locate_figure, locate_quotation
from .query import SORTS, QueryLimits, QueryTooLarge, SearchQuery, check_cost
from .results import Hit, SearchResult

__all__ = [
    "FACET_NAMES", "SORTS", "Alignment", "BuiltSegment", "DiffOp", "FigureMatch", "Hit", "IndexBatch",
    "IndexDamaged", "Located", "LruCache", "Piece", "QueryError", "QueryLimits", "QueryTooLarge", "Run", "SearchError",
    "SearchIndex", "SearchQuery", "SearchResult", "SegmentBatch", "Token", "Trap", "align", "build_segment",
    "check_cost", "locate_figure", "locate_quotation", "shared_runs", "split_quotation", "tokenize",
]
