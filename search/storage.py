"""Where the index lives on disk, and how it is swapped, locked, journaled and checked.

DATA/index/ holds generation folders (ix-<time>-<pid>/, each a Whoosh index plus a FINGERPRINT
of the schema) and CURRENT, a one-line file naming the live one. A rebuild fills a new folder and
swaps CURRENT atomically. PENDING journals the record ids of a write in progress, so a write cut
short by a crash is redone from the archive when the index is next opened.

QUEUED-<pid>-<n> files journal the record ids a batch of ingests has written to the archive but
not yet to the index (see search/batch.py). The batch holds an OS lock on its file while it lives;
a queue file nobody holds is left by a process that died, and the next index write redoes its ids
from the archive.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import logging
import os
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from whoosh.index import FileIndex

from archive import Settings, atomic_write, exclusive_lock

from .engine import ZeroCopyStorage
from .errors import IndexDamaged
from .schema import build_schema, fingerprint

log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"
CURRENT = "CURRENT"
FINGERPRINT = "FINGERPRINT"
JOURNAL = "PENDING"
QUEUE_PREFIX = "QUEUED-"
PREFIX = "ix-"

_held = threading.local()
_process_lock = threading.RLock()


@contextlib.contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """One index writer at a time across processes and threads (re-entrant within a thread)."""
    with _process_lock:
        depth = getattr(_held, "depth", 0)
        if depth:
            _held.depth = depth + 1
            try:
                yield
            finally:
                _held.depth -= 1
            return
        with exclusive_lock(settings.data_dir / ".index.lock"):
            _held.depth = 1
            try:
                yield
            finally:
                _held.depth = 0


def current_dir(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not name.startswith(PREFIX) or "/" in name:
        return None
    return root / name


def create_index(root: Path) -> Path:
    """A new, empty generation folder (not yet live)."""
    path = root / f"{PREFIX}{time.time_ns()}-{os.getpid()}"
    storage = ZeroCopyStorage(str(path))
    storage.create()
    storage.create_index(build_schema(), indexname=INDEX_NAME)
    atomic_write(path / FINGERPRINT, fingerprint().encode())
    return path


def open_index(path: Path) -> FileIndex:
    """Open a generation folder, or raise IndexDamaged saying what is wrong with it."""
    try:
        stored = (path / FINGERPRINT).read_text(encoding="utf-8").strip()
    except OSError:
        raise IndexDamaged(f"{path}: no schema fingerprint") from None
    if stored != fingerprint():
        raise IndexDamaged(f"{path}: built with another schema ({stored})")
    problem = None
    with warnings.catch_warnings():
        # Whoosh leaves a torn file open when it fails to read it: let it close quietly here.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = ZeroCopyStorage(str(path)).open_index(INDEX_NAME)  # segments read in place
            with ix.reader() as reader:
                reader.doc_count()
                for segreader, _ in reader.leaf_readers():
                    if segreader.has_column("facet"):
                        segreader.column_reader("facet")
        except Exception as exc:  # Whoosh reports torn files with many exception types
            problem = f"{exc.__class__.__name__}: {exc}"
        if problem:
            gc.collect()
    if problem:
        raise IndexDamaged(f"{path}: cannot be opened ({problem})")
    return ix


def make_live(root: Path, path: Path) -> None:
    """Point CURRENT at `path` (atomically) and delete every other generation folder."""
    atomic_write(root / CURRENT, path.name.encode())
    remove_other_generations(root, keep=path)


def remove_other_generations(root: Path, keep: Path | None) -> None:
    """Only call while holding the write lock: unreferenced folders are then never in use by a writer."""
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith(PREFIX) and child != keep:
            shutil.rmtree(child, ignore_errors=True)


def write_journal(root: Path, upsert: list[str], delete: list[str]) -> None:
    atomic_write(root / JOURNAL, json.dumps({"upsert": upsert, "delete": delete}).encode())


def read_journal(root: Path) -> dict[str, list[str]] | None:
    try:
        data = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"upsert": [], "delete": [], "unreadable": ["1"]}
    return {"upsert": list(data.get("upsert") or []), "delete": list(data.get("delete") or [])}


def clear_journal(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (root / JOURNAL).unlink()


class Queue:
    """An append-only journal of the record ids a live batch has stored but not yet indexed, held
    under an OS lock (released by the OS if the process dies)."""

    _count = 0

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        Queue._count += 1
        name = f"{QUEUE_PREFIX}{os.getpid()}-{time.time_ns()}-{Queue._count}"
        self.path = root / name
        hidden = root / f".{name}"  # locked before it takes the name other writers look for
        self._fh = open(hidden, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(hidden, self.path)

    def append(self, record_ids: list[str]) -> None:
        """Journal ids (flushed to the OS, so a killed process leaves them; not fsynced: after a power
        cut `evidence check` finds what the index lacks)."""
        if record_ids:
            self._fh.write("".join(f"{i}\n" for i in record_ids))
            self._fh.flush()

    def clear(self) -> None:
        self._fh.truncate(0)

    def close(self) -> None:
        """Remove the file (its ids are indexed) and let go of it."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._fh.close()


def take_stale_queues(root: Path) -> list[str]:
    """The ids journaled in queue files whose batch died (nobody holds their lock), removing the
    files. Call under the write lock, and index the ids from the archive."""
    ids: list[str] = []
    if not root.is_dir():
        return ids
    for path in sorted(root.glob(f"{QUEUE_PREFIX}*")):
        try:
            fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            continue
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live batch
            ids += [line.strip() for line in fh if line.strip()]
            path.unlink(missing_ok=True)
    return ids
