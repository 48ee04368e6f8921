"""Failed sign-in attempts, counted per account name and per client address in the database.

Kept in SQLite (not memory) so every server thread and process sees the same count. Both counts
use the same limit and window (settings `login_rate_limit`, `login_rate_window_s`): the address
count stops one client trying many names, the name count stops many addresses trying one name.
The client address is `request.remote_addr`, which honours X-Forwarded-For only as far as the
setting `trusted_proxies` allows (see webapp.create_app).
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any, Literal

from archive import Settings
from webapp.db import connect

log = logging.getLogger(__name__)

KEEP_S = 86400  # failures older than a day are deleted whenever a new one is recorded
Scope = Literal["name", "address"]


@dataclass(frozen=True)
class Lockout:
    """Sign-ins are refused for `wait` seconds because of too many failures for `scope`."""

    scope: Scope
    wait: int


def _window_start(settings: Settings, now: float) -> float:
    return now - settings.login_rate_window_s


def _wait_for(settings: Settings, column: Scope, value: str, now: float, conn: Any = None) -> int:
    """Seconds until the oldest counted failure for `column = value` leaves the window; 0 if under the limit."""
    limit = settings.login_rate_limit
    if conn is None:
        with contextlib.closing(connect(settings)) as own:
            return _wait_for(settings, column, value, now, own)
    rows = conn.execute(
        f"SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT ?",
        (value, _window_start(settings, now), limit),
    ).fetchall()
    if len(rows) < limit:
        return 0
    return max(1, int(rows[-1]["at"] + settings.login_rate_window_s - now) + 1)


def lockout(settings: Settings, name: str, address: str, now: float | None = None, conn: Any = None) -> Lockout | None:
    """The longer of the name's and the address's lockouts, or None when an attempt is allowed now."""
    if settings.login_rate_limit <= 0:
        return None
    now = time.time() if now is None else now
    waits = [Lockout(scope, _wait_for(settings, scope, value, now, conn))
             for scope, value in (("name", name.strip()), ("address", address))]
    worst = max(waits, key=lambda w: w.wait)
    return worst if worst.wait > 0 else None


def begin_attempt(settings: Settings, name: str, address: str, now: float | None = None) -> Lockout | int:
    """Count a sign-in attempt before its password is checked, in one transaction with the limit check.

    Returns the Lockout when the limit is reached (nothing counted), else the id of the attempt,
    counted as a failure until `attempt_succeeded` takes it back. Parallel tries are serialised by
    the transaction, so no more than `login_rate_limit` of them reach the password check."""
    now = time.time() if now is None else now
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = lockout(settings, name, address, now, conn)
            if found:
                conn.execute("ROLLBACK")
                return found
            cur = conn.execute("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                               (name.strip()[:100], address, now))
            conn.execute("DELETE FROM login_failures WHERE at < ?", (now - KEEP_S,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return int(cur.lastrowid or 0)


def attempt_succeeded(settings: Settings, attempt_id: int) -> None:
    """The attempt's password was right: it is not a failure."""
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("DELETE FROM login_failures WHERE id = ?", (attempt_id,))


def retry_after(settings: Settings, name: str, address: str, now: float | None = None) -> int:
    """Seconds until another attempt is allowed; 0 when attempts are allowed now."""
    found = lockout(settings, name, address, now)
    return found.wait if found else 0


def record_failure(settings: Settings, name: str, address: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                     (name.strip()[:100], address, now))
        conn.execute("DELETE FROM login_failures WHERE at < ?", (now - KEEP_S,))


def clear_failures(settings: Settings, name: str, address: str | None = None) -> None:
    """Forget failures for `name`: only those from `address` when given, else from every address.

    A successful sign-in clears its own client's failures for that name only: clearing the whole
    address would let someone with one account reset the address count between guesses at others,
    and clearing the whole name would let the account's owner wipe an attacker's count.
    """
    with contextlib.closing(connect(settings)) as conn:
        if address is None:
            conn.execute("DELETE FROM login_failures WHERE name = ?", (name.strip(),))
        else:
            conn.execute("DELETE FROM login_failures WHERE name = ? AND address = ?", (name.strip(), address))
