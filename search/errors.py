"""Typed search errors."""

from __future__ import annotations


class SearchError(Exception):
    """Base of search errors."""


class QueryError(SearchError, ValueError):
    """A query (or one of its filters) a user wrote cannot be run; the message says why.

    `SearchIndex.search` never raises it: it returns a SearchResult whose `error` holds the message.
    """


class IndexDamaged(SearchError):
    """The index on disk cannot be opened (torn segment, missing table of contents, old schema)."""
