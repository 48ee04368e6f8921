"""The draft check: every quotation and figure of a letter looked up in the archive.

`check_draft(settings, store, index, paragraphs, style)` -> `DraftCheck`; `.to_dict()` is the
contract of `evidence check-draft --json` and `POST /api/check`:

    {"quotes": [{"text", "status": "exact"|"near"|"not_found", "context", "block", "traps",
                 "matches": [{"record_id", "paragraph", "ref", "status", "similarity", "diff",
                              "citation", "quote", "title", "date", "original", "quoted_in_source",
                              "traps"}]}],
     "figures": [{"text", "number", "unit", "context", "status": "supported"|"not_found",
                  "matches": [{"record_id", "paragraph", "ref", "text", "citation"}]}],
     "summary": {"quotes", "exact", "near", "not_found", "figures", "supported", "traps", "all_exact"}}

A quotation's status is that of its best match among the records that state the words themselves
(not quoting them), else among all: a release that copied a report word for word does not make a
changed quotation of the report exact. The match that decides the status, and the original, are
cited in the chosen style (citeproc takes tens of milliseconds a citation); the other matches carry
the short note search hits carry (`citation_style: "short"`). Figures inside quotations are checked with the quotation's
words, not again as figures. Nothing is stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from archive import Record, RecordNotFound, Settings, Store, short_note
from ingest import DraftFigure, DraftParagraph, DraftQuote, find_draft_quotations, find_figures
from search import Located, Trap, locate_figure, locate_quotation

from ..cite import CitationError, cite

log = logging.getLogger(__name__)


@dataclass
class QuoteCheck:
    quote: DraftQuote
    status: str
    matches: list[dict[str, Any]]
    traps: list[Trap] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.quote.text, "status": self.status, "context": self.quote.context,
                "block": self.quote.block, "paragraph_index": self.quote.paragraph,
                "traps": [t.to_dict() for t in self.traps], "matches": self.matches}


@dataclass
class FigureCheck:
    figure: DraftFigure
    matches: list[dict[str, Any]]

    @property
    def status(self) -> str:
        return "supported" if self.matches else "not_found"

    def to_dict(self) -> dict[str, Any]:
        f = self.figure
        return {"text": f.text, "number": f.number, "unit": f.unit, "context": f.context,
                "status": self.status, "matches": self.matches}


@dataclass
class DraftCheck:
    paragraphs: list[DraftParagraph]
    quotes: list[QuoteCheck]
    figures: list[FigureCheck]
    style: str

    @property
    def all_exact(self) -> bool:
        return all(q.status == "exact" for q in self.quotes)

    def summary(self) -> dict[str, Any]:
        count = {s: sum(q.status == s for q in self.quotes) for s in ("exact", "near", "not_found")}
        return {"quotes": len(self.quotes), **count, "figures": len(self.figures),
                "supported": sum(f.status == "supported" for f in self.figures),
                "traps": sum(len(q.traps) for q in self.quotes), "all_exact": self.all_exact}

    def to_dict(self) -> dict[str, Any]:
        return {"style": self.style, "quotes": [q.to_dict() for q in self.quotes],
                "figures": [f.to_dict() for f in self.figures], "summary": self.summary()}


class _Records:
    """Records loaded once per check (a record matched by several quotations is read once)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, Record | None] = {}

    def get(self, record_id: str) -> Record | None:
        if record_id not in self.cache:
            try:
                self.cache[record_id] = self.store.get(record_id)
            except RecordNotFound:
                log.warning("draft check: %s is in the index but not in the archive", record_id)
                self.cache[record_id] = None
        return self.cache[record_id]


def check_draft(settings: Settings, store: Store, index: Any, paragraphs: list[DraftParagraph], style: str,
                min_words: int | None = None) -> DraftCheck:
    records = _Records(store)
    limit = max(1, settings.web.draft_check_records)
    quotes = []
    found = find_draft_quotations(paragraphs, min_words or settings.web.draft_check_min_words)
    for quote in found:
        located = locate_quotation(index, quote.text, limit)
        quotes.append(_quote_check(quote, located, records, style))
    figures = [FigureCheck(f, [_figure_match(m, records, style, i == 0) for i, m in
                               enumerate(locate_figure(index, f.number, f.unit, limit))])
               for f in find_figures(paragraphs) if not _inside_a_quotation(f, found)]
    return DraftCheck(paragraphs, quotes, figures, style)


