"""The checked letter as Word: its paragraphs as written (block quotes in the Quote style), and a
footnote, citing the source, after every quotation verified word for word."""

from __future__ import annotations

from docx import Document

from ..exports import footnote_reference, save_with_footnotes, xml_text
from .check import DraftCheck, QuoteCheck

_CLOSERS = "”\"’'"
_AFTER = ".,;:!?"


def _cut_after_quote(text: str, end: int) -> int:
    """Where the note mark goes: after the closing quotation mark and the punctuation after it."""
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    while end < len(text) and text[end] in _AFTER:
        end += 1
    return end


def _note(q: QuoteCheck) -> str | None:
    if q.status != "exact":
        return None
    chosen = next((m for m in q.matches if m["original"] and m["status"] == "exact"), None) \
        or next((m for m in q.matches if m["status"] == "exact"), None)
    return chosen["citation"] if chosen else None


def checked_docx(check: DraftCheck) -> bytes:
    doc = Document()
    notes: list[str] = []
    by_paragraph: dict[int, list[QuoteCheck]] = {}
    for q in check.quotes:
        by_paragraph.setdefault(q.quote.paragraph, []).append(q)
    for index, para in enumerate(check.paragraphs):
        out = doc.add_paragraph(style="Quote" if para.block else None)
        pos = 0
        for q in sorted(by_paragraph.get(index, []), key=lambda q: q.quote.start):
            note = _note(q)
            if note is None:
                continue
            cut = len(para.text) if q.quote.block else _cut_after_quote(para.text, q.quote.end)
            out.add_run(xml_text(para.text[pos:cut]))
            notes.append(note)
            out._p.append(footnote_reference(len(notes)))
            pos = cut
        if pos < len(para.text):
            out.add_run(xml_text(para.text[pos:]))
    return save_with_footnotes(doc, notes)
