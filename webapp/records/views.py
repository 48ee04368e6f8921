"""A document: header, topics with their evidence, entities, quotes, events, numbered paragraphs.

`/api/records/<id>` is the record's dict (the fields of `evidence show --json`) with its reuse links
(`links`, as `evidence reuse RECORD_ID --json` gives them) and `rendition_of` (the records it is a
rendition of).
Editors may also delete a record (POST /records/<id>/delete) and add or remove a topic by hand
(POST /records/<id>/topics); both are audited, and both have /api/ twins.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for

from archive import Record, RecordNotFound, VocabularyError

from .. import jobs, reuse_links
from ..auth import audit, current_user, require_role
from ..common import respond, services, wants_json
from .reuse_view import paragraph_reuse

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
    reuse = reuse_links.record_links(services().settings, rec)
    data = {**rec.to_dict(), "links": reuse["links"], "rendition_of": reuse["rendition_of"]}
    return respond("records/record.html", data, record=rec, notes=paragraph_notes(rec),
                   original_name=original_name(rec), can_edit=current_user().can("editor"),
                   manual=manual_marks(rec), topic_choices=services().topic_labels,
                   reuse=paragraph_reuse(rec, reuse, services().store))


def manual_marks(record: Record) -> dict[str, str]:
    """Topic id -> "added" or "removed" for an editor's decisions on this record."""
    manual = record.topics_manual or {}
    marks = {t: "added" for t in manual.get("add") or [] if isinstance(t, str)}
    marks.update({t: "removed" for t in manual.get("remove") or [] if isinstance(t, str)})
    return marks


@bp.post("/api/records/<record_id>/delete")
@bp.post("/records/<record_id>/delete")
@require_role("editor")
def delete(record_id: str) -> Any:
    load_record(record_id)  # 404 for an unknown id
    if not wants_json() and request.form.get("confirm") != "yes":
        abort(400, description="confirm: tick the box to confirm the deletion")
    svc = services()
    try:
        rec = jobs.delete_record(svc.settings, svc.store, record_id, current_user())
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {record_id!r}.")
    audit(current_user(), "record.delete", record_id, {"title": rec.title, "path": rec.source.path})
    if wants_json():
        return respond("records/record.html", {"deleted": record_id, "title": rec.title})
    flash(f"Deleted “{rec.title}” ({record_id}). Its original file is kept in the archive.", "info")
    return redirect(url_for("search_views.search"))


@bp.post("/api/records/<record_id>/topics")
@bp.post("/records/<record_id>/topics")
@require_role("editor")
def topics(record_id: str) -> Any:
    body = request.get_json(silent=True) if request.is_json else None
    source = body if isinstance(body, dict) else request.form
    topic_id = str(source.get("topic") or "").strip()
    action = str(source.get("action") or "").strip()
    if not topic_id:
        abort(400, description="topic: choose a topic")
    if action not in ("add", "remove"):
        abort(400, description="action: must be 'add' or 'remove'")
    svc = services()
    try:
        rec = jobs.set_manual_topic(svc.settings, svc.store, record_id, topic_id, add=action == "add")
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {record_id!r}.")
    except jobs.UnknownTopic as exc:
        abort(400, description=str(exc))
    except VocabularyError as exc:
        abort(400, description=f"vocabulary error (nothing changed): {exc}")
    audit(current_user(), f"record.topic_{action}", record_id, {"topic": topic_id})
    data = {"id": rec.id, "topics": list(rec.topics), "topics_manual": rec.topics_manual}
    if wants_json():
        return respond("records/record.html", data)
    verb = "Added" if action == "add" else "Removed"
    flash(f"{verb} the topic {svc.topic_label(topic_id)}.", "info")
    return redirect(url_for("records.record", record_id=rec.id) + "#topics-heading")


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
