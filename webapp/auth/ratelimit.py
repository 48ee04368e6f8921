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
    return now - settings.auth.login_rate_window_s


def _wait_for(settings: Settings, column: Scope, value: str, now: float, conn: Any = None) -> int:
    """Seconds until the oldest counted failure for `column = value` leaves the window; 0 if under the limit."""
    limit = settings.auth.login_rate_limit
    if conn is None:
        with contextlib.closing(connect(settings)) as own:
            return _wait_for(settings, column, value, now, own)
    rows = conn.execute(
        f"SELECT at FROM login_failures WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT ?",
        (value, _window_start(settings, now), limit),
    ).fetchall()
    if len(rows) < limit:
        return 0
    return max(1, int(rows[-1]["at"] + settings.auth.login_rate_window_s - now) + 1)


def lockout(settings: Settings, name: str, address: str, now: float | None = None, conn: Any = None) -> Lockout | None:
    """The longer of the name's and the address's lockouts, or None when an attempt is allowed now."""
    if settings.auth.login_rate_limit <= 0:
        return None
    now = time.time() if now is None else now
    waits = [Lockout(scope, _wait_for(settings, scope, value, now, conn))
             for scope, value in (("name", name.strip()), ("address", address))]
    worst = max(waits, key=lambda w: w.wait)
    return worst if worst.wait > 0 else None


PENDING_S = 60  # an attempt still "being checked" after this long was cut short (a killed process)
WAIT_S = 0.05  # how long a try waits for another try's check to finish before looking again
MAX_WAIT_S = 30


def begin_attempt(settings: Settings, name: str, address: str) -> Lockout | int:
    """Reserve a password check for this attempt, in one transaction with the limit check.

    Failures in the window plus checks under way may not pass `login_rate_limit` (per name and per
    address), so parallel tries cannot overrun it: a try over the limit because of failures is
    refused (the Lockout); one over it only because other checks are under way waits for them.
    Returns the reservation's id for `end_attempt`."""
    check = settings.auth.login_rate_limit > 0
    deadline = time.monotonic() + MAX_WAIT_S
    while True:
        found = _reserve(settings, name, address, check)
        if not isinstance(found, Lockout) or found.wait > 0:
            return found
        if time.monotonic() > deadline:
            return Lockout(found.scope, 1)
        time.sleep(WAIT_S)


def _reserve(settings: Settings, name: str, address: str, check: bool) -> Lockout | int:
    """A reservation id; or a Lockout (wait 0: only checks under way stand in the way)."""
    now = time.time()
    name = name.strip()[:100]
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = _over_limit(settings, conn, name, address, now) if check else None
            if found:
                conn.execute("ROLLBACK")
                return found
            cur = conn.execute("INSERT INTO login_pending (name, address, at) VALUES (?, ?, ?)", (name, address, now))
            conn.execute("DELETE FROM login_pending WHERE at < ?", (now - PENDING_S,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return int(cur.lastrowid or 0)


def _over_limit(settings: Settings, conn: Any, name: str, address: str, now: float) -> Lockout | None:
    found = lockout(settings, name, address, now, conn)
    if found:
        return found
    for scope, value in (("name", name), ("address", address)):
        failures = conn.execute(f"SELECT COUNT(*) FROM login_failures WHERE {scope} = ? AND at > ?",
                                (value, _window_start(settings, now))).fetchone()[0]
        pending = conn.execute(f"SELECT COUNT(*) FROM login_pending WHERE {scope} = ? AND at > ?",
                               (value, now - PENDING_S)).fetchone()[0]
        if failures + pending >= settings.auth.login_rate_limit:
            return Lockout(scope, 0)
    return None


def end_attempt(settings: Settings, attempt_id: int, name: str, address: str, failed: bool) -> None:
    """The check is over: release the reservation and, for a wrong password, count the failure (one step)."""
    now = time.time()
    with contextlib.closing(connect(settings)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM login_pending WHERE id = ?", (attempt_id,))
            if failed:
                conn.execute("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                             (name.strip()[:100], address, now))
                conn.execute("DELETE FROM login_failures WHERE at < ?", (now - KEEP_S,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


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
