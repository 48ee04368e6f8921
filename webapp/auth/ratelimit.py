"""Failed sign-in attempts, counted per account name and per client address in the database.

Kept in SQLite (not memory) so every server thread and process sees the same count.
"""

from __future__ import annotations

import contextlib
import time

from archive import Settings
from webapp.db import connect


def _window_start(settings: Settings, now: float) -> float:
    return now - settings.login_rate_window_s


def retry_after(settings: Settings, name: str, address: str, now: float | None = None) -> int:
    """Seconds until another attempt is allowed; 0 when attempts are allowed now."""
    now = time.time() if now is None else now
    since = _window_start(settings, now)
    limit = settings.login_rate_limit
    if limit <= 0:
        return 0
    with contextlib.closing(connect(settings)) as conn:
        waits = []
        for column, value in (("name", name.strip()), ("address", address)):
            rows = conn.execute(
                f"SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT ?",
                (value, since, limit),
            ).fetchall()
            if len(rows) >= limit:
                oldest_counted = rows[-1]["at"]
                waits.append(int(oldest_counted + settings.login_rate_window_s - now) + 1)
    return max(waits, default=0)


def record_failure(settings: Settings, name: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                     (name.strip()[:100], address, now))
        conn.execute("DELETE FROM login_failures WHERE at < ?", (now - 86400,))


def clear_failures(settings: Settings, name: str) -> None:
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("DELETE FROM login_failures WHERE name = ?", (name.strip(),))
