"""Drafts in the SQLite database: each belongs to one user; items keep their order and citations."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from archive import Record, Settings

from ..cite import access_date_of, csl_item, locate_quote, render
from ..db import connect

log = logging.getLogger(__name__)

MAX_NAME = 200
MAX_NOTE = 5000


class DraftError(ValueError):
    """A draft request that cannot be done; the message names the field and the reason."""


class DraftNotFound(DraftError, LookupError):
    """No such draft for this user (another user's draft is 'not found' too)."""


@dataclass
class DraftItem:
    id: int
    position: int
    record_id: str
    paragraph: int
    kind: str  # quote | paragraph
    text: str
    note: str
    title: str
    record_date: str | None
    locator_label: str
    locator: str
    csl: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.record_id}#p{self.paragraph}"

    def citation(self, style: str) -> tuple[str, str]:
        """(note or in-text citation, bibliography entry) in `style`."""
        return render(self.csl, style, self.record_date, (self.locator_label, self.locator))

    def to_dict(self, style: str = "chicago") -> dict[str, Any]:
        note, bibliography = self.citation(style)
        data = asdict(self)
        data.update(ref=self.ref, citation=note, bibliography=bibliography, style=style)
        return data


@dataclass
class Draft:
    id: int
    user_id: int
    name: str
    created_at: str
    updated_at: str
    items: list[DraftItem] = field(default_factory=list)

    def to_dict(self, style: str = "chicago") -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "created_at": self.created_at,
                "updated_at": self.updated_at, "items": [i.to_dict(style) for i in self.items]}


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DraftError("name: give the draft a name")
    if len(name) > MAX_NAME:
        raise DraftError(f"name: at most {MAX_NAME} characters")
    return name


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DraftError(f"note: at most {MAX_NOTE} characters")
    return note


