"""The SQLite database in the data folder, for what users create (drafts, accounts, audit log).

Each feature keeps its tables in `webapp/schema/<feature>.sql` (CREATE ... IF NOT EXISTS);
`connect` applies them all, in name order, once per process and database path.
"""

from __future__ import annotations

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
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # autocommit; use BEGIN explicitly
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    with _init_lock:
        if path.resolve() not in _initialised:
            conn.execute("PRAGMA journal_mode = WAL")
            for sql in sorted(SCHEMA_DIR.glob("*.sql")):
                conn.executescript(sql.read_text(encoding="utf-8"))
            _initialised.add(path.resolve())
    return conn
