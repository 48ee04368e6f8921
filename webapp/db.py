"""The SQLite database in the data folder, for what users create (drafts, accounts, audit log).

Each feature keeps its tables in `webapp/schema/<feature>.sql` (CREATE ... IF NOT EXISTS);
`connect` applies them all, in name order, once per process and database path.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

from archive import Settings

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
_initialised: set[Path] = set()
_init_lock = threading.Lock()


def connect(settings: Settings) -> sqlite3.Connection:
    path = settings.database_path
    path.parent.mkdir(parents=True, exist_ok=True)
    _create_private(path)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # autocommit; use BEGIN explicitly
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    with _init_lock:
        if path.resolve() not in _initialised:
            conn.execute("PRAGMA journal_mode = WAL")
            schemas = sorted(SCHEMA_DIR.glob("*.sql"))
            if not schemas:
                conn.close()
                raise RuntimeError(f"no table definitions (*.sql) in {SCHEMA_DIR}: the installation is incomplete")
            for sql in schemas:
                conn.executescript(sql.read_text(encoding="utf-8"))
            _initialised.add(path.resolve())
    return conn


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (0600): it holds password hashes,
    drafts and the audit log. An existing file's mode is tightened too; SQLite's -wal and -shm
    files take the database file's mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
