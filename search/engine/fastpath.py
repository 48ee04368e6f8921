"""Matching and scoring plain-word queries straight from the postings, as arrays.

A query made only of words (Term) and phrases joined by AND, OR and AND NOT is answered here: each
word's postings are read as numpy arrays (from the segment's sidecar file of posting arrays,
`sidecar.py`, or else block by block from Whoosh's W3 postings) and scored with the same BM25F
formula and parameters as `scoring.WEIGHTING`, vectorized, instead of through Whoosh's matcher tree
at several Python calls per document. A phrase matches where its words stand at consecutive
positions (Whoosh's SpanNear2 with slop 1) and scores the sum of its words' scores, as Whoosh's
phrase matcher does. Scores equal Whoosh's (the same formula in float64; sums may differ in the
last bits). Any other query part (wildcards, ranges, boosts, sloppy phrases) returns None, and the
caller uses Whoosh.

Without a sidecar this reads private parts of Whoosh-Reloaded 2.7.5's W3 codec (a leaf matcher's
`_read_ids`, `_read_weights`, `_read_values`, `_next_block` and its `_ids` / `_weights` /
`_values`); `test_search_fastpath.py` checks the results against Whoosh's own on every query kind,
with and without sidecars, so an upgrade that changes them fails there, and any matcher without
them falls back to Whoosh.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from pickle import loads
from typing import Any, NamedTuple

import numpy as np
from whoosh import formats, query
from whoosh.searching import Searcher

from .scoring import AVERAGE_RECORD_TERMS, WEIGHTING, segment_length_array
from .sidecar import Sidecar, read_blocks

_SCORED_FIELDS = frozenset({"text", "title", "org"})

SidecarOf = Callable[[Searcher], Sidecar | None]


class Matches(NamedTuple):
    """Matching documents (ascending document numbers, int64) and their scores (float64)."""

    ids: np.ndarray
    scores: np.ndarray

    def as_dict(self) -> dict[int, float]:
        return dict(zip(self.ids.tolist(), self.scores.tolist(), strict=True))


_NONE = Matches(np.empty(0, np.int64), np.empty(0, np.float64))


class _NotFast(Exception):
    """The query (or the index) has a part this module does not handle."""


def supported(q: query.Query) -> bool:
    if isinstance(q, query.Term):
        return q.fieldname in _SCORED_FIELDS and q.boost == 1.0
    if type(q) is query.Phrase:
        return q.fieldname in _SCORED_FIELDS and q.boost == 1.0 and q.slop == 1 and bool(q.words)
    if type(q) is query.And:  # NOT children exclude; at least one child must match
        positive = [c for c in q.subqueries if not isinstance(c, query.Not)]
        return q.boost == 1.0 and bool(positive) and all(supported(c) for c in positive)
    if type(q) is query.Or:
        if q.boost != 1.0 or getattr(q, "scale", None) or getattr(q, "minmatch", 0):
            return False
        return all(supported(c) for c in q.subqueries)
    if type(q) is query.AndNot:
        return q.boost == 1.0 and supported(q.a)
    return False


def _no_sidecar(sub: Searcher) -> None:
    return None


def scores(searcher: Searcher, q: query.Query, sidecar_of: SidecarOf | None = None) -> Matches | None:
    """Every document matching `q` with its score, by global document number (deleted ones may be
    included: the caller intersects with the live documents), or None when `q` is not supported.
    `sidecar_of(leaf searcher)` gives a segment's posting arrays, if it has them."""
    if not supported(q):
        return None
    side_of = sidecar_of or _no_sidecar
    ids, found = [], []
    try:
        for sub, offset in searcher.leaf_searchers():
            part = _Leaf(searcher, sub, side_of(sub)).eval(q)
            ids.append(part.ids + offset)
            found.append(part.scores)
    except _NotFast:
        return None
    if not ids:
        return _NONE
    return Matches(np.concatenate(ids), np.concatenate(found))


def _doc_array(docs: Any) -> np.ndarray:
    return np.fromiter(docs, dtype=np.int64)


def _without(m: Matches, excluded: np.ndarray) -> Matches:
    if not len(excluded):
        return m
    keep = ~np.isin(m.ids, excluded, assume_unique=True)
    return Matches(m.ids[keep], m.scores[keep])


def _intersect(a: Matches, b: Matches) -> Matches:
    ids, ia, ib = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    return Matches(ids, a.scores[ia] + b.scores[ib])


def _union(parts: list[Matches]) -> Matches:
    if len(parts) == 1:
        return parts[0]
    ids, inverse = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
    summed = np.bincount(inverse, weights=np.concatenate([p.scores for p in parts]), minlength=len(ids))
    return Matches(ids, summed)


