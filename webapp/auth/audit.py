"""The audit log: who changed what, when. Every change to records, accounts and drafts is written here."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from archive import Settings
from webapp.db import connect

from .users import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str | None
    detail: str | None


def _actor_name(actor: User | str | None) -> str:
    if actor is None:
        return "anonymous"
    if isinstance(actor, User):
        return actor.name
    return str(actor)


def _detail_text(detail: Any) -> str | None:
    if detail is None or isinstance(detail, str):
        return detail
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


def write_audit(settings: Settings, actor: User | str | None, action: str, target: str | None = None,
                detail: Any = None) -> None:
    at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    conn = connect(settings)
    try:
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (at, _actor_name(actor), action, target, _detail_text(detail)),
        )
    finally:
        conn.close()
    log.info("audit: %s %s %s", _actor_name(actor), action, target or "")


def read_audit(settings: Settings, limit: int = 100, offset: int = 0, actor: str | None = None,
               action: str | None = None) -> tuple[list[AuditEntry], int]:
    """Newest first; returns (entries, total matching)."""
    where, args = [], []
    if actor:
        where.append("actor = ?")
        args.append(actor)
    if action:
        where.append("action = ?")
        args.append(action)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    with contextlib.closing(connect(settings)) as conn:
        total = conn.execute(f"SELECT COUNT(*) FROM audit_log {clause}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT id, at, actor, action, target, detail FROM audit_log {clause} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    return [AuditEntry(**dict(r)) for r in rows], total
