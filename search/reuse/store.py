"""The reuse database (DATA/reuse.sqlite3): derived data like the index, deleted and rebuilt freely.

Tables: `docs` (one row per record: its signature, date, size in characters and state: 0 read, 1
linked), `paras` (its paragraphs' text, so aligning never reads the archive), `fp` (the
paragraphs' fingerprints), `pairs` (the relation of two records, both ways) and `links` (shared
passages paragraph to paragraph, both ways). Every change is one SQLite transaction, so a crash
leaves either the old rows or the new ones.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs (
    rid INTEGER PRIMARY KEY, record_id TEXT UNIQUE NOT NULL, date TEXT, dated INTEGER NOT NULL, signature TEXT NOT NULL,
    size INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS docs_state ON docs(state, rid);
CREATE TABLE IF NOT EXISTS paras (
    pid INTEGER PRIMARY KEY, rid INTEGER NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL,
    text TEXT NOT NULL, quotes TEXT);
CREATE INDEX IF NOT EXISTS paras_rid ON paras(rid);
CREATE TABLE IF NOT EXISTS fp (hash INTEGER NOT NULL, pid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS fp_hash ON fp(hash);
CREATE INDEX IF NOT EXISTS fp_pid ON fp(pid);
CREATE TABLE IF NOT EXISTS pairs (
    rid INTEGER NOT NULL, other INTEGER NOT NULL, relation TEXT NOT NULL, share REAL,
    other_share REAL, rendition INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (rid, other));
CREATE INDEX IF NOT EXISTS pairs_other ON pairs(other);
CREATE TABLE IF NOT EXISTS links (
    rid INTEGER NOT NULL, n INTEGER NOT NULL, other INTEGER NOT NULL, other_n INTEGER NOT NULL,
    relation TEXT NOT NULL, similarity REAL NOT NULL, start INTEGER, end INTEGER,
    other_start INTEGER, other_end INTEGER, diff TEXT);
CREATE INDEX IF NOT EXISTS links_rid ON links(rid);
CREATE INDEX IF NOT EXISTS links_other ON links(other);
"""


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")
    conn.executescript(SCHEMA)
    row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
    if row is None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
    return conn


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open for reading only (the schema is neither created nor changed); FileNotFoundError when the
    database does not exist."""
    if not path.is_file():
        raise FileNotFoundError(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60, isolation_level=None)
    conn.execute("PRAGMA query_only=ON")
    return conn


def dumps(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> object:
    return None if text is None else json.loads(text)


def remove_doc(conn: sqlite3.Connection, rid: int) -> None:
    """Every row of one record (call inside a transaction)."""
    conn.execute("DELETE FROM links WHERE rid=? OR other=?", (rid, rid))
    conn.execute("DELETE FROM pairs WHERE rid=? OR other=?", (rid, rid))
    conn.execute("DELETE FROM fp WHERE pid IN (SELECT pid FROM paras WHERE rid=?)", (rid,))
    conn.execute("DELETE FROM paras WHERE rid=?", (rid,))
    conn.execute("DELETE FROM docs WHERE rid=?", (rid,))
