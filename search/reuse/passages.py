"""Shared passages of two paragraphs: where their words run together, with the differences.

The candidate stage (fingerprints) says two paragraphs may share words; this finds the runs
exactly: matching word blocks (difflib, on case-folded words) merged across small gaps into
passages, each with its word and character spans on both sides, a similarity (words matched over
the longer side) and a word-level diff when the two are not the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .tokens import words_with_spans

GAP = 4  # words that may differ between two matching runs of one passage
QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")


@dataclass(frozen=True)
class Para:
    """A paragraph as the passage finder needs it."""

    n: int
    text: str
    kind: str = "body"
    quotes: tuple[str, ...] = ()  # marked quotations the record's enrichment found in it


@dataclass(frozen=True)
class Passage:
    a: tuple[int, int]  # word span [start, end) in the first paragraph
    b: tuple[int, int]  # and in the second
    a_chars: tuple[int, int]  # character span in the first paragraph's text
    b_chars: tuple[int, int]
    matched: int  # words the two sides have in common
    similarity: float
    quoted_a: bool  # the passage sits inside quotation marks (or a marked quotation) in the first
    quoted_b: bool
    diff_a: list[dict[str, str]] | None  # seen from the first paragraph (None: the same words)

    def swapped(self) -> Passage:
        return Passage(self.b, self.a, self.b_chars, self.a_chars, self.matched, self.similarity,
                       self.quoted_b, self.quoted_a, _swap_diff(self.diff_a))


def _swap_diff(diff: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
    if diff is None:
        return None
    out = []
    for seg in diff:
        op = {"delete": "insert", "insert": "delete"}.get(seg["op"], seg["op"])
        item = {"op": op}
        if "other" in seg:
            item["text"] = seg["other"]
        if "text" in seg and seg["op"] != "equal":
            item["other"] = seg["text"]
        elif seg["op"] == "equal":
            item["text"] = seg["text"]
        out.append(item)
    return out


def quoted_word_ranges(para: Para, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word ranges of the paragraph that are quotations: a quote paragraph whole, text in quotation
    marks, and the record's marked quotations."""
    if para.kind == "quote":
        return [(0, len(spans))]
    chars = [m.span(1) for m in QUOTED.finditer(para.text)]
    for q in para.quotes:
        at = para.text.find(q)
        if at >= 0:
            chars.append((at, at + len(q)))
    ranges = []
    for start, end in chars:
        inside = [i for i, (s, e) in enumerate(spans) if s >= start and e <= end]
        if inside:
            ranges.append((inside[0], inside[-1] + 1))
    return ranges


def _inside(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Most of the span's words lie inside the ranges."""
    covered = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in ranges)
    return covered * 2 >= span[1] - span[0]


def _whole_quote(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """The span covers a marked quotation whole."""
    return any(span[0] <= s and e <= span[1] and e > s for s, e in ranges)


def _chars(spans: list[tuple[int, int]], word_span: tuple[int, int]) -> tuple[int, int]:
    return spans[word_span[0]][0], spans[word_span[1] - 1][1]


def _diff(a: Para, b: Para, a_spans: list[tuple[int, int]], b_spans: list[tuple[int, int]],
          opcodes: list[tuple[str, int, int, int, int]]) -> list[dict[str, str]] | None:
    """The passage as segments of the first paragraph's text: equal, or differing from the second."""
    if all(op == "equal" for op, *_ in opcodes):
        return None
    out: list[dict[str, Any]] = []

    def text_of(p: Para, spans: list[tuple[int, int]], i: int, j: int) -> str:
        return p.text[spans[i][0] : spans[j - 1][1]] if j > i else ""

    for op, i1, i2, j1, j2 in opcodes:
        seg: dict[str, str] = {"op": op}
        if i2 > i1:
            seg["text"] = text_of(a, a_spans, i1, i2)
        if op != "equal" and j2 > j1:
            seg["other"] = text_of(b, b_spans, j1, j2)
        out.append(seg)
    return out


def shared_passages(a: Para, b: Para, min_words: int) -> list[Passage]:
    """Passages of at least `min_words` common words, or covering a marked quotation whole."""
    (wa, a_spans), (wb, b_spans) = words_with_spans(a.text), words_with_spans(b.text)
    if not wa or not wb:
        return []
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks:
        return []
    groups: list[list[Any]] = [[blocks[0]]]
    for blk in blocks[1:]:
        last = groups[-1][-1]
        if blk.a - (last.a + last.size) <= GAP and blk.b - (last.b + last.size) <= GAP:
            groups[-1].append(blk)
        else:
            groups.append([blk])
    qa, qb = quoted_word_ranges(a, a_spans), quoted_word_ranges(b, b_spans)
    found = []
    for group in groups:
        span_a = (group[0].a, group[-1].a + group[-1].size)
        span_b = (group[0].b, group[-1].b + group[-1].size)
        matched = sum(blk.size for blk in group)
        if matched < min_words and not (_whole_quote(span_a, qa) or _whole_quote(span_b, qb)):
            continue
        if matched < 3:
            continue
        opcodes = SequenceMatcher(None, wa[span_a[0] : span_a[1]], wb[span_b[0] : span_b[1]],
                                  autojunk=False).get_opcodes()
        opcodes = [(op, i1 + span_a[0], i2 + span_a[0], j1 + span_b[0], j2 + span_b[0])
                   for op, i1, i2, j1, j2 in opcodes]
        longer = max(span_a[1] - span_a[0], span_b[1] - span_b[0])
        found.append(Passage(span_a, span_b, _chars(a_spans, span_a), _chars(b_spans, span_b), matched,
                             round(matched / longer, 3), _inside(span_a, qa), _inside(span_b, qb),
                             _diff(a, b, a_spans, b_spans, opcodes)))
    return found
