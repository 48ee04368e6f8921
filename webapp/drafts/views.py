"""Draft pages: list and create, view, add a quote or paragraph, note, reorder, remove, rename, export.

Forms post here and are answered with a redirect (post/redirect/get); /api/drafts... take JSON.
A draft belongs to the signed-in user; anybody else's draft id answers 404. Every change is written
to the audit log (`draft.*`, target `draft:ID`); an item is named by its reference (`RECORD#pN`),
never by its quoted text, and a note by its length.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, request, url_for

from archive import RecordNotFound

from ..auth import audit, current_user, require_role
from ..cite import STYLES, CitationError, parse_ref
from ..common import error_response, request_fields, respond, services, wants_json
from ..exports import EXPORTS, to_csljson, to_docx, to_markdown
from .model import Draft, DraftError, DraftItem, DraftNotFound, Drafts

log = logging.getLogger(__name__)

bp = Blueprint("drafts", __name__, template_folder="templates")


def my_drafts() -> Drafts:
    user = current_user()
    if user.id is None:
        abort(401, description="Sign in to keep drafts: they are saved under your account.")
    return Drafts(services().settings, user.id)


@bp.errorhandler(DraftNotFound)
def _draft_not_found(exc: DraftNotFound) -> Any:
    return error_response(404, "Not Found", str(exc))


@bp.errorhandler(DraftError)
def _draft_error(exc: DraftError) -> Any:
    if isinstance(exc, DraftNotFound):
        return _draft_not_found(exc)
    if wants_json() or request.method == "GET":
        return error_response(400, "Bad Request", str(exc))
    flash(str(exc), "error")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("drafts.index"), 303)


def _audit(action: str, draft_id: int, detail: dict[str, Any]) -> None:
    """One audit-log entry for a change to a draft: the signed-in user, `draft.<action>`, which draft."""
    audit(current_user(), f"draft.{action}", f"draft:{draft_id}", detail)


def _item_detail(item: DraftItem) -> dict[str, Any]:
    """An item as the audit log names it: its id, kind and reference, not the document's text."""
    return {"item": item.id, "kind": item.kind, "ref": item.ref}


def _created(draft: Draft) -> Draft:
    _audit("create", draft.id, {"name": draft.name})
    return draft


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


def _style() -> str:
    style = (request.values.get("style") or "chicago").lower()
    if style not in STYLES:
        abort(400, description=f"style: {style!r} is not one of {', '.join(STYLES)}")
    return style


def _record_for(ref: str):
    try:
        reference = parse_ref(ref)
    except CitationError as exc:
        raise DraftError(str(exc)) from None
    try:
        return services().store.get(reference.record_id), reference.paragraph
    except RecordNotFound:
        raise DraftError(f"ref: there is no document with the id {reference.record_id!r}") from None


# -- drafts ----------------------------------------------------------------------------------------

@bp.route("/api/drafts", methods=["GET", "POST"])
@bp.route("/drafts", methods=["GET", "POST"])
@require_role("reader")
def index() -> Any:
    drafts = my_drafts()
    if request.method == "POST":
        draft = _created(drafts.create(str(request_fields().get("name") or "")))
        if wants_json():
            return draft.to_dict(), 201
        flash(f"Created the draft “{draft.name}”.", "info")
        return redirect(url_for("drafts.show", draft_id=draft.id), 303)
    data = {"drafts": [{"id": d.id, "name": d.name, "created_at": d.created_at, "updated_at": d.updated_at,
                        "items": getattr(d, "item_count", 0)} for d in drafts.list()]}
    return respond("drafts/index.html", data)


@bp.get("/api/drafts/<int:draft_id>")
@bp.get("/drafts/<int:draft_id>")
@require_role("reader")
def show(draft_id: int) -> Any:
    style = _style()
    draft = my_drafts().get(draft_id)
    return respond("drafts/draft.html", draft.to_dict(style), style=style, exports=EXPORTS)


@bp.post("/api/drafts/<int:draft_id>/rename")
@bp.post("/drafts/<int:draft_id>/rename")
@require_role("reader")
def rename(draft_id: int) -> Any:
    old, new = my_drafts().rename(draft_id, str(request_fields().get("name") or ""))
    _audit("rename", draft_id, {"from": old, "to": new})
    return _done(draft_id, "Renamed the draft.")


@bp.post("/api/drafts/<int:draft_id>/delete")
@bp.route("/drafts/<int:draft_id>/delete", methods=["GET", "POST"])
@require_role("reader")
def delete(draft_id: int) -> Any:
    if request.method == "GET":  # ask first: a deleted draft cannot be brought back
        draft = my_drafts().get(draft_id)
        return respond("drafts/delete.html", {"id": draft.id, "name": draft.name, "items": len(draft.items)})
    gone = my_drafts().delete(draft_id)
    _audit("delete", draft_id, {"name": gone.name, "items": len(gone.items)})
    if wants_json():
        return {"deleted": draft_id}
    flash("Deleted the draft.", "info")
    return redirect(url_for("drafts.index"), 303)


