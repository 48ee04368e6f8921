"""What two records with shared passages are to each other.

- ``same_text``: two renditions of one document: most of one record's words are shared with the
  other (and not as quotations). The record with the larger share is the rendition.
- ``quotes`` / ``quoted_by``: a shared passage is a quotation in at least one of them; the earlier
  record is the source (an undated record is no earlier than the latest date its text names). With
  the same or unknown dates, the record with more of the shared words in quotation marks quotes.
- ``shares_text``: common passages without quotation marks (joint statements, republished text).
"""

from __future__ import annotations

from dataclasses import dataclass

from .passages import Passage

RELATIONS = ("quotes", "quoted_by", "same_text", "shares_text")
INVERSE = {"quotes": "quoted_by", "quoted_by": "quotes", "same_text": "same_text", "shares_text": "shares_text"}


@dataclass(frozen=True)
class PairVerdict:
    relation: str  # seen from the first record: "quotes" means the first quotes the second
    share_a: float  # share of the first record's text in shared passages
    share_b: float
    rendition: str | None  # "a" or "b": which of the two is a rendition of the other (same_text)


def earlier(date_a: str | None, date_b: str | None, dated_a: bool = True, dated_b: bool = True) -> str | None:
    """"a" or "b" when one record is surely earlier (dates compared at the precision both have); None
    when unknown or equal. An undated record's date is a bound: it is no earlier than that."""
    if not date_a or not date_b:
        return None
    size = min(len(date_a), len(date_b))
    if date_a[:size] == date_b[:size]:
        return None
    first = "a" if date_a[:size] < date_b[:size] else "b"
    if (first == "a" and not dated_a) or (first == "b" and not dated_b):
        return None  # the bound of the undated one is earlier: it may still be the later record
    return first


def _covered(spans: dict[int, list[tuple[int, int]]]) -> int:
    total = 0
    for ranges in spans.values():
        end = -1
        for s, e in sorted(ranges):
            if e > end:
                total += e - max(s, end)
                end = e
    return total


def judge(found: list[tuple[int, int, Passage]], size_a: int, size_b: int, date_a: str | None,
          date_b: str | None, same_share: float, dated_a: bool = True, dated_b: bool = True) -> PairVerdict:
    """The relation of record a to record b, from their shared passages (a's paragraph, b's paragraph,
    passage) and their sizes in characters of paragraph text."""
    spans_a: dict[int, list[tuple[int, int]]] = {}
    spans_b: dict[int, list[tuple[int, int]]] = {}
    quoted_words = 0
    shared_words = 0
    quoted_a = quoted_b = 0  # shared words inside quotation marks on each side
    for na, nb, p in found:
        spans_a.setdefault(na, []).append(p.a_chars)
        spans_b.setdefault(nb, []).append(p.b_chars)
        shared_words += p.matched
        if p.quoted_a or p.quoted_b:
            quoted_words += p.matched
        quoted_a += p.matched if p.quoted_a else 0
        quoted_b += p.matched if p.quoted_b else 0
    share_a = min(1.0, _covered(spans_a) / size_a) if size_a else 0.0
    share_b = min(1.0, _covered(spans_b) / size_b) if size_b else 0.0
    if max(share_a, share_b) >= same_share and quoted_words * 2 < shared_words:
        rendition = "a" if (share_a, date_a or "") > (share_b, date_b or "") else "b"
        return PairVerdict("same_text", round(share_a, 3), round(share_b, 3), rendition)
    if quoted_a or quoted_b:
        source = earlier(date_a, date_b, dated_a, dated_b)
        if source is None and quoted_a != quoted_b:  # the side that quotes more of the shared words quotes
            source = "b" if quoted_a > quoted_b else "a"
        if source is not None:
            relation = "quotes" if source == "b" else "quoted_by"
            return PairVerdict(relation, round(share_a, 3), round(share_b, 3), None)
    return PairVerdict("shares_text", round(share_a, 3), round(share_b, 3), None)
