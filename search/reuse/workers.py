"""Worker processes of a whole-archive pass: reading records and finding shared passages on every core.

Both stages are pure computation on data already written: a reading worker parses record files into
ReuseDocs with their fingerprints; a linking worker reads paragraphs through its own read-only
connection and returns a record's shared passages. The parent alone writes the database, in the
order a single process would, so the links are the same with any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from archive import RecordCorrupt, load_record_bytes

from .docs import ReuseDoc, doc_of, with_prints
from .passages import Passage, Prepared

PARALLEL_MIN_RECORDS = 2_000  # fewer records are read and linked in the calling process
READ_CHUNK = 64  # record files per reading task
LINK_CHUNK = 8  # records per linking task
IN_FLIGHT = 4  # linking tasks waiting or running per process

Found = dict[int, list[tuple[int, int, Passage]]]


def worker_count(setting: int, count: int) -> int:
    """Processes for `count` records: 1 below PARALLEL_MIN_RECORDS, else the setting (0 = one per core)."""
    if count < PARALLEL_MIN_RECORDS:
        return 1
    return setting if setting > 0 else (os.cpu_count() or 1)


def _pool(procs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Any:
    return multiprocessing.get_context("spawn").Pool(procs, _start_worker, (initializer or _nothing, *initargs))


def _start_worker(initializer: Callable[..., None], *initargs: Any) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool): a worker does not print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    initializer(*initargs)


def _nothing() -> None:
    pass


def read_files(paths: list[Path]) -> list[ReuseDoc | str]:
    """Each file's ReuseDoc with its fingerprints, or the one-line error of a torn record; a file
    removed meanwhile is passed over."""
    out: list[ReuseDoc | str] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            out.append(with_prints(doc_of(load_record_bytes(data, str(path)))))
        except RecordCorrupt as exc:
            out.append(" ".join(str(exc).split()))  # one line (a YAML error spans several)
    return out


def read_docs(paths: list[Path], procs: int = 1) -> Iterator[ReuseDoc | str]:
    """The ReuseDocs of record files in their order (errors as one-line strings), read by `procs`
    processes."""
    chunks = [paths[i : i + READ_CHUNK] for i in range(0, len(paths), READ_CHUNK)]
    if procs <= 1:
        for chunk in chunks:
            yield from read_files(chunk)
        return
    with _pool(procs) as pool:
        for part in pool.imap(read_files, chunks):
            yield from part


_conn: sqlite3.Connection | None = None
_min_words = 25
_prepared: dict[int, Prepared] = {}


def _start_linker(path: str, min_words: int) -> None:
    global _conn, _min_words
    from .store import connect_readonly

    _conn = connect_readonly(Path(path))
    _min_words = min_words


def _link_tasks(tasks: list[tuple[int, dict[int, dict[tuple[int, int], bool]]]]) -> list[tuple[int, Found]]:
    from .engine import passages_of

    assert _conn is not None
    return [(rid, passages_of(_conn, rid, candidates, _prepared, _min_words)) for rid, candidates in tasks]


def found_passages(path: Path, min_words: int, tasks: Iterable[tuple[int, dict[int, dict[tuple[int, int], bool]]]],
                   procs: int) -> Iterator[tuple[int, Found]]:
    """(rid, shared passages with each candidate) of each task (rid, its candidates), in order, found by
    `procs` processes reading the database at `path` (already committed rows only). A few chunks per
    process are in flight at a time, so the tasks are built as the results are taken."""
    tasks = iter(tasks)
    chunks = iter(lambda: list(islice(tasks, LINK_CHUNK)), [])
    with _pool(procs, _start_linker, (str(path), min_words)) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_link_tasks, (chunk,)))
            while len(pending) >= IN_FLIGHT * procs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
