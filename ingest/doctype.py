"""Document type from content and structure. A sidecar's doc_type always wins (the pipeline applies it)."""

from __future__ import annotations

import re

from archive import Record

from .letter import LetterFields

_ALERT = re.compile(r"^Dear (Senator|Representative|Member of Congress|Senator\s*/\s*Representative|Representative\s*/\s*Senator)\b", re.I)
_ALERT_WORDS = re.compile(r"\b(action alert|rapid responder|take action|send (a|your) letter|contact your (senator|representative|member))", re.I)
_REPORT_SECTION = re.compile(r"^(Section \d+\.|Executive Summary$)")
_TESTIMONY = re.compile(r"\b(testimony (of|before)|testifying before|prepared statement of .* before the|hearing before the)\b", re.I)
_STATEMENT = re.compile(r"\b(released the following statement|issued the following statement|statement (of|by|from|on))\b", re.I)
_PRESS = re.compile(r"^(WASHINGTON|[A-Z][A-Za-z]+,?\s+[A-Z]{2}\b|[A-Z .,]+)\s*[-–—]", re.M)


def classify(record: Record, fields: LetterFields) -> str:
    paragraphs = record.paragraphs
    texts = [p.text for p in paragraphs]
    head = " ".join(texts[:3])
    title = record.title or ""
    if any(_ALERT.match(t) for t in texts[:4]) or _ALERT_WORDS.search(title):
        return "action_alert"
    if sum(1 for p in paragraphs if p.kind == "heading" and _REPORT_SECTION.match(p.text)) >= 2:
        return "report"
    if re.search(r"\bhuman rights report\b|\bcountry reports? on\b", title, re.I):
        return "report"
    if _TESTIMONY.search(title) or _TESTIMONY.search(head):
        return "testimony"
    letter_first = fields.salutation_index is not None and fields.salutation_index <= 12
    if fields.is_letter and letter_first:
        return "letter"
    if re.search(r"\bstatement\b", title, re.I) or _STATEMENT.search(head):
        return "statement"
    if _PRESS.search(head) or re.search(r"\b(press release|for immediate release)\b", head, re.I):
        return "press_release"
    if fields.is_letter:
        return "letter"
    return "other"
