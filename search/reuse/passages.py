"""Shared passages of two paragraphs: where their words run together, with the differences.

The candidate stage (fingerprints) says two paragraphs may share words; this finds the passages:
runs of the same words (SEED or more, located wherever they are in either paragraph: a global
alignment would miss a passage at different places in two texts of different lengths), merged
across small gaps, then each passage that is not one unbroken run aligned word by word against
that part of the other paragraph with the draft check's alignment (`search.align`) for its exact
span there, its similarity and its word-level difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..align import align
from .tokens import _PRIME, SHINGLE, WORD, words_with_spans

GAP = 4  # words that may differ between two matching runs of one passage
SEED = 4  # the shortest run of the same words that may start or extend a passage
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


class Prepared:
    """What the passage finder needs of one paragraph, computed once (a paragraph met in many pairs
    is tokenized once): its words as 64-bit ids (in-process hashes, never stored), the hashes of its
    runs of SEED words and of its word shingles; character spans and quoted ranges when first asked."""

    __slots__ = ("_quoted", "_spans", "ids", "para", "seeds", "shingle_counts", "shingles")

    def __init__(self, para: Para) -> None:
        self.para = para
        folded = _folded(para.text)
        self._spans: np.ndarray | None = None
        if folded is not None:  # one character for one: the words' places are the text's
            tokens = WORD.findall(folded)
        else:
            tokens, spans = words_with_spans(para.text)
            self._spans = np.array(spans, dtype=np.int32).reshape(-1, 2)
        self.ids = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens)).view(np.uint64)
        self.seeds = _gram_hashes(self.ids, SEED)
        self.shingles, self.shingle_counts = np.unique(_gram_hashes(self.ids, SHINGLE), return_counts=True)
        self._quoted: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> np.ndarray:
        """Each word's (start, end) in the paragraph's text, as an array of shape (words, 2)."""
        if self._spans is None:
            found = [m.span() for m in WORD.finditer(_folded(self.para.text) or "")]
            self._spans = np.array(found, dtype=np.int32).reshape(-1, 2)
        return self._spans

    @property
    def quoted(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = quoted_ranges(self.para)
        return self._quoted


def _folded(text: str) -> str | None:
    """The text case-folded, when that keeps every character in its place (else None)."""
    folded = text.casefold().replace("’", "'")
    return folded if len(folded) == len(text) else None


def _gram_hashes(ids: np.ndarray, size: int) -> np.ndarray:
    n = len(ids) - size + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            h = h * _PRIME + ids[j : j + n]
    return h


def shared_shingles(a: Prepared, b: Prepared) -> int:
    """How many of the first paragraph's word shingles occur in the second (a cheap bound before
    aligning)."""
    if len(a.shingles) == 0 or len(b.shingles) == 0:
        return 0
    at = np.searchsorted(b.shingles, a.shingles)
    at[at == len(b.shingles)] = 0
    return int(a.shingle_counts[b.shingles[at] == a.shingles].sum())


def _seed_runs(a: Prepared, b: Prepared) -> list[tuple[int, int, int]]:
    """Exact runs of SEED or more words the two share: (start in a, start in b, words), longest first
    claimed, none overlapping another on either side, in a's order. Only the positions whose SEED
    words occur in the other paragraph are visited."""
    ha, hb = a.seeds.tolist(), b.seeds.tolist()
    common = set(ha).intersection(hb)
    if not common:
        return []
    where: dict[int, list[int]] = {}
    for j, h in enumerate(hb):
        if h in common:
            where.setdefault(h, []).append(j)
    runs: list[tuple[int, int, int]] = []
    open_runs: dict[int, int] = {}  # diagonal (j - i) -> index in runs of the run that reached i - 1
    last = -2
    for i, h in enumerate(ha):
        if h not in common:
            continue
        if i != last + 1:
            open_runs = {}
        last = i
        reached: dict[int, int] = {}
        for j in where.get(h, ()):
            diagonal = j - i
            at = open_runs.get(diagonal)
            if at is not None:
                a0, b0, n = runs[at]
                runs[at] = (a0, b0, n + 1)
            else:
                at = len(runs)
                runs.append((i, j, SEED))
            reached[diagonal] = at
        open_runs = reached
    runs.sort(key=lambda r: -r[2])
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    chosen = []
    for a0, b0, n in runs:
        if any(a0 < e and s < a0 + n for s, e in taken_a) or any(b0 < e and s < b0 + n for s, e in taken_b):
            continue
        taken_a.append((a0, a0 + n))
        taken_b.append((b0, b0 + n))
        chosen.append((a0, b0, n))
    return sorted(chosen)


def _groups(runs: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Runs in order on both sides with at most GAP words between them on either side: one passage."""
    groups: list[list[tuple[int, int, int]]] = []
    for run in runs:
        if groups:
            a0, b0, n = groups[-1][-1]
            gap_a, gap_b = run[0] - (a0 + n), run[1] - (b0 + n)
            if 0 <= gap_a <= GAP and 0 <= gap_b <= GAP:
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
    return shared_passages_of(Prepared(a), Prepared(b), min_words)


def shared_passages_of(pa: Prepared, pb: Prepared, min_words: int) -> list[Passage]:
    """`shared_passages` of two prepared paragraphs (a caller meeting a paragraph in many pairs keeps
    its Prepared)."""
    runs = _seed_runs(pa, pb)
    if not runs:
        return []
    a, b = pa.para, pb.para
    found = []
    for group in _groups(runs):
        first, last = group[0], group[-1]
        sa, sb = pa.spans, pb.spans
        span_a = (int(sa[first[0], 0]), int(sa[last[0] + last[2] - 1, 1]))
        span_b = (int(sb[first[1], 0]), int(sb[last[1] + last[2] - 1, 1]))
        matched = sum(n for _, _, n in group)
        if matched < min_words and not (_whole_quote(span_a, pa.quoted) or _whole_quote(span_b, pb.quoted)):
            continue
        quoted_a, quoted_b = _inside(span_a, pa.quoted), _inside(span_b, pb.quoted)
        if len(group) == 1:  # one unbroken run: the same words, nothing to align
            found.append(Passage(span_a, span_b, matched, 1.0, quoted_a, quoted_b, None))
            continue
        aligned = align(a.text[span_a[0] : span_a[1]], b.text[span_b[0] : span_b[1]])
        if aligned.found and aligned.pieces:
            span_b = (span_b[0] + aligned.pieces[0].start, span_b[0] + aligned.pieces[-1].end)
            similarity = round(aligned.similarity, 3)
            diff = None if aligned.status == "exact" else _diff_of(aligned.diff)
        else:
            longer = max(last[0] + last[2] - first[0], last[1] + last[2] - first[1])
            similarity, diff = round(matched / longer, 3), None
        found.append(Passage(span_a, span_b, matched, similarity, quoted_a, quoted_b, diff))
    return found