def _inside_a_quotation(figure: DraftFigure, quotes: list[DraftQuote]) -> bool:
    """A figure inside a quotation is checked with the quotation's words."""
    return any(q.paragraph == figure.paragraph and q.start < figure.end and figure.start < q.end for q in quotes)


def _quote_check(quote: DraftQuote, located: list[Located], records: _Records, style: str) -> QuoteCheck:
    if not located:
        return QuoteCheck(quote, "not_found", [])
    own = [m for m in located if not m.quoted_in_source]
    deciding = min(own or located, key=lambda m: (m.alignment.status != "exact", -m.alignment.similarity))
    matches = [_match(m, records, style, full=(m is deciding or m.original)) for m in located]
    if deciding.quoted_in_source:  # name who the shown warning is about (one record read)
        _name_speaker(deciding, records)
    status = "exact" if deciding.alignment.status == "exact" else "near"
    return QuoteCheck(quote, status, matches, list(deciding.traps))


def _name_speaker(m: Located, records: _Records) -> None:
    """Name who the source quotes, from the record's attributed quotes, in the 'attributed' trap."""
    record = records.get(m.source.record_id)
    if record is None:
        return
    piece = m.alignment.matched_text.split(" … ")[0].casefold()
    for q in record.quotes:
        if q.speaker and q.paragraph == m.source.n and piece[:60] in q.text.casefold():
            for i, trap in enumerate(m.traps):
                if trap.kind == "attributed":
                    m.traps[i] = Trap("attributed", f"in the source these are the words of {q.speaker}")
            return


def _citation(record_id: str, n: int, quote: str | None, records: _Records, style: str, full: bool,
              fallback: dict[str, Any]) -> str:
    record = records.get(record_id) if full else None
    if record is not None:
        try:
            return cite(record, n, style, quote).note
        except CitationError:
            try:
                return cite(record, n, style).note
            except CitationError as exc:
                log.warning("draft check: cannot cite %s#p%d: %s", record_id, n, exc)
    return short_note(**fallback)


def _match(m: Located, records: _Records, style: str, full: bool) -> dict[str, Any]:
    s, a = m.source, m.alignment
    single = len(a.pieces) == 1 and a.pieces[0].paragraph == 0
    quote = s.text[a.pieces[0].start:a.pieces[0].end] if single else None
    fallback = {"title": s.title, "org": s.org, "date": s.date, "url": s.url, "paragraph": s.n, "page": s.page}
    return {
        "record_id": s.record_id, "paragraph": s.n, "ref": f"{s.record_id}#p{s.n}", "status": a.status,
        "similarity": round(a.similarity, 3), "diff": a.diff_text() if a.status != "exact" else "",
        "changes": [d.to_dict() for d in a.diff if d.op not in ("equal", "omitted")],
        "citation": _citation(s.record_id, s.n, quote, records, style, full, fallback),
        "citation_style": style if full else "short",
        "quote": quote or a.matched_text, "title": s.title, "date": s.date, "doc_type": s.doc_type,
        "original": m.original, "quoted_in_source": m.quoted_in_source, "traps": [t.to_dict() for t in m.traps],
    }


def _figure_match(m: Any, records: _Records, style: str, full: bool) -> dict[str, Any]:
    s = m.source
    fallback = {"title": s.title, "org": s.org, "date": s.date, "url": s.url, "paragraph": s.n, "page": s.page}
    return {"record_id": s.record_id, "paragraph": s.n, "ref": f"{s.record_id}#p{s.n}", "text": m.text,
            "citation": _citation(s.record_id, s.n, None, records, style, full, fallback),
            "citation_style": style if full else "short"}