class Drafts:
    """The drafts of one user."""

    def __init__(self, settings: Settings, user_id: int) -> None:
        self.settings = settings
        self.user_id = user_id

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        conn = connect(self.settings)
        try:
            yield conn
        finally:
            conn.close()

    # -- drafts --------------------------------------------------------------------------------
    def list(self) -> list[Draft]:
        with self._db() as conn:
            rows = conn.execute(
                "SELECT d.*, (SELECT COUNT(*) FROM draft_items i WHERE i.draft_id = d.id) AS n "
                "FROM drafts d WHERE user_id = ? ORDER BY updated_at DESC, id DESC", (self.user_id,)).fetchall()
        drafts = []
        for row in rows:
            draft = Draft(row["id"], row["user_id"], row["name"], row["created_at"], row["updated_at"])
            draft.item_count = row["n"]  # type: ignore[attr-defined]
            drafts.append(draft)
        return drafts

    def create(self, name: str) -> Draft:
        name = _clean_name(name)
        now = _now()
        with self._db() as conn:
            cur = conn.execute("INSERT INTO drafts (user_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                               (self.user_id, name, now, now))
            draft_id = int(cur.lastrowid or 0)
        log.info("user %s created draft %s", self.user_id, draft_id)
        return Draft(draft_id, self.user_id, name, now, now)

    def get(self, draft_id: int) -> Draft:
        with self._db() as conn:
            row = conn.execute("SELECT * FROM drafts WHERE id = ? AND user_id = ?",
                               (draft_id, self.user_id)).fetchone()
            if row is None:
                raise DraftNotFound(f"draft {draft_id}: not found")
            items = conn.execute("SELECT * FROM draft_items WHERE draft_id = ? ORDER BY position, id",
                                 (draft_id,)).fetchall()
        draft = Draft(row["id"], row["user_id"], row["name"], row["created_at"], row["updated_at"])
        draft.items = [_item(r) for r in items]
        return draft

    def rename(self, draft_id: int, name: str) -> tuple[str, str]:
        """Give the draft a new name; returns (old name, new name as stored)."""
        name = _clean_name(name)
        old = self.get(draft_id).name
        with self._db() as conn:
            conn.execute("UPDATE drafts SET name = ?, updated_at = ? WHERE id = ?", (name, _now(), draft_id))
        return old, name

    def delete(self, draft_id: int) -> Draft:
        """Delete the draft and its items; returns the draft as it was."""
        draft = self.get(draft_id)
        with self._db() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return draft

    # -- items ---------------------------------------------------------------------------------
    def add(self, draft_id: int, record: Record, paragraph_n: int, quote: str | None = None,
            note: str | None = None) -> DraftItem:
        """Add a paragraph, or a quote that must occur verbatim in it, with its citation data."""
        self.get(draft_id)
        note = _clean_note(note)
        paragraph = record.paragraph(paragraph_n)
        if paragraph is None:
            raise DraftError(f"ref: {record.id} has no paragraph {paragraph_n}")
        if quote and quote.strip():
            exact = locate_quote(paragraph.text, quote)
            if exact is None:
                raise DraftError(f"quote: the text does not occur in {record.id}#p{paragraph_n}")
            kind, text = "quote", exact
        else:
            kind, text = "paragraph", paragraph.text
        if record.source.media_type == "application/pdf" and paragraph.page:
            label, locator = "page", str(paragraph.page)
        else:
            label, locator = "paragraph", str(paragraph_n)
        csl = csl_item(record, access_date_of(record))
        now = _now()
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM draft_items WHERE draft_id = ?",
                                        (draft_id,)).fetchone()[0]
                cur = conn.execute(
                    "INSERT INTO draft_items (draft_id, position, record_id, paragraph, kind, text, note, title,"
                    " record_date, locator_label, locator, csl_json, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (draft_id, position, record.id, paragraph_n, kind, text, note, record.title, record.date,
                     label, locator, json.dumps(csl, ensure_ascii=False), now))
                conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (now, draft_id))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return DraftItem(int(cur.lastrowid or 0), position, record.id, paragraph_n, kind, text, note,
                         record.title, record.date, label, locator, csl)

    def _item_row(self, conn: sqlite3.Connection, draft_id: int, item_id: int) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM draft_items WHERE id = ? AND draft_id = ?", (item_id, draft_id)).fetchone()
        if row is None:
            raise DraftNotFound(f"item {item_id}: not in draft {draft_id}")
        return row

    def set_note(self, draft_id: int, item_id: int, note: str | None) -> DraftItem:
        """Replace the item's note; returns the item with its new note."""
        self.get(draft_id)
        note = _clean_note(note)
        with self._db() as conn:
            item = _item(self._item_row(conn, draft_id, item_id))
            conn.execute("UPDATE draft_items SET note = ? WHERE id = ?", (note, item_id))
            conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (_now(), draft_id))
        item.note = note
        return item

    def remove(self, draft_id: int, item_id: int) -> DraftItem:
        """Take the item out of the draft; returns it as it was."""
        self.get(draft_id)
        with self._db() as conn:
            item = _item(self._item_row(conn, draft_id, item_id))
            conn.execute("DELETE FROM draft_items WHERE id = ?", (item_id,))
            conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (_now(), draft_id))
        return item

    def move(self, draft_id: int, item_id: int, direction: str) -> bool:
        """Move an item one place up or down; False when it is already first (up) or last (down)."""
        if direction not in ("up", "down"):
            raise DraftError("direction: must be up or down")
        draft = self.get(draft_id)
        ids = [i.id for i in draft.items]
        if item_id not in ids:
            raise DraftNotFound(f"item {item_id}: not in draft {draft_id}")
        at = ids.index(item_id)
        to = at - 1 if direction == "up" else at + 1
        if not 0 <= to < len(ids):
            return False
        ids[at], ids[to] = ids[to], ids[at]
        return self.reorder(draft_id, ids)

    def reorder(self, draft_id: int, item_ids: list[int]) -> bool:
        """Put the items in exactly this order (every item of the draft, once); False if it already was."""
        draft = self.get(draft_id)
        current = [i.id for i in draft.items]
        if sorted(item_ids) != sorted(current):
            raise DraftError("order: must list every item of the draft exactly once")
        if item_ids == current:
            return False
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for position, item_id in enumerate(item_ids, start=1):
                    conn.execute("UPDATE draft_items SET position = ? WHERE id = ?", (position, item_id))
                conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (_now(), draft_id))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return True


def _item(row: sqlite3.Row) -> DraftItem:
    return DraftItem(row["id"], row["position"], row["record_id"], row["paragraph"], row["kind"], row["text"],
                     row["note"], row["title"], row["record_date"], row["locator_label"], row["locator"],
                     json.loads(row["csl_json"]))
