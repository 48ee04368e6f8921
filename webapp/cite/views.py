"""Cite a paragraph, or an exact quote inside it, in Chicago, APA, MLA or Bluebook.

GET or POST /api/cite with ref=RECORD_ID#pN, style=chicago|apa|mla|bluebook|all and an optional
quote. The server checks that the quote occurs in that paragraph before it answers.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, request

from archive import Record, RecordNotFound

from ..auth import require_role
from ..common import respond, services
from . import STYLES, Citation, CitationError, cite, parse_ref

log = logging.getLogger(__name__)

bp = Blueprint("cite", __name__, template_folder="templates")


def cite_ref(ref: str, style: str, quote: str | None) -> tuple[Record, Citation]:
    """The citation for `ref`; a 404 for an unknown record, a 400 for anything else wrong."""
    reference = parse_ref(ref)
    try:
        record = services().store.get(reference.record_id)
    except RecordNotFound:
        abort(404, description=f"There is no document with the id {reference.record_id!r}.")
    return record, cite(record, reference.paragraph, style, quote)


def _params() -> tuple[str, str, str | None]:
    body = request.get_json(silent=True) if request.method == "POST" and request.is_json else None
    source = body if isinstance(body, dict) else request.values
    ref = str(source.get("ref") or "").strip()
    style = str(source.get("style") or "chicago").strip().lower()
    quote = source.get("quote")
    if not ref:
        abort(400, description="ref: give the paragraph to cite as RECORD_ID#pN")
    if style != "all" and style not in STYLES:
        abort(400, description=f"style: {style!r} is not one of {', '.join(STYLES)}, all")
    if quote is not None and not isinstance(quote, str):
        abort(400, description="quote: must be text")
    if quote is not None and len(quote) > 5000:
        abort(400, description="quote: longer than 5000 characters; cite the paragraph instead")
    return ref, style, (quote if quote and quote.strip() else None)


def all_styles(ref: str, quote: str | None) -> tuple[Record, dict[str, Any]]:
    record, first = cite_ref(ref, STYLES[0], quote)
    citations = [first.to_dict()] + [cite(record, first.paragraph, s, quote).to_dict() for s in STYLES[1:]]
    return record, {"ref": first.ref, "quote": first.quote, "title": record.title, "citations": citations}


@bp.route("/api/cite", methods=["GET", "POST"])
@require_role("reader", changes_nothing=True)  # a POST only to carry a long quote: visitors may cite
def api_cite() -> Any:
    ref, style, quote = _params()
    if style == "all":
        return respond("cite/cite.html", all_styles(ref, quote)[1])
    try:
        return respond("cite/cite.html", cite_ref(ref, style, quote)[1].to_dict())
    except CitationError as exc:
        abort(400, description=str(exc))


@bp.get("/cite")
@require_role("reader")
def cite_page() -> Any:
    ref, _style, quote = _params()
    record, data = all_styles(ref, quote)
    return respond("cite/cite.html", data, record=record)
