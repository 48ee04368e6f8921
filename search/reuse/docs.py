"""What reuse detection reads of a record: its id, its date (or the latest date its text gives)
and its paragraphs with their marked quotations."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from archive import Record

from .passages import Para

SKIPPED_KINDS = ("signature",)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class ReuseDoc:
    record_id: str
    date: str | None  # the record's date; for an undated record, the latest date its text names
    paragraphs: tuple[Para, ...]
    dated: bool = True  # False: `date` is only a bound (the record is no earlier than it)

    def signature(self) -> str:
        """Changes whenever anything reuse detection reads of the record changes."""
        data = [self.date, self.dated, [(p.n, p.kind, p.text, list(p.quotes)) for p in self.paragraphs]]
        return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_date(record: Record) -> str | None:
    """For an undated record, what its text says: the latest event date or year it names (it cannot be
    earlier than that)."""
    dates = [str(e.date) for e in record.events if e.date]
    dates += [y for p in record.paragraphs for y in _YEAR.findall(p.text)]
    return max(dates) if dates else None


def doc_of(record: Record) -> ReuseDoc:
    quotes: dict[int, list[str]] = {}
    for q in record.quotes:
        if q.paragraph and q.text:
            quotes.setdefault(int(q.paragraph), []).append(q.text)
    paras = tuple(Para(p.n, p.text, p.kind, tuple(quotes.get(p.n, ())))
                  for p in record.paragraphs if p.kind not in SKIPPED_KINDS and p.text.strip())
    if record.date:
        return ReuseDoc(record.id, str(record.date), paras)
    return ReuseDoc(record.id, text_date(record), paras, dated=False)
