"""Accounts in the SQLite database: create, list, remove, change role, verify a password.

Passwords are stored as scrypt hashes (werkzeug's generate_password_hash); names are unique
regardless of case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from werkzeug.security import check_password_hash, generate_password_hash

from archive import Settings
from webapp.db import connect

from .errors import (
    InvalidRole,
    InvalidUserName,
    LastAdmin,
    SetupClosed,
    UserExists,
    UserNotFound,
    WeakPassword,
)

log = logging.getLogger(__name__)

ROLES = ("reader", "editor", "admin")
# "none" is the rank of an anonymous visitor when anonymous reading is off.
ROLE_RANK = {"none": 0, "reader": 1, "editor": 2, "admin": 3}
HASH_METHOD = "scrypt"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name costs as long as a wrong password."""
    return generate_password_hash("not a real password", method=HASH_METHOD)


@dataclass(frozen=True)
class User:
    id: int | None
    name: str
    role: str
    session_generation: int = field(default=0, compare=False)  # see end_sessions

    @property
    def is_authenticated(self) -> bool:
        return self.id is not None

    @property
    def is_anonymous(self) -> bool:
        return self.id is None

    def __call__(self) -> User:
        """Templates get the user as `current_user`; calling it (`current_user()`) works too."""
        return self

    def can(self, role: str) -> bool:
        """True when this user's role is at least `role` (reader < editor < admin)."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[check_role(role)]


def anonymous_user(settings: Settings) -> User:
    """The visitor who has not signed in: a reader when anonymous reading is on, else no rights."""
    return User(None, "anonymous", "reader" if settings.auth.anonymous_read else "none")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidRole(f"role: {role!r} is not one of {', '.join(ROLES)}")
    return role


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME_RE.match(name):
        raise InvalidUserName(
            f"user name {name!r}: use 1-64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"
        )
    return name


def check_password(password: str, settings: Settings) -> str:
    if len(password or "") < settings.auth.password_min_length:
        raise WeakPassword(f"password: must be at least {settings.auth.password_min_length} characters")
    return password


@contextlib.contextmanager
def _db(settings: Settings) -> Iterator[sqlite3.Connection]:
    conn = connect(settings)
    try:
        yield conn
    finally:
        conn.close()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _row_user(row: sqlite3.Row) -> User:
    generation = row["generation"] if "generation" in row.keys() else 0  # noqa: SIM118  (Row's `in` reads values)
    return User(row["id"], row["name"], row["role"], generation or 0)


_WITH_GENERATION = ("SELECT u.id, u.name, u.role, g.generation FROM users u "
                    "LEFT JOIN session_generations g ON g.user_id = u.id ")


def end_sessions(settings: Settings, user_id: int, conn: sqlite3.Connection | None = None) -> None:
    """End every session of this account: its generation moves on, so older cookies count for nothing."""
    sql = ("INSERT INTO session_generations (user_id, generation) VALUES (?, 1) "
           "ON CONFLICT (user_id) DO UPDATE SET generation = generation + 1")
    if conn is not None:
        conn.execute(sql, (user_id,))
        return
    with _db(settings) as own:
        own.execute(sql, (user_id,))


def count_users(settings: Settings) -> int:
    with _db(settings) as conn:
        return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]


def list_users(settings: Settings) -> list[User]:
    with _db(settings) as conn:
        rows = conn.execute("SELECT id, name, role FROM users ORDER BY name COLLATE NOCASE").fetchall()
    return [_row_user(r) for r in rows]


def get_user(settings: Settings, user_id: int) -> User | None:
    with _db(settings) as conn:
        row = conn.execute(_WITH_GENERATION + "WHERE u.id = ?", (user_id,)).fetchone()
    return _row_user(row) if row else None


def find_user(settings: Settings, name: str) -> User | None:
    with _db(settings) as conn:
        row = conn.execute(_WITH_GENERATION + "WHERE u.name = ?", (name.strip(),)).fetchone()
    return _row_user(row) if row else None


def create_user(settings: Settings, name: str, role: str, password: str, *, only_if_first: bool = False) -> User:
    """Add an account. With only_if_first, refuse unless no account exists yet (first-run setup)."""
    name = check_name(name)
    check_role(role)
    check_password(password, settings)
    hashed = generate_password_hash(password, method=HASH_METHOD)
    with _db(settings) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if only_if_first and conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]:
                raise SetupClosed("setup: an account already exists; sign in instead")
            cur = conn.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role, hashed, _now()),
            )
            conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            conn.execute("ROLLBACK")
            raise UserExists(f"user {name!r} already exists") from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    log.info("created user %s (%s)", name, role)
    return User(cur.lastrowid, name, role)


def _admins_other_than(conn: sqlite3.Connection, user_id: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND id != ?", (user_id,)).fetchone()[0]


def remove_user(settings: Settings, name: str) -> User:
    """Delete an account; refuses to remove the last admin."""
    with _db(settings) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id, name, role FROM users WHERE name = ?", (name.strip(),)).fetchone()
            if row is None:
                raise UserNotFound(f"no user named {name!r}")
            if row["role"] == "admin" and not _admins_other_than(conn, row["id"]):
                raise LastAdmin(f"user {row['name']!r} is the last admin; add another admin first")
            conn.execute("DELETE FROM users WHERE id = ?", (row["id"],))
            end_sessions(settings, row["id"], conn)  # ids are never reused; this makes the end explicit
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return _row_user(row)


def set_role(settings: Settings, name: str, role: str) -> User:
    check_role(role)
    with _db(settings) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id, name, role FROM users WHERE name = ?", (name.strip(),)).fetchone()
            if row is None:
                raise UserNotFound(f"no user named {name!r}")
            if row["role"] == "admin" and role != "admin" and not _admins_other_than(conn, row["id"]):
                raise LastAdmin(f"user {row['name']!r} is the last admin; add another admin first")
            conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, row["id"]))
            end_sessions(settings, row["id"], conn)  # sign in again to work under the new role
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return User(row["id"], row["name"], role)


def set_password(settings: Settings, name: str, password: str) -> User:
    check_password(password, settings)
    hashed = generate_password_hash(password, method=HASH_METHOD)
    with _db(settings) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id FROM users WHERE name = ?", (name.strip(),)).fetchone()
            if row is None:
                raise UserNotFound(f"no user named {name!r}")
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hashed, row["id"]))
            end_sessions(settings, row["id"], conn)  # whoever held the old password is signed out
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    user = find_user(settings, name)
    assert user is not None
    return user


def verify_password(settings: Settings, name: str, password: str) -> User | None:
    """The user when name and password match, else None (in about the same time either way)."""
    with _db(settings) as conn:
        row = conn.execute(
            "SELECT u.id, u.name, u.role, u.password_hash, g.generation FROM users u "
            "LEFT JOIN session_generations g ON g.user_id = u.id WHERE u.name = ?", ((name or "").strip(),)
        ).fetchone()
    if row is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(row["password_hash"], password or ""):
        return None
    return _row_user(row)
