"""Correct a record's metadata: title, date (day, month or year), document type, organization, URL,
authors and recipients.

GET /records/<id>/edit shows the form (GET /api/records/<id>/edit: the same data as JSON); a POST
to either (a form, or a JSON body with the same field names; lists as lists or one name per line)
saves the fields that differ as the record's `corrections`, kept through re-ingest and retagging
like an editor's topic decisions. Editors only; CSRF-protected like every POST; audited.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for

from archive import CORRECTABLE, DOC_TYPES, Record, RecordNotFound

from .. import jobs
from ..auth import audit, current_user, require_role
from ..common import respond, services, wants_json

log = logging.getLogger(__name__)

bp = Blueprint("corrections", __name__, template_folder="templates")

PRECISIONS = ("day", "month", "year")


def precision_of(date: str | None) -> str:
    return {4: "year", 7: "month"}.get(len(date or ""), "day")


def edit_data(record: Record, errors: dict[str, str] | None = None) -> dict[str, Any]:
    values = record.metadata_values()
    return {"id": record.id, "values": {**values, "date_precision": precision_of(values["date"])},
            "corrections": dict(record.corrections or {}), "corrected": sorted(record.corrections or {}),
            "doc_types": list(DOC_TYPES), "precisions": list(PRECISIONS), "errors": errors or {}}


def _submitted() -> dict[str, Any]:
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        return body
    form = request.form
    return {name: form.get(name, "") for name in (*CORRECTABLE, "date_precision") if name in form}


@bp.route("/api/records/<record_id>/edit", methods=["GET", "POST"])
@bp.route("/records/<record_id>/edit", methods=["GET", "POST"])
@require_role("editor")
def edit(record_id: str) -> Any:
    svc = services()
    try:
        record = svc.store.get(record_id)
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {record_id!r}.")
    if request.method == "GET":
        return respond("corrections/edit.html", edit_data(record), record=record)
    submitted = _submitted()
    try:
        record, changed = jobs.correct_metadata(svc.settings, svc.store, record_id, submitted)
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {record_id!r}.")
    except jobs.InvalidCorrection as exc:
        if wants_json():
            abort(400, description=str(exc))
        data = edit_data(record, {exc.field: str(exc)})
        data["values"].update({k: v for k, v in submitted.items() if isinstance(v, str)})
        return respond("corrections/edit.html", data, status=400, record=record)
    if changed:
        audit(current_user(), "record.correct", record_id, {"fields": changed})
        log.info("record %s corrected by %s: %s", record_id, current_user().name, ", ".join(changed))
    if wants_json():
        return respond("corrections/edit.html", {**edit_data(record), "changed": changed})
    flash(f"Saved the corrections ({', '.join(changed)})." if changed else "Nothing changed.", "info")
    return redirect(url_for("records.record", record_id=record_id))
