"""Finding shared passages, record by record: the whole archive (resumable) or new records at ingest.

A record is first *read* (its paragraphs and fingerprints stored, state 0), then *linked* (state
1): compared with every record already linked, each pair's passages aligned, the pair judged and
its links written, in one transaction. Every pair is thus compared once, when the later of the
two is linked, and a crash at any point leaves a consistent database that the next run resumes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .docs import ReuseDoc, paragraph_prints
from .join import candidate_plan
from .passages import Para, Passage, Prepared, shared_passages_of, shared_shingles
from .relations import INVERSE, judge
from .store import connect, connect_readonly, dumps, loads, remove_doc
from .workers import found_passages, worker_count

log = logging.getLogger(__name__)

MIN_SHARED_SHINGLES = 6  # paragraphs sharing fewer word shingles are not aligned (unless a quotation matched whole)
BATCH = 500  # records read per transaction in a whole-archive pass
LINK_BATCH = 100  # records linked per transaction in a whole-archive pass
PREPARED_CACHE = 10_000  # paragraphs kept prepared between records of a pass (about 25 KB each)
_CHUNK = 900  # SQLite parameters per query


class ReuseIndex:
    """The reuse links of one data folder, in DATA/reuse.sqlite3 (or `path`)."""

    def __init__(self, path: Path, min_words: int = 25, max_records: int = 50, same_share: float = 0.5,
                 readonly: bool = False, procs: int = 1) -> None:
        self.path = path
        self.procs = procs  # processes of a whole-archive pass of PARALLEL_MIN_RECORDS or more (0: one per core)
        self.readonly = readonly  # reading only: never creates the database nor writes to it
        self.min_words = min_words
        self.max_records = max_records
        self.same_share = same_share
        self._conn: sqlite3.Connection | None = None
        self._prepared: dict[int, Prepared] = {}  # pid -> its words prepared (a pass keeps them between records)

    @classmethod
    def of(cls, settings: Any, readonly: bool = False) -> ReuseIndex:
        """The data folder's links; `readonly` for a reader (a page view) that must never write them."""
        return cls(settings.data_dir / "reuse.sqlite3", settings.reuse.reuse_min_words,
                   settings.reuse.reuse_max_records, settings.reuse.reuse_same_text_share, readonly,
                   settings.reuse.reuse_procs)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect_readonly(self.path) if self.readonly else connect(self.path)
        return self._conn

    def exists(self) -> bool:
        return self.path.is_file()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ReuseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writing ----------------------------------------------------------------------------------
    def update(self, docs: Iterable[ReuseDoc], removed_ids: Iterable[str] = ()) -> int:
        """Bring the links in step with new or changed records and removed ones; returns links written."""
        written = 0
        for record_id in removed_ids:
            with self._transaction() as conn:
                self._remove(conn, record_id)
        for doc in docs:
            self._prepared = {}  # a pid may be reused once its record is gone: no cache between updates
            with self._transaction() as conn:
                row = conn.execute("SELECT rid, signature, state FROM docs WHERE record_id=?",
                                   (doc.record_id,)).fetchone()
                if row is not None and row[1] == doc.signature() and row[2] == 1:
                    continue
                if row is not None:
                    remove_doc(conn, row[0])
                rid = self._add(conn, doc)
                written += self._link(conn, rid)
        return written

    def run_all(self, docs: Iterable[ReuseDoc], fresh: bool = False,
                progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """The whole archive: read every record not read yet (or changed), drop records gone, then link
        every record not linked yet. Rerunning after a crash resumes where it stopped."""
        if fresh:
            self.clear()
        known = {rid_sig[0]: (rid_sig[1], rid_sig[2])
                 for rid_sig in self.conn.execute("SELECT record_id, rid, signature FROM docs")}
        seen: set[str] = set()
        batch: list[ReuseDoc] = []
        read = 0

        def flush() -> None:
            nonlocal read
            with self._transaction() as conn:
                for doc in batch:
                    old = known.get(doc.record_id)
                    if old is not None:
                        remove_doc(conn, old[0])
                    self._add(conn, doc)
            read += len(batch)
            if progress:
                progress("read", len(batch))
            batch.clear()

        for doc in docs:
            seen.add(doc.record_id)
            old = known.get(doc.record_id)
            if old is not None and old[1] == doc.signature():
                continue
            batch.append(doc)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        gone = [record_id for record_id in known if record_id not in seen]
        for record_id in gone:
            with self._transaction() as conn:
                self._remove(conn, record_id)
        linked, links = self._link_all(progress)
        return {"read": read, "removed": len(gone), "linked": linked, "links": links}

    def _link_all(self, progress: Callable[[str, int], None] | None) -> tuple[int, int]:
        """Link every record read and not linked yet, with the candidates of all of them found in one
        join (`join.candidate_plan`), LINK_BATCH records per transaction. A record another process
        linked meanwhile (an ingest during the pass) missed the records this pass had not linked yet:
        it is linked again after them."""
        linked = links = 0
        for _ in range(3):
            todo = [r for (r,) in self.conn.execute("SELECT rid FROM docs WHERE state=0 ORDER BY rid")]
            if not todo:
                break
            high = self.conn.execute("SELECT COALESCE(MAX(rid), 0) FROM docs").fetchone()[0]
            plan = candidate_plan(self.conn, todo, self.max_records)
            procs = worker_count(self.procs, len(todo))
            log.info("reuse pass: %d records to link, %d candidate paragraph pairs, %d process(es)", len(todo),
                     plan.pairs, procs)
            self._prepared = {}
            found = None
            if procs > 1:  # passages found by worker processes, written here in the same order
                found = found_passages(self.path, self.min_words,
                                       ((rid, plan.of(turn)) for turn, rid in enumerate(todo)), procs)
            try:
                for start in range(0, len(todo), LINK_BATCH):
                    part = todo[start : start + LINK_BATCH]
                    with self._transaction() as conn:
                        for turn, rid in enumerate(part, start):
                            passages = None
                            if found is not None:
                                of, passages = next(found)
                                assert of == rid, "passages come back in the order of the records"
                            state = conn.execute("SELECT state FROM docs WHERE rid=?", (rid,)).fetchone()
                            if state is None or state[0] != 0:  # gone or linked by another process
                                continue
                            if passages is None:
                                links += self._link(conn, rid, plan.of(turn))
                            else:
                                links += self._write_links(conn, rid, passages)
                    linked += len(part)
                    if progress:
                        progress("linked", len(part))
            finally:
                if found is not None:
                    found.close()  # stops the workers
            self._prepared = {}
            late = [r for (r,) in self.conn.execute("SELECT rid FROM docs WHERE rid>? AND state=1", (high,))]
            if not late:
                break
            with self._transaction() as conn:
                for rid in late:
                    conn.execute("DELETE FROM links WHERE rid=? OR other=?", (rid, rid))
                    conn.execute("DELETE FROM pairs WHERE rid=? OR other=?", (rid, rid))
                    conn.execute("UPDATE docs SET state=0 WHERE rid=?", (rid,))
        return linked, links

    def clear(self) -> None:
        """Forget everything (a fresh pass follows)."""
        with self._transaction() as conn:
            for table in ("links", "pairs", "fp", "paras", "docs"):
                conn.execute(f"DELETE FROM {table}")

    def _remove(self, conn: sqlite3.Connection, record_id: str) -> None:
        row = conn.execute("SELECT rid FROM docs WHERE record_id=?", (record_id,)).fetchone()
        if row is not None:
            remove_doc(conn, row[0])

    def _add(self, conn: sqlite3.Connection, doc: ReuseDoc) -> int:
        """Store a record's paragraphs and fingerprints (state 0: read, not linked)."""
        total = 0
        prints: list[tuple[int, int]] = []
        cur = conn.execute("INSERT INTO docs (record_id, date, dated, signature, size, state) VALUES (?, ?, ?, ?, 0, 0)",
                           (doc.record_id, doc.date, int(doc.dated), doc.signature()))
        rid = int(cur.lastrowid or 0)
        para_prints = doc.prints if doc.prints is not None else [paragraph_prints(p) for p in doc.paragraphs]
        for para, hashes in zip(doc.paragraphs, para_prints, strict=True):
            total += len(para.text)
            cur = conn.execute("INSERT INTO paras (rid, n, kind, text, quotes) VALUES (?, ?, ?, ?, ?)",
                               (rid, para.n, para.kind, para.text, dumps(list(para.quotes)) if para.quotes else None))
            pid = int(cur.lastrowid or 0)
            prints.extend((h, pid) for h in hashes)
        conn.executemany("INSERT INTO fp (hash, pid) VALUES (?, ?)", prints)
        conn.execute("UPDATE docs SET size=? WHERE rid=?", (total, rid))
        return rid

    def _candidates(self, conn: sqlite3.Connection, rid: int) -> dict[int, dict[tuple[int, int], bool]]:
        """Linked records sharing a fingerprint with this one: other rid -> {(my pid, other pid): matched
        by a whole quotation}."""
        mine: dict[int, list[int]] = defaultdict(list)
        for h, pid in conn.execute("SELECT f.hash, f.pid FROM fp f JOIN paras p ON p.pid=f.pid WHERE p.rid=?", (rid,)):
            mine[h].append(pid)
        hashes = list(mine)
        common: list[int] = []
        for i in range(0, len(hashes), _CHUNK):
            part = hashes[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            common += [h for h, count in conn.execute(
                f"SELECT hash, COUNT(*) FROM fp WHERE hash IN ({marks}) GROUP BY hash", part)
                if 1 < count <= self.max_records]
        found: dict[int, dict[tuple[int, int], bool]] = defaultdict(dict)
        for i in range(0, len(common), _CHUNK):
            part = common[i : i + _CHUNK]
            for h, pid, other in conn.execute(linked_holders_sql(len(part)), (*part, rid)):
                for my_pid in mine[h]:
                    found[other][(my_pid, pid)] = found[other].get((my_pid, pid), False) or bool(h & 1)
        return found

    def _link(self, conn: sqlite3.Connection, rid: int,
              candidates: dict[int, dict[tuple[int, int], bool]] | None = None) -> int:
        """Compare a read record with every linked one (its `candidates` when a whole-archive join found
        them), write the pairs and links, mark it linked."""
        if candidates is None:
            candidates = self._candidates(conn, rid)
        found = passages_of(conn, rid, candidates, self._prepared, self.min_words)
        return self._write_links(conn, rid, found)

    def _write_links(self, conn: sqlite3.Connection, rid: int,
                     found: dict[int, list[tuple[int, int, Passage]]]) -> int:
        """Write a record's pairs and links (its shared passages with each other record), mark it linked."""
        written = 0
        if found:
            mine = conn.execute("SELECT date, dated, size FROM docs WHERE rid=?", (rid,)).fetchone()
            for other, passages in sorted(found.items()):
                theirs = conn.execute("SELECT date, dated, size FROM docs WHERE rid=?", (other,)).fetchone()
                if mine is not None and theirs is not None:
                    written += self._write_pair(conn, rid, other, passages, mine, theirs)
        conn.execute("UPDATE docs SET state=1 WHERE rid=?", (rid,))
        return written

    def _write_pair(self, conn: sqlite3.Connection, rid: int, other: int, found: list[tuple[int, int, Passage]],
                    mine: tuple[str | None, int, int], theirs: tuple[str | None, int, int]) -> int:
        """Judge a pair from its passages and (date, dated, size) of each side; write it both ways."""
        verdict = judge(found, mine[2], theirs[2], mine[0], theirs[0], self.same_share, bool(mine[1]), bool(theirs[1]))
        back = INVERSE[verdict.relation]
        conn.executemany("INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?, ?, ?)", [
            (rid, other, verdict.relation, verdict.share_a, verdict.share_b, int(verdict.rendition == "a")),
            (other, rid, back, verdict.share_b, verdict.share_a, int(verdict.rendition == "b"))])
        rows = []
        for na, nb, p in found:
            rows.append((rid, na, other, nb, verdict.relation, p.similarity, *p.a_chars, *p.b_chars, dumps(p.diff)))
            q = p.swapped()
            rows.append((other, nb, rid, na, back, q.similarity, *q.a_chars, *q.b_chars, dumps(q.diff)))
        conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    # -- reading ----------------------------------------------------------------------------------
    def links(self, record_id: str) -> list[dict[str, Any]]:
        """The record's links, by paragraph: {paragraph, other_record_id, other_paragraph, relation,
        similarity, diff}. Empty for a record with none (or not linked yet)."""
        rows = self.conn.execute(
            "SELECT l.n, o.record_id, l.other_n, l.relation, l.similarity, l.diff FROM links l "
            "JOIN docs d ON d.rid=l.rid JOIN docs o ON o.rid=l.other WHERE d.record_id=? "
            "ORDER BY l.n, o.date, o.record_id, l.other_n, l.start", (record_id,)).fetchall()
        return [{"paragraph": n, "other_record_id": other, "other_paragraph": other_n, "relation": relation,
                 "similarity": similarity, "diff": loads(diff)} for n, other, other_n, relation, similarity, diff in rows]

    def renditions(self, record_ids: Iterable[str]) -> dict[str, list[str]]:
        """For each given record that is a rendition of another record: those records' ids."""
        ids = list(record_ids)
        out: dict[str, list[str]] = {}
        for i in range(0, len(ids), _CHUNK):
            part = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for mine, other in self.conn.execute(
                    f"SELECT d.record_id, o.record_id FROM pairs p JOIN docs d ON d.rid=p.rid "
                    f"JOIN docs o ON o.rid=p.other WHERE p.relation='same_text' AND p.rendition=1 "
                    f"AND d.record_id IN ({marks}) ORDER BY o.date, o.record_id", part):
                out.setdefault(mine, []).append(other)
        return out

    def same_text_groups(self) -> dict[str, str]:
        """Record id -> the id standing for its group of renditions (the one that is no rendition)."""
        out: dict[str, str] = {}
        for mine, other in self.conn.execute(
                "SELECT d.record_id, o.record_id FROM pairs p JOIN docs d ON d.rid=p.rid JOIN docs o ON o.rid=p.other "
                "WHERE p.relation='same_text' AND p.rendition=1 ORDER BY o.date, o.record_id"):
            out.setdefault(mine, other)
        return out

    def is_linked(self, record_id: str) -> bool:
        row = self.conn.execute("SELECT state FROM docs WHERE record_id=?", (record_id,)).fetchone()
        return row is not None and row[0] == 1

    def state(self) -> dict[str, int]:
        counts = dict(self.conn.execute("SELECT state, COUNT(*) FROM docs GROUP BY state").fetchall())
        links = self.conn.execute("SELECT COUNT(*) FROM links").fetchone()[0]
        return {"read": counts.get(0, 0), "linked": counts.get(1, 0), "links": links}


def linked_holders_sql(count: int) -> str:
    """The paragraphs of linked records (other than the one given last) holding any of `count` hashes:
    (hash, pid, rid). CROSS JOIN keeps the fingerprint lookup the outer loop: left to choose, SQLite's
    planner starts from every linked record (the `docs_state` index) once 20 or so hashes are asked,
    and a new record's links then take time in proportion to the archive."""
    marks = ",".join("?" * count)
    return (f"SELECT f.hash, f.pid, p.rid FROM fp f CROSS JOIN paras p ON p.pid=f.pid CROSS JOIN docs d "
            f"ON d.rid=p.rid WHERE f.hash IN ({marks}) AND d.state=1 AND p.rid != ?")


def passages_of(conn: sqlite3.Connection, rid: int, candidates: dict[int, dict[tuple[int, int], bool]],
                prepared: dict[int, Prepared], min_words: int) -> dict[int, list[tuple[int, int, Passage]]]:
    """The shared passages of a record with each candidate record (reads only): other rid -> [(my
    paragraph n, its paragraph n, passage)], only records with at least one passage. `prepared` keeps
    paragraphs prepared between calls."""
    out: dict[int, list[tuple[int, int, Passage]]] = {}
    if not candidates:
        return out
    paras = _paras(conn, {pid for pairs in candidates.values() for pair in pairs for pid in pair})
    candidates = {other: kept for other, pairs in candidates.items()  # a record removed meanwhile
                  if (kept := {pair: q for pair, q in pairs.items() if pair[0] in paras and pair[1] in paras})}
    if len(prepared) > PREPARED_CACHE:
        prepared.clear()

    def prepared_of(pid: int) -> Prepared:
        found = prepared.get(pid)
        if found is None:
            found = prepared[pid] = Prepared(paras[pid])
        return found

    names = _names(conn, [rid, *candidates])
    for other, pairs in sorted(candidates.items()):
        found: list[tuple[int, int, Passage]] = []
        for (my_pid, other_pid), by_quote in sorted(pairs.items()):
            pa, pb = prepared_of(my_pid), prepared_of(other_pid)
            if not by_quote and shared_shingles(pa, pb) < MIN_SHARED_SHINGLES:
                continue
            na, nb = paras[my_pid].n, paras[other_pid].n
            if names[rid] < names[other]:
                found.extend((na, nb, p) for p in shared_passages_of(pa, pb, min_words))
            else:  # always aligned in the same order, so the links do not depend on which came first
                found.extend((na, nb, p.swapped()) for p in shared_passages_of(pb, pa, min_words))
        if found:
            out[other] = found
    return out


def _paras(conn: sqlite3.Connection, pids: Iterable[int]) -> dict[int, Para]:
    pids = list(pids)
    out: dict[int, Para] = {}
    for i in range(0, len(pids), _CHUNK):
        part = pids[i : i + _CHUNK]
        marks = ",".join("?" * len(part))
        for pid, n, kind, text, quotes in conn.execute(
                f"SELECT pid, n, kind, text, quotes FROM paras WHERE pid IN ({marks})", part):
            out[pid] = Para(n, text, kind, tuple(loads(quotes) or ()))  # type: ignore[arg-type]
    return out


def _names(conn: sqlite3.Connection, rids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(rids), _CHUNK):
        part = rids[i : i + _CHUNK]
        marks = ",".join("?" * len(part))
        out.update(conn.execute(f"SELECT rid, record_id FROM docs WHERE rid IN ({marks})", part))
    return out
