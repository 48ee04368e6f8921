"""Dates written in running text: "October 2, 2023", "Oct. 2, 2023", "2 October 2023", datelines."""

from __future__ import annotations

import datetime as dt
import re

from .model import Block

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
FULL_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
DAY_FIRST = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b")
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.]+(?:[ ,]+[A-Z][A-Za-z.]+)*\s*[-–—]+\s*$|^(WASHINGTON|Washington)\b", re.UNICODE
)


def to_iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_full_date(text: str) -> str | None:
    """The first full date written in `text`, as ISO, or None."""
    m = FULL_DATE.search(text)
    if m:
        return to_iso(int(m.group(3)), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
    m = DAY_FIRST.search(text)
    if m:
        return to_iso(int(m.group(3)), MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
    return None


def is_date_line(text: str) -> bool:
    """A line that is only a date ("October 2, 2023")."""
    m = FULL_DATE.fullmatch(text.strip().rstrip(".")) or DAY_FIRST.fullmatch(text.strip().rstrip("."))
    return m is not None


def find_publication_date(blocks: list[Block]) -> tuple[str, str] | None:
    """A date line or a dateline ("WASHINGTON, DC – January 15, 2025 –") near the top."""
    for block in blocks[:3]:
        text = block.text.strip()
        if is_date_line(text):
            iso = parse_full_date(text)
            if iso:
                return iso, "text"
        head = text[:120]
        if re.match(r"^[A-Z][A-Za-z.]*(?:,?\s+[A-Z][A-Za-z.]*)*,?\s*(?:\(\w+\)\s*)?[-–—]", head) or head.upper().startswith("WASHINGTON"):
            m = FULL_DATE.search(head)
            if m and m.start() < 60:
                iso = to_iso(int(m.group(3)), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
                if iso:
                    return iso, "dateline"
    return None
