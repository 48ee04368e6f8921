"""Shared passages of two paragraphs: where their words run together, with the differences.

The candidate stage (fingerprints) says two paragraphs may share words; this finds the passages
with the alignment the draft check uses (`search.align`): its matching word runs, merged across
small gaps into passages, then each passage aligned word by word against the other paragraph for
its exact span there, its similarity and its word-level difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..align import Run, align, shared_runs
from .tokens import WORD

GAP = 4  # words that may differ between two matching runs of one passage
RUN_MIN = 3  # the shortest matching run that may start or extend a passage
QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")

Diff = list[dict[str, str]]
_SWAP_OP = {"missing": "added", "added": "missing"}


@dataclass(frozen=True)
class Para:
    """A paragraph as the passage finder needs it."""

    n: int
    text: str
    kind: str = "body"
    quotes: tuple[str, ...] = ()  # marked quotations the record's enrichment found in it


@dataclass(frozen=True)
class Passage:
    a_chars: tuple[int, int]  # character span in the first paragraph's text
    b_chars: tuple[int, int]  # and in the second
    matched: int  # words the two sides have in common
    similarity: float
    quoted_a: bool  # the passage sits inside quotation marks (or a marked quotation) in the first
    quoted_b: bool
    diff: Diff | None  # seen from the first paragraph ("text") against the second ("other"); None: the same

    def swapped(self) -> Passage:
        return Passage(self.b_chars, self.a_chars, self.matched, self.similarity, self.quoted_b, self.quoted_a,
                       swap_diff(self.diff))


def swap_diff(diff: Diff | None) -> Diff | None:
    """The same difference seen from the other paragraph."""
    if diff is None:
        return None
    out = []
    for seg in diff:
        item = {"op": _SWAP_OP.get(seg["op"], seg["op"])}
        if seg["op"] == "equal":
            item["text"] = seg["text"]
        else:
            if "other" in seg:
                item["text"] = seg["other"]
            if "text" in seg:
                item["other"] = seg["text"]
        out.append(item)
    return out


def quoted_ranges(para: Para) -> list[tuple[int, int]]:
    """Character ranges (first word's start, last word's end) of the paragraph's quotations: a quote
    paragraph whole, text in quotation marks, the record's marked quotations."""
    if para.kind == "quote":
        spans = [(0, len(para.text))]
    else:
        spans = [m.span(1) for m in QUOTED.finditer(para.text)]
        for q in para.quotes:
            at = para.text.find(q)
            if at >= 0:
                spans.append((at, at + len(q)))
    ranges = []
    for start, end in spans:
        found = [m.span() for m in WORD.finditer(para.text, start, end)]
        if found:
            ranges.append((found[0][0], found[-1][1]))
    return ranges


def _inside(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Most of the span lies inside the ranges."""
    covered = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in ranges)
    return covered * 2 >= span[1] - span[0]


def _whole_quote(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] <= s and e <= span[1] for s, e in ranges)


def _word_count(text: str, start: int, end: int) -> int:
    return sum(1 for _ in WORD.finditer(text, start, end)) if end > start else 0


def _merge(a: str, b: str, runs: list[Run]) -> list[list[Run]]:
    groups: list[list[Run]] = []
    for run in runs:
        if groups:
            last = groups[-1][-1]
            if (_word_count(a, last.a_end, run.a_start) <= GAP and _word_count(b, last.b_end, run.b_start) <= GAP):
                groups[-1].append(run)
                continue
        groups.append([run])
    return groups


def _diff_of(ops: tuple) -> Diff:
    out: Diff = []
    for d in ops:
        seg = {"op": d.op}
        if d.quoted:
            seg["text"] = d.quoted
        if d.source and d.op != "equal":
            seg["other"] = d.source
        out.append(seg)
    return out


def shared_passages(a: Para, b: Para, min_words: int) -> list[Passage]:
    """Passages of at least `min_words` common words, or covering a marked quotation whole."""
    runs = shared_runs(a.text, b.text, min_words=RUN_MIN)
    if not runs:
        return []
    qa, qb = quoted_ranges(a), quoted_ranges(b)
    found = []
    for group in _merge(a.text, b.text, runs):
        span_a = (group[0].a_start, group[-1].a_end)
        span_b = (group[0].b_start, group[-1].b_end)
        matched = sum(run.words for run in group)
        if matched < min_words and not (_whole_quote(span_a, qa) or _whole_quote(span_b, qb)):
            continue
        if len(group) == 1:  # one unbroken run: the same words, nothing to align further
            found.append(Passage(span_a, span_b, matched, 1.0, _inside(span_a, qa), _inside(span_b, qb), None))
            continue
        aligned = align(a.text[span_a[0] : span_a[1]], b.text)
        if aligned.found and aligned.pieces:
            span_b = (aligned.pieces[0].start, aligned.pieces[-1].end)
            similarity = round(aligned.similarity, 3)
            diff = None if aligned.status == "exact" else _diff_of(aligned.diff)
        else:
            longer = max(_word_count(a.text, *span_a), _word_count(b.text, *span_b))
            similarity, diff = round(matched / max(longer, 1), 3), None
        found.append(Passage(span_a, span_b, matched, similarity, _inside(span_a, qa), _inside(span_b, qb), diff))
    return found
