"""/check (paste or upload a letter; the report) and its JSON twin POST /api/check; POST /check/export
gives the checked letter as Word. Nothing is stored: the letter lives only in the request."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from ..auth import current_user, require_role
from ..cite import STYLES
from ..common import error_response, request_fields, respond, services, wants_json
from ..drafts import Drafts
from .check import DraftCheck, check_draft
from .export import checked_docx
from .letter import LetterError, paste_letter, read_letter

log = logging.getLogger(__name__)

bp = Blueprint("draftcheck", __name__, template_folder="templates")


@bp.errorhandler(LetterError)
def _bad_letter(exc: LetterError) -> Any:
    if wants_json():
        return error_response(400, "Bad Request", str(exc))
    return render_template("draftcheck/check.html", data={"error": str(exc)}, styles=STYLES, style=_style()), 400


def _style(values: dict[str, Any] | None = None) -> str:
    style = str((values or request.values).get("style") or "chicago").lower()
    if style not in STYLES:
        abort(400, description=f"style: {style!r} is not one of {', '.join(STYLES)}")
    return style


def _min_words(values: dict[str, Any]) -> int | None:
    raw = values.get("min_words")
    if raw in (None, ""):
        return None
    if not re.fullmatch(r"\d{1,2}", str(raw)) or not 1 <= int(raw) <= 50:
        abort(400, description="min_words: a whole number from 1 to 50")
    return int(raw)


def _letter(values: dict[str, Any]):  # type: ignore[no-untyped-def]
    settings = services().settings
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return read_letter(upload.read(), upload.filename, settings)
    text = values.get("text")
    if text is not None and not isinstance(text, str):
        abort(400, description="text: must be the letter as text")
    if not text or not text.strip():
        raise LetterError("the letter: paste its text or choose a file (text, Markdown or Word)")
    return paste_letter(text, settings)


def _run(values: dict[str, Any]) -> DraftCheck:
    s = services()
    return check_draft(s.settings, s.store, s.index, _letter(values), _style(values), _min_words(values))


def letter_text(check: DraftCheck) -> str:
    """The letter again as text (block quotes as Markdown "> "), for the export button to resend."""
    return "\n\n".join(("> " + p.text) if p.block else p.text for p in check.paragraphs)


@bp.get("/check")
@require_role("reader")
def check_form() -> Any:
    return render_template("draftcheck/check.html", data={}, styles=STYLES, style=_style())


NEW_DRAFT_NAME = "Checked letter"  # the draft "Add to draft" starts when the reader has none


def _drafts() -> list[Any] | None:
    """The reader's drafts, most recent first, for one-click "Add to draft" (None without an account)."""
    user = current_user()
    return None if user.id is None else Drafts(services().settings, user.id).list()


@bp.post("/api/check")
@bp.post("/check")
@require_role("reader")
def check() -> Any:
    values = request_fields(with_query=True)
    result = _run(values)
    drafts = None if wants_json() else _drafts()
    return respond("draftcheck/check.html", result.to_dict(), styles=STYLES, style=result.style,
                   letter=letter_text(result), drafts=drafts, new_draft_name=NEW_DRAFT_NAME)


@bp.post("/check/export")
@require_role("reader")
def export() -> Any:
    result = _run(request_fields(with_query=True))
    resp = Response(checked_docx(result),
                    mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resp.headers["Content-Disposition"] = 'attachment; filename="checked-letter.docx"'
    return resp