def _done(draft_id: int, message: str, anchor: str = "") -> Any:
    if wants_json():
        return my_drafts().get(draft_id).to_dict(_style())
    flash(message, "info")
    return redirect(url_for("drafts.show", draft_id=draft_id) + anchor, 303)


# -- items -----------------------------------------------------------------------------------------

@bp.route("/drafts/add", methods=["GET", "POST"])
@require_role("reader")
def add_item() -> Any:
    """Add a paragraph or quote to a draft, choosing the draft (or naming a new one) and a note."""
    drafts = my_drafts()
    if request.method == "GET":
        ref = (request.args.get("ref") or "").strip()
        quote = request.args.get("quote") or ""
        record, n = _record_for(ref)
        return respond("drafts/add.html", {"ref": ref, "quote": quote}, record=record, paragraph=record.paragraph(n),
                       drafts=drafts.list())
    form = request_fields()
    record, n = _record_for(str(form.get("ref") or ""))
    draft_id = str(form.get("draft_id") or "")
    if draft_id == "new" or not draft_id:
        draft = _created(drafts.create(str(form.get("new_name") or "")))
    else:
        if not re.fullmatch(r"\d{1,12}", draft_id):
            raise DraftError("draft: choose one of your drafts")
        draft = drafts.get(int(draft_id))
    item = drafts.add(draft.id, record, n, str(form.get("quote") or "") or None, str(form.get("note") or ""))
    _audit("add", draft.id, _item_detail(item))
    return _done(draft.id, f"Added {'the quote' if item.kind == 'quote' else 'the paragraph'} to “{draft.name}”.",
                 f"#item-{item.id}")


@bp.post("/api/drafts/<int:draft_id>/items")
@require_role("reader")
def api_add_item(draft_id: int) -> Any:
    form = request_fields()
    record, n = _record_for(str(form.get("ref") or ""))
    item = my_drafts().add(draft_id, record, n, form.get("quote") or None, form.get("note") or "")
    _audit("add", draft_id, _item_detail(item))
    return item.to_dict(_style()), 201


@bp.post("/api/drafts/<int:draft_id>/items/<int:item_id>/note")
@bp.post("/drafts/<int:draft_id>/items/<int:item_id>/note")
@require_role("reader")
def set_note(draft_id: int, item_id: int) -> Any:
    item = my_drafts().set_note(draft_id, item_id, str(request_fields().get("note") or ""))
    _audit("note", draft_id, {**_item_detail(item), "note_chars": len(item.note)})
    return _done(draft_id, "Saved the note.", f"#item-{item_id}")


@bp.post("/api/drafts/<int:draft_id>/items/<int:item_id>/move")
@bp.post("/drafts/<int:draft_id>/items/<int:item_id>/move")
@require_role("reader")
def move(draft_id: int, item_id: int) -> Any:
    direction = str(request_fields().get("direction") or "")
    if my_drafts().move(draft_id, item_id, direction):
        _audit("move", draft_id, {"item": item_id, "direction": direction})
    return _done(draft_id, "Moved.", f"#item-{item_id}")


@bp.post("/api/drafts/<int:draft_id>/items/<int:item_id>/remove")
@bp.post("/drafts/<int:draft_id>/items/<int:item_id>/remove")
@require_role("reader")
def remove(draft_id: int, item_id: int) -> Any:
    item = my_drafts().remove(draft_id, item_id)
    _audit("remove", draft_id, _item_detail(item))
    return _done(draft_id, "Removed from the draft.")


@bp.post("/api/drafts/<int:draft_id>/order")
@require_role("reader")
def reorder(draft_id: int) -> Any:
    order = request_fields().get("order")
    if not isinstance(order, list) or not all(isinstance(i, int) for i in order):
        raise DraftError("order: a list of item ids")
    if my_drafts().reorder(draft_id, order):
        _audit("reorder", draft_id, {"order": order})
    return my_drafts().get(draft_id).to_dict(_style())


# -- export ----------------------------------------------------------------------------------------

def _filename(name: str, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60] or "draft"
    return f"{slug}.{ext}"


@bp.get("/drafts/<int:draft_id>/export")
@require_role("reader")
def export(draft_id: int) -> Any:
    fmt = (request.args.get("format") or "docx").lower()
    if fmt not in EXPORTS:
        abort(400, description=f"format: {fmt!r} is not one of {', '.join(EXPORTS)}")
    style = _style()
    draft = my_drafts().get(draft_id)
    ext, media_type = EXPORTS[fmt]
    if fmt == "docx":
        body: bytes | str = to_docx(draft, style)
    elif fmt == "markdown":
        body = to_markdown(draft, style)
    else:
        body = to_csljson(draft)
    resp = Response(body, mimetype=media_type.split(";")[0])
    if isinstance(body, str):
        resp.headers["Content-Type"] = media_type
    resp.headers["Content-Disposition"] = f'attachment; filename="{_filename(draft.name, ext)}"'
    return resp
