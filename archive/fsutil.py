"""Crash-safe file writes and an inter-process lock for the data folder."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never a torn one."""
    tmp = write_temp(path, data)
    try:
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_temp(path: Path, data: bytes) -> Path:
    """The first half of a grouped write: `data` in a temp file beside `path` (the name a killed
    writer's leftovers have, which `remove_stale_temp_files` removes), not yet synced. A group of
    such files is made durable by one `sync_files`, then each is put in place with `os.replace`
    and the folders synced once (`sync_folders`): a crash leaves each file old or new, never torn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def sync_files(paths: list[Path]) -> None:
    """Every byte of these files on disk: one syncfs() of each file system holding them where Linux
    offers it (a group of files for the cost of about one fsync), else an fsync of each file."""
    if _syncfs is not None and _syncfs_each(list(dict.fromkeys(p.parent for p in paths))):
        return
    for path in paths:
        with contextlib.suppress(FileNotFoundError):  # removed meanwhile: its writer writes it again
            _fsync_file(path)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs_each(folders: list[Path]) -> bool:
    synced: set[int] = set()
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY)
        try:
            device = os.fstat(fd).st_dev
            if device not in synced:
                if _syncfs(fd) != 0:
                    log.debug("syncfs(%s) failed (errno %d): syncing each file", folder, ctypes.get_errno())
                    return False
                synced.add(device)
        finally:
            os.close(fd)
    return True


def sync_folders(folders: list[Path]) -> None:
    """The names put in these folders (renames) on disk."""
    for folder in dict.fromkeys(folders):
        _fsync_dir(folder)


def _load_syncfs():  # a C function, or None
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError, TypeError):  # not Linux: each file is fsynced
        return None


_syncfs = _load_syncfs()


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive OS lock on `path` (released by the OS if the process dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def remove_stale_temp_files(directory: Path) -> int:
    """Delete temp files a killed writer left behind; returns how many."""
    count = 0
    if directory.is_dir():
        for tmp in directory.glob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                count += 1
    return count
