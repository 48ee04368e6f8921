"""What reuse detection reads of a record: its id, its date (or the latest date its text gives)
and its paragraphs with their marked quotations."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace

from archive import Record

from .passages import Para
from .tokens import fingerprints, text_hash, words

SKIPPED_KINDS = ("signature",)
QUOTE_MIN_WORDS = 4  # a marked quotation this long or longer is also matched whole
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class ReuseDoc:
    record_id: str
    date: str | None  # the record's date; for an undated record, the latest date its text names
    paragraphs: tuple[Para, ...]
    dated: bool = True  # False: `date` is only a bound (the record is no earlier than it)
    # each paragraph's fingerprints when already computed (by a reading worker); not part of the record
    prints: tuple[tuple[int, ...], ...] | None = field(default=None, compare=False, repr=False)

    def signature(self) -> str:
        """Changes whenever anything reuse detection reads of the record changes."""
        data = [self.date, self.dated, [(p.n, p.kind, p.text, list(p.quotes)) for p in self.paragraphs]]
        return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def paragraph_prints(para: Para) -> tuple[int, ...]:
    """A paragraph's fingerprints: its winnowed word shingles (even) and the hash of each marked
    quotation of QUOTE_MIN_WORDS words or more, or of the whole paragraph when it is a quote (odd)."""
    hashes = set(fingerprints(words(para.text)).tolist())
    whole = list(para.quotes) + ([para.text] if para.kind == "quote" else [])
    hashes.update(text_hash(q) for q in whole if len(words(q)) >= QUOTE_MIN_WORDS)
    return tuple(h for h in hashes if h)


def with_prints(doc: ReuseDoc) -> ReuseDoc:
    """The doc with its paragraphs' fingerprints computed (where it is read, e.g. in a worker)."""
    return replace(doc, prints=tuple(paragraph_prints(p) for p in doc.paragraphs))


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