def _members(ids: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which of the sorted `ids` are in the sorted `candidates` (a boolean mask)."""
    if not len(candidates):
        return np.zeros(len(ids), bool)
    at = np.minimum(np.searchsorted(candidates, ids), len(candidates) - 1)
    return candidates[at] == ids


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    if not len(values):
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


class _Leaf:
    """One segment: its searcher, the top searcher (for index-wide statistics) and its sidecar."""

    def __init__(self, top: Searcher, sub: Searcher, side: Sidecar | None) -> None:
        self.top, self.sub, self.side = top, sub, side
        self.reader = sub.reader()

    def eval(self, q: query.Query) -> Matches:
        if isinstance(q, query.Term):
            return self.term(q.fieldname, q.text)
        if type(q) is query.Phrase:
            return self.phrase(q.fieldname, list(q.words))
        if type(q) is query.AndNot:
            return _without(self.eval(q.a), _doc_array(q.b.docs(self.sub)))
        if isinstance(q, query.And):
            nots = [c for c in q.subqueries if isinstance(c, query.Not)]
            parts = [self.eval(c) for c in q.subqueries if not isinstance(c, query.Not)]
            if nots:  # Whoosh scores each NOT child's (inverse) match 1.0
                excluded = np.unique(np.concatenate([_doc_array(c.query.docs(self.sub)) for c in nots]))
                first = _without(parts[0], excluded)
                parts[0] = Matches(first.ids, first.scores + len(nots))
            parts.sort(key=lambda m: len(m.ids))
            out = parts[0]
            for other in parts[1:]:
                out = _intersect(out, other)
            return out
        return _union([self.eval(c) for c in q.subqueries])

    # -- words -------------------------------------------------------------------------------
    def _bm25(self, fieldname: str, text: Any) -> tuple[float, float, float, np.ndarray]:
        """(numerator, base, per-length factor, lengths): score = num * w / (w + base + per * length)."""
        lengths = segment_length_array(self.sub, fieldname)
        if lengths is None:
            raise _NotFast("no length column")
        idf = self.top.idf(fieldname, text)
        k1 = WEIGHTING.K1
        b = WEIGHTING._field_B.get(fieldname, WEIGHTING.B)
        return idf * (k1 + 1), k1 * (1 - b), k1 * b / AVERAGE_RECORD_TERMS, lengths

    def _raw(self, fieldname: str, text: Any, positions: bool) -> tuple[np.ndarray, np.ndarray, Any]:
        """(ids, weights, positions or None) of one word in this segment: from the sidecar, or
        block by block from Whoosh's postings (positions then as a list of encoded values)."""
        if self.side is not None and self.side.has_field(fieldname):
            term = self.sub.schema[fieldname].to_bytes(text)
            ids, weights = self.side.postings(fieldname, term)
            pos = self.side.positions(fieldname, term) if positions else None
            if not positions or pos is not None:
                return ids, weights, pos
        found = read_blocks(self.reader.postings(fieldname, text), positions)
        if found is None:
            raise _NotFast("not a W3 block matcher")
        ids, weights, values = found
        return (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32),
                values if positions else None)

    def _score(self, fieldname: str, text: Any, ids: np.ndarray, weights: np.ndarray) -> Matches:
        num, base, per_length, lengths = self._bm25(fieldname, text)
        w = weights.astype(np.float64)
        return Matches(ids.astype(np.int64), num * w / (w + base + per_length * lengths[ids]))

    def term(self, fieldname: str, text: Any) -> Matches:
        if (fieldname, text) not in self.reader:
            return _NONE
        ids, weights, _ = self._raw(fieldname, text, positions=False)
        return self._score(fieldname, text, ids, weights)

    def phrase(self, fieldname: str, words: list[Any]) -> Matches:
        if len(words) == 1:
            return self.term(fieldname, words[0])
        if any((fieldname, w) not in self.reader for w in words):
            return _NONE
        unique = list(dict.fromkeys(words))
        raw = {w: self._raw(fieldname, w, positions=True) for w in unique}
        scored = {w: self._score(fieldname, w, r[0], r[1]) for w, r in raw.items()}
        candidates = scored[unique[0]].ids
        for w in unique[1:]:
            candidates = np.intersect1d(candidates, scored[w].ids, assume_unique=True)
        if not len(candidates):
            return _NONE
        keys = {w: self._position_keys(fieldname, candidates, *raw[w]) for w in unique}
        starts = keys[words[0]]
        for i, w in enumerate(words[1:], 1):
            follow = keys[w]
            at = np.searchsorted(follow, starts + i)
            hit = at < len(follow)
            hit[hit] = follow[at[hit]] == starts[hit] + i
            starts = starts[hit]
        docs = _distinct_sorted(starts >> 32)
        total = np.zeros(len(docs), np.float64)
        for w in words:  # each word as often as it occurs, as Whoosh sums
            m = scored[w]
            total = total + m.scores[np.searchsorted(m.ids, docs)]  # every doc is among m.ids
        return Matches(docs, total)

    def _position_keys(self, fieldname: str, candidates: np.ndarray, ids: np.ndarray, weights: np.ndarray,
                       pos: Any) -> np.ndarray:
        """Sorted (document << 32 | position) of the word's positions in the candidate documents."""
        keep = _members(ids, candidates)
        if isinstance(pos, np.ndarray):
            counts = weights.astype(np.int64)
            starts = np.cumsum(counts) - counts  # where each posting's positions begin
            kept_counts = counts[keep]
            total = int(kept_counts.sum())
            if not total:
                return np.empty(0, np.int64)
            # the indexes of the kept postings' positions, without expanding the others
            first = np.cumsum(kept_counts) - kept_counts
            index = np.arange(total, dtype=np.int64) + np.repeat(starts[keep] - first, kept_counts)
            docs = np.repeat(ids[keep].astype(np.int64), kept_counts)
            return (docs << 32) | pos[index].astype(np.int64)
        decode = _positions_decoder(self.sub.schema[fieldname].format)
        out: list[int] = []
        for d, value in zip(ids[keep].tolist(), [v for v, k in zip(pos, keep.tolist(), strict=True) if k],
                            strict=True):
            base = d << 32
            out.extend(base | p for p in decode(value))
        return np.array(out, dtype=np.int64)


def _positions_decoder(fmt: Any) -> Any:
    """Whoosh's Positions value is a 4-byte count then a pickled list of deltas; its own decoder
    adds them up in a Python loop, `accumulate` does it in C. Other formats decode themselves."""
    if type(fmt) is formats.Positions:
        return lambda value: accumulate(loads(value[4:]))
    return fmt.decode_positions
