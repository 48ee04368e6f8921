"""Matching and scoring plain-word queries straight from Whoosh's posting blocks.

A query made only of words (Term) and phrases joined by AND, OR and AND NOT is answered here: each word's
posting list is read a block at a time (a block's document numbers and weights come out of the
file as arrays) and scored with the same BM25F formula and parameters as `scoring.WEIGHTING`, in
one tight loop, instead of through Whoosh's matcher tree at several Python calls per document.
A phrase matches where its words stand at consecutive positions (Whoosh's SpanNear2 with slop 1)
and scores the sum of its words' scores, as Whoosh's phrase matcher does. Scores equal Whoosh's
(the same formula; sums may differ in the last bits). Any other query part (wildcards, ranges,
boosts, sloppy phrases) returns None, and the caller uses Whoosh.

This reads private parts of Whoosh-Reloaded 2.7.5's W3 codec (a leaf matcher's `_read_ids`,
`_read_weights`, `_read_values`, `_next_block` and its `_ids` / `_weights` / `_values`); `test_search_fastpath.py`
checks the results against Whoosh's own on every query kind, so an upgrade that changes them fails
there, and any matcher without them falls back to Whoosh.
"""

from __future__ import annotations

from itertools import accumulate
from pickle import loads
from typing import Any

from whoosh import formats, query
from whoosh.searching import Searcher

from .scoring import AVERAGE_RECORD_TERMS, WEIGHTING, segment_lengths

_SCORED_FIELDS = frozenset({"text", "title", "org"})

Scores = dict[int, float]


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


def scores(searcher: Searcher, q: query.Query) -> Scores | None:
    """{global docnum: score} of every document matching `q` (deleted ones may be included: the
    caller intersects with the live documents), or None when `q` is not supported."""
    if not supported(q):
        return None
    out: Scores = {}
    try:
        for sub, offset in searcher.leaf_searchers():
            found = _eval(searcher, sub, q)
            if offset:
                out.update({d + offset: s for d, s in found.items()})
            else:
                out.update(found)
    except _NotFast:
        return None
    return out


def _eval(top: Searcher, sub: Searcher, q: query.Query) -> Scores:
    if isinstance(q, query.Term):
        return _term(top, sub, q.fieldname, q.text)
    if type(q) is query.Phrase:
        return _phrase(top, sub, q.fieldname, list(q.words))
    if type(q) is query.AndNot:
        found = _eval(top, sub, q.a)
        excluded = set(q.b.docs(sub))
        return {d: s for d, s in found.items() if d not in excluded}
    if isinstance(q, query.And):
        excluded = {d for c in q.subqueries if isinstance(c, query.Not) for d in c.query.docs(sub)}
        parts = [_eval(top, sub, c) for c in q.subqueries if not isinstance(c, query.Not)]
        nots = sum(1 for c in q.subqueries if isinstance(c, query.Not))
        if nots:  # Whoosh scores each NOT child's (inverse) match 1.0
            parts[0] = {d: s + nots for d, s in parts[0].items() if d not in excluded}
        parts.sort(key=len)
        first, rest = parts[0], parts[1:]
        out: Scores = {}
        for d, s in first.items():
            total = s
            for other in rest:
                more = other.get(d)
                if more is None:
                    break
                total += more
            else:
                out[d] = total
        return out
    parts = [_eval(top, sub, c) for c in q.subqueries]
    out = {}
    for part in parts:
        if not out:
            out = dict(part)
            continue
        get = out.get
        for d, s in part.items():
            out[d] = get(d, 0.0) + s
    return out


def _leaf_matcher(sub: Searcher, fieldname: str, text: Any) -> Any:
    matcher = sub.reader().postings(fieldname, text)
    matcher = getattr(matcher, "child", matcher)  # deletions wrap it; the caller drops deleted docs
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block",
                                             "is_active")):
        raise _NotFast(type(matcher).__name__)
    return matcher


def _bm25(top: Searcher, sub: Searcher, fieldname: str, text: Any) -> tuple[float, float, float, list[int]]:
    """(numerator, base, per-length factor, lengths): score = num * w / (w + base + per * length)."""
    lengths = segment_lengths(sub, fieldname)
    if lengths is None:
        raise _NotFast("no length column")
    idf = top.idf(fieldname, text)
    k1 = WEIGHTING.K1
    b = WEIGHTING._field_B.get(fieldname, WEIGHTING.B)
    return idf * (k1 + 1), k1 * (1 - b), k1 * b / AVERAGE_RECORD_TERMS, lengths


def _term(top: Searcher, sub: Searcher, fieldname: str, text: Any) -> Scores:
    if (fieldname, text) not in sub.reader():
        return {}
    num, base, per_length, lengths = _bm25(top, sub, fieldname, text)
    matcher = _leaf_matcher(sub, fieldname, text)
    out: Scores = {}
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        for d, w in zip(matcher._ids, matcher._weights, strict=True):
            out[d] = num * w / (w + base + per_length * lengths[d])
        matcher._next_block()
    return out


def _postings(top: Searcher, sub: Searcher, fieldname: str, text: Any) -> dict[int, tuple[float, bytes]]:
    """{docnum: (score, encoded positions)} of one word."""
    num, base, per_length, lengths = _bm25(top, sub, fieldname, text)
    matcher = _leaf_matcher(sub, fieldname, text)
    out: dict[int, tuple[float, bytes]] = {}
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        for d, w, v in zip(matcher._ids, matcher._weights, matcher._values, strict=True):
            out[d] = (num * w / (w + base + per_length * lengths[d]), v)
        matcher._next_block()
    return out


def _positions_decoder(fmt: Any) -> Any:
    """Whoosh's Positions value is a 4-byte count then a pickled list of deltas; its own decoder
    adds them up in a Python loop, `accumulate` does it in C. Other formats decode themselves."""
    if type(fmt) is formats.Positions:
        return lambda value: accumulate(loads(value[4:]))
    return fmt.decode_positions


def _phrase(top: Searcher, sub: Searcher, fieldname: str, words: list[Any]) -> Scores:
    if len(words) == 1:
        return _term(top, sub, fieldname, words[0])
    reader = sub.reader()
    if any((fieldname, w) not in reader for w in words):
        return {}
    decode = _positions_decoder(sub.schema[fieldname].format)
    unique = list(dict.fromkeys(words))
    postings = {w: _postings(top, sub, fieldname, w) for w in unique}
    rarest = min(postings.values(), key=len)
    out: Scores = {}
    for d in rarest:
        found = [postings[w].get(d) for w in unique]
        if any(f is None for f in found):
            continue
        positions = {w: set(decode(f[1])) for w, f in zip(unique, found, strict=True)}  # type: ignore[index]
        if any(all(p + i in positions[w] for i, w in enumerate(words)) for p in positions[words[0]]):
            out[d] = sum(postings[w][d][0] for w in words)  # each word as often as it occurs, as Whoosh sums
    return out
