"""What a search returns: passage hits with snippets and citations, facets, paging, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Hit:
    record_id: str
    paragraph: int
    title: str
    date: str | None
    doc_type: str
    topics: list[str]
    snippet: str  # HTML: escaped passage text with <mark>…</mark> around matched words
    score: float | None  # relevance (None when sorted by date)
    citation: str
    page: int | None = None  # the source page, for PDFs (not part of the hit's JSON)
    match: str = "words"  # "words": the query's words are in the record; "meaning": close in meaning only

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "paragraph": self.paragraph,
            "title": self.title,
            "date": self.date,
            "doc_type": self.doc_type,
            "topics": list(self.topics),
            "snippet": self.snippet,
            "score": self.score,
            "citation": self.citation,
        }


@dataclass
class SearchResult:
    query: str
    total: int = 0  # passages available across pages (at most `per_record` per record)
    hits: list[Hit] = field(default_factory=list)
    records: int = 0  # distinct records that matched
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean", when the query found little
    page: int = 1
    pages: int = 0
    limit: int = 20
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)
    more: dict[str, int] = field(default_factory=dict)  # record id -> matching passages not shown
    error: str | None = None  # a malformed query or filter: a message for the user
    # plain words ranked with meaning: {"used", "also_searched": {word: [forms]}, "relaxed"}
    meaning: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            # with meaning used, each hit also says how it was found ("words" or "meaning")
            "hits": [h.to_dict() if self.meaning is None else {**h.to_dict(), "match": h.match} for h in self.hits],
            "records": self.records,
            "facets": self.facets,
            "suggestion": self.suggestion,
            "page": self.page,
            "pages": self.pages,
            "limit": self.limit,
            "sort": self.sort,
            "filters": self.filters,
            "more": self.more,
            "error": self.error,
            "meaning": self.meaning,
        }
