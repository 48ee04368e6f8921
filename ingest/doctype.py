"""Document type from content and structure. A sidecar's doc_type always wins (the pipeline applies it)."""

from __future__ import annotations

import re

from archive import Record

from .letter import LetterFields

# An alert's template letter greets an office, not a person: "Dear Senator / Representative:", "Dear [Name],".
_ALERT = re.compile(
    r"^Dear (?:(?:Senator|Representative|Member of Congress|Member|Legislator|Senator\s*/\s*Representative"
    r"|Representative\s*/\s*Senator)\s*[,:]|\[[^\]]{1,40}\]|\{[^}]{1,40}\}|<[^>]{1,40}>)",
    re.I,
)
_ALERT_WORDS = re.compile(r"\b(action alert|rapid responder|take action|send (a|your) letter|contact your (senator|representative|member))", re.I)
_REPORT_SECTION = re.compile(r"^(Section \d+\.|Executive Summary$)")
_TESTIMONY = re.compile(
    r"\b(testimony (of|before|to)|testif(y|ying|ied) before|(prepared |written )?statement of .{0,160}? before the"
    r"|hearing before the|before the (u\.s\. )?(house|senate)? ?(committee|subcommittee) on)\b",
    re.I,
)
# Testimony opens by addressing the committee: "Chairman Smith, Ranking Member Jones, ..."
_CHAIR_ADDRESS = re.compile(
    r"^(?:Good (?:morning|afternoon)[,.]?\s*)?(?:Mr\.|Madam|Madame)?\s*Chair(?:man|woman|person)?\s+[A-Z][\w'’-]+,?"
    r"\s*(?:and\s+)?(?:Mr\.|Madam|Madame)?\s*Ranking Member\b"
)
# A press release's dateline: "WASHINGTON—", "WASHINGTON, DC –", "Washington, DC–", "Yerevan, Armenia -".
_DATELINE = re.compile(
    r"^(?:[A-Z]{3,}(?:\s[A-Z]{3,})*(?:,\s*(?:[A-Z]{2}|D\.\s?C\.))?"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,?\s+(?:[A-Z]{2}|D\.\s?C\.)"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s+[A-Z][a-z]+)\s*[-–—]"
)
_STATEMENT_TITLE = re.compile(r"^(joint )?statement (of|by|from|on)\b", re.I)
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
    if _TESTIMONY.search(title) or _TESTIMONY.search(head) or any(_CHAIR_ADDRESS.match(t) for t in texts[:6]):
        return "testimony"
    dateline = next((i for i, t in enumerate(texts[:4]) if _DATELINE.match(t)), None)
    if dateline is not None and (fields.salutation_index is None or dateline < fields.salutation_index):
        # a press release (or press statement) that may quote a letter further down
        if _STATEMENT_TITLE.match(title) or _STATEMENT.search(head):
            return "statement"
        return "press_release"
    if _STATEMENT_TITLE.match(title) or (texts and _STATEMENT_TITLE.match(texts[0])):
        return "statement"
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
