"""Finding quotations in text: which double-quoted passages are quotes, and where they are.

A quote is a passage of a sentence or more inside curly or straight double quotes. Not quotes:
scare quotes and terms of art (a few words: “honor system”, “peace”), titles (“a Resolution
entitled “...””, a work's name in Title Case), and legal charges (charged with “hooliganism with a
weapon”). Each quotation's text is an exact substring of the text it was found in, so a citation
can be checked.

`find_quotations(text)` is the public entry (the draft check reuses it on a letter's paragraphs);
`quote_spans` and `is_quote` are the two steps, used by attribution (quote_speakers.py, quote_tags.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TITLE_BEFORE = re.compile(
    r"\b(?:entitled|titled|called|named|headlined|dubbed|known as|so-called|tagline|slogan|motto|hashtag|"
    r"the (?:book|article|film|bill|op-ed))\s*[?:,]?\s*$",
    re.IGNORECASE)
# A legal charge or an accusation is named, not quoted: charged with “...”, on charges of “...”.
_CHARGE_BEFORE = re.compile(
    r"\b(?:charged with|charges? of|accused of|convicted of|sentenced for|indicted for|arrested for|"
    r"prosecuted for|wanted for|suspicion of|criminal case (?:of|for)|(?:for|of|on) alleged|on grounds of)\s*$", re.IGNORECASE)
_CLOSING = "”\"’'"


@dataclass
class QuoteSpan:
    """Where a double-quoted passage is in a paragraph (indexes into its text)."""

    index: int  # position of the paragraph in the record's paragraphs
    open_pos: int  # index of the opening mark
    start: int  # text start (after the mark)
    end: int  # text end (before the closing mark, or where the quote stops)
    close_end: int | None  # index after the closing mark; None when the quote runs on
    runs_on: bool = False


@dataclass(frozen=True)
class Quotation:
    """A quotation found in a text: its exact text and where it is."""

    text: str
    start: int
    end: int
    closed: bool  # False: the quote runs on (into the next paragraph, or an opening mark ended it)


def _straight_is_open(text: str, i: int, is_open: bool) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([—–-/:") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ".,;:!?)-–—"):
        return False
    return not is_open


def quote_spans(text: str, index: int = 0) -> list[QuoteSpan]:
    """Double-quoted spans of one paragraph. An opening mark while a quote is open ends that quote
    (a flattened multi-paragraph quote); a quote still open at the end runs on."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    marks = [i for i, ch in enumerate(text) if ch in "“”\""]
    nested: set[int] = set()  # the marks of a quote inside a quote, skipped
    for i, ch in enumerate(text):
        if ch not in "“”\"" or i in nested:
            continue
        opening = ch == "“" or (ch == '"' and _straight_is_open(text, i, open_at is not None))
        if opening:
            inner = _nested_pair(text, marks, i) if open_at is not None else None
            if inner is not None:
                nested.update(inner)
                continue
            if open_at is not None:
                spans.append(QuoteSpan(index, open_at, open_at + 1, i, None, runs_on=True))
            open_at = i
        elif open_at is not None:
            spans.append(QuoteSpan(index, open_at, open_at + 1, i, i + 1))
            open_at = None
    if open_at is not None:
        spans.append(QuoteSpan(index, open_at, open_at + 1, len(text), None, runs_on=True))
    return spans


def _nested_pair(text: str, marks: list[int], i: int) -> tuple[int, int] | None:
    """A curly opening mark inside an open quote that closes and is followed by a second closing mark
    before any opening one (“... President Obama’s “omnibus” spending bill,” said ...): a quote
    inside the quote, not the flattened start of the next paragraph. Returns the inner pair."""
    if text[i] != "“":
        return None
    k = marks.index(i)
    if k + 2 < len(marks) and text[marks[k + 1]] == "”" and text[marks[k + 2]] == "”":
        return i, marks[k + 1]
    return None


def trimmed(text: str, span: QuoteSpan) -> tuple[int, int]:
    """The span's text bounds without surrounding spaces and a trailing comma."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


_SAID_AFTER = re.compile(
    r"^\s*(?:(?:said|says|added|adds|stated|states|continued|explained|noted)\b|"
    r"(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|says|added|adds|stated|continued|explained|noted)\b)")


def is_quote(quoted: str, before: str, after: str = "") -> bool:
    """A passage of a sentence or more: not a scare quote, a title or a charge (`before`: the text
    just before the opening mark; `after`: the text after the closing one, so that a sentence broken
    by its attribution, “Our community is on the upswing,” said ..., counts)."""
    words = quoted.split()
    if len(words) >= 4 and quoted.rstrip().endswith(",") and _SAID_AFTER.match(after):
        return not (_TITLE_BEFORE.search(before) or _CHARGE_BEFORE.search(before))
    if _TITLE_BEFORE.search(before) or (len(words) < 12 and _CHARGE_BEFORE.search(before)):
        return False
    ends_sentence = bool(re.search(r"[.!?…]$", quoted.rstrip(_CLOSING)))
    if len(words) < 3 or (len(words) == 3 and not (ends_sentence and quoted[:1].isupper())):
        return False
    if len(words) < 8 and not ends_sentence:
        return False
    content = [w for w in words if len(w) > 3]
    title_case = bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8
    if title_case and len(words) < 12:
        return False  # a title in Title Case (“Broad Review of Concussions: Initial Roundtable.”)
    return ends_sentence or not title_case


def find_quotations(text: str) -> list[Quotation]:
    """The quotations in one paragraph of text, in order (scare quotes, titles and charges left out)."""
    found = []
    for span in quote_spans(text):
        start, end = trimmed(text, span)
        quoted = text[start:end]
        after = text[span.close_end:span.close_end + 60] if span.close_end else ""
        if is_quote(text[span.start:span.end], text[max(0, span.open_pos - 40):span.open_pos], after):
            found.append(Quotation(quoted, start, end, span.close_end is not None))
    return found
