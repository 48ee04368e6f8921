"""The candidate stage of a whole-archive pass as one join over every fingerprint at once.

Asking the fingerprint table record by record costs a lookup per fingerprint and a count of every
paragraph holding it (a member's standing paragraph is held by thousands), so the time per record
grows with the archive. Here the table is read once into arrays, sorted by hash and grouped: a
hash held by more than `max_records` paragraphs is boilerplate and dropped, every other group gives
its paragraph pairs of different records. A pair is kept for the record linked later of the two
(records linked before the pass come first, then the records to link in `rid` order), so each pair
of records is still compared once, exactly as the record-by-record path compares it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

import numpy as np

_FETCH = 1_000_000  # rows read from SQLite at a time


def _column_pairs(conn: sqlite3.Connection, sql: str) -> tuple[np.ndarray, np.ndarray]:
    """Two int64 columns of a query, read in chunks (no list of every row at once)."""
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    cur = conn.execute(sql)
    while True:
        rows = cur.fetchmany(_FETCH)
        if not rows:
            break
        block = np.array(rows, dtype=np.int64)
        firsts.append(block[:, 0])
        seconds.append(block[:, 1])
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _group_pairs(order_hash: np.ndarray, max_records: int) -> tuple[np.ndarray, np.ndarray]:
    """Row index pairs (x, y), x < y, of rows sharing a hash held by 2..max_records rows (rows sorted by
    hash)."""
    n = len(order_hash)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, order_hash[1:] != order_hash[:-1]])
    sizes = np.diff(np.r_[starts, n])
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for size in np.unique(sizes):
        size = int(size)
        if size < 2 or size > max_records:
            continue
        at = starts[sizes == size]
        i, j = np.triu_indices(size, 1)
        xs.append((at[:, None] + i[None, :]).ravel())
        ys.append((at[:, None] + j[None, :]).ravel())
    if not xs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(xs), np.concatenate(ys)


def candidate_plan(conn: sqlite3.Connection, todo: list[int], max_records: int) -> Plan:
    """The candidate pairs of each record to link (`todo`, in the order they will be linked), against the
    records linked before it (those already linked, and the todo records before it)."""
    empty = Plan(todo, *(np.zeros(0, dtype=np.int64) for _ in range(4)), np.zeros(0, dtype=bool))
    if not todo:
        return empty
    hashes, pids = _column_pairs(conn, "SELECT hash, pid FROM fp")
    para_pid, para_rid = _column_pairs(conn, "SELECT pid, rid FROM paras")
    doc_rid, doc_state = _column_pairs(conn, "SELECT rid, state FROM docs")
    if len(hashes) == 0:
        return empty
    rid_of = np.full(int(para_pid.max()) + 1, -1, dtype=np.int64)
    rid_of[para_pid] = para_rid
    # when each record is linked: -1 already linked, else its place in `todo` (absent: never, e.g. gone)
    turn = np.full(int(max(doc_rid.max(), max(todo))) + 1, -2, dtype=np.int64)
    turn[doc_rid[doc_state == 1]] = -1
    turn[np.asarray(todo, dtype=np.int64)] = np.arange(len(todo), dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    hashes, pids = hashes[order], pids[order]
    del order
    x, y = _group_pairs(hashes, max_records)
    quote = (hashes[x] & 1).astype(bool)
    px, py = pids[x], pids[y]
    del x, y
    rx, ry = rid_of[px], rid_of[py]
    tx, ty = turn[rx], turn[ry]
    keep = (rx != ry) & (rx >= 0) & (ry >= 0) & (np.maximum(tx, ty) >= 0) & (tx != -2) & (ty != -2)
    px, py, rx, ry, tx, ty, quote = (a[keep] for a in (px, py, rx, ry, tx, ty, quote))
    later_x = tx > ty  # the pair belongs to the record linked later
    own_p = np.where(later_x, px, py)
    other_p = np.where(later_x, py, px)
    own_t = np.where(later_x, tx, ty)
    key = (own_p << 32) | other_p
    order = np.lexsort((key, own_t))
    key, own_t, quote = key[order], own_t[order], quote[order]
    first = np.r_[True, key[1:] != key[:-1]]
    # a pair matched by a whole quotation through any of its shared hashes
    group = np.cumsum(first) - 1
    by_quote = np.zeros(int(first.sum()), dtype=bool)
    np.logical_or.at(by_quote, group, quote)
    key, own_t = key[first], own_t[first]
    own_p, other_p = key >> 32, key & 0xFFFFFFFF
    return Plan(todo, own_t, own_p, other_p, rid_of[other_p], by_quote)


class Plan:
    """The candidate pairs of a pass, as arrays sorted by the turn of the record owning them; a record's
    pairs become Python objects only when it is linked."""

    def __init__(self, todo: list[int], turn: np.ndarray, own_p: np.ndarray, other_p: np.ndarray,
                 other_r: np.ndarray, by_quote: np.ndarray) -> None:
        self.todo = todo
        self.own_p, self.other_p, self.other_r, self.by_quote = own_p, other_p, other_r, by_quote
        self.pairs = len(own_p)
        self._start = np.searchsorted(turn, np.arange(len(todo) + 1), side="left")

    def of(self, rid_turn: int) -> dict[int, dict[tuple[int, int], bool]]:
        """Other rid -> {(own pid, other pid): by a whole quotation} of the record at this turn."""
        s, e = int(self._start[rid_turn]), int(self._start[rid_turn + 1])
        found: dict[int, dict[tuple[int, int], bool]] = defaultdict(dict)
        for mp, op, orid, q in zip(self.own_p[s:e].tolist(), self.other_p[s:e].tolist(),
                                   self.other_r[s:e].tolist(), self.by_quote[s:e].tolist(), strict=True):
            found[orid][(mp, op)] = q
        return dict(found)
