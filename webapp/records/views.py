"""A document: header, topics with their evidence, entities, quotes, events, numbered paragraphs.

`/api/records/<id>` is the record's dict (the fields of `evidence show --json`).
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, abort, send_file

from archive import Record, RecordNotFound

from ..auth import require_role
from ..common import respond, services

log = logging.getLogger(__name__)

bp = Blueprint("records", __name__, template_folder="templates")


def load_record(record_id: str) -> Record:
    try:
        return services().store.get(record_id)
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {record_id!r}.")


def paragraph_notes(record: Record) -> dict[int, dict[str, list[Any]]]:
    """For each paragraph number: the quotes, events and topics that point at it."""
    notes: dict[int, dict[str, list[Any]]] = {}

    def slot(n: int | None) -> dict[str, list[Any]] | None:
        if not n:
            return None
        return notes.setdefault(int(n), {"quotes": [], "events": [], "topics": []})

    for quote in record.quotes:
        if (s := slot(quote.paragraph)) is not None:
            s["quotes"].append(quote)
    for event in record.events:
        if (s := slot(event.paragraph)) is not None:
            s["events"].append(event)
    for topic, evidence in record.topic_evidence.items():
        for item in evidence or []:
            s = slot(item.get("paragraph") if isinstance(item, dict) else None)
            if s is not None and topic not in s["topics"]:
                s["topics"].append(topic)
    return notes


def original_name(record: Record) -> str:
    name = PurePosixPath((record.source.path or "").replace("\\", "/")).name
    return name or f"{record.id}.bin"


@bp.get("/api/records/<record_id>")
@bp.get("/records/<record_id>")
@require_role("reader")
def record(record_id: str) -> Any:
    rec = load_record(record_id)
    return respond("records/record.html", rec.to_dict(), record=rec, notes=paragraph_notes(rec),
                   original_name=original_name(rec))


@bp.get("/records/<record_id>/original")
@require_role("reader")
def original(record_id: str) -> Any:
    rec = load_record(record_id)
    try:
        path = services().store.original_path(rec.source.sha256 or "")
    except RecordNotFound:
        abort(404, description=f"The original file of {record_id} is not in the archive.")
    return send_file(path, mimetype=rec.source.media_type or "application/octet-stream",
                     as_attachment=True, download_name=original_name(rec))
