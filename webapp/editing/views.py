"""/retag: re-apply topics, aliases and the gazetteer to every record (after a vocabulary edit).

GET shows the page with a button; POST (or POST /api/retag) runs `jobs.retag_store` and shows
its summary. An editor's own topic decisions (topics_manual) are kept. A broken vocabulary file
is a 400 naming the file, with nothing written.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, request

from archive import VocabularyError

from .. import jobs
from ..auth import audit, current_user, require_role
from ..common import respond, services

log = logging.getLogger(__name__)

bp = Blueprint("editing", __name__, template_folder="templates")


@bp.route("/api/retag", methods=["POST"])
@bp.route("/retag", methods=["GET", "POST"])
@require_role("editor")
def retag() -> Any:
    if request.method == "GET":
        return respond("editing/retag.html", {"report": None})
    svc = services()
    try:
        report = jobs.retag_store(svc.settings, svc.store)
    except VocabularyError as exc:
        abort(400, description=f"vocabulary error (nothing written): {exc}")
    data = {"report": report.to_dict(), "summary": report.summary()}
    audit(current_user(), "archive.retag", None, {"changed": len(report.changed), "unchanged": report.unchanged,
                                                   "failed": len(report.failed)})
    log.info("retag by %s: %s", current_user().name, report.summary().replace("\n", "; "))
    return respond("editing/retag.html", data)
