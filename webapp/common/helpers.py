"""Answering a request: the HTML page or its JSON twin, query arguments, links that keep filters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask, abort, jsonify, render_template, request, url_for

import archive

from ..cite import STYLE_LABELS, STYLES, quoted
from .errors import wants_json
from .services import services

DOC_TYPE_LABELS = {
    "press_release": "Press release", "letter": "Letter", "report": "Report", "action_alert": "Action alert",
    "statement": "Statement", "testimony": "Testimony", "other": "Other",
}


def respond(template: str, data: dict[str, Any], status: int = 200, **extra: Any) -> Any:
    """The JSON twin (exactly `data`) for /api/ paths, else the page rendered from the same data."""
    if wants_json():
        resp = jsonify(data)
        resp.status_code = status
        return resp
    return render_template(template, data=data, **extra), status


def int_arg(name: str, default: int, minimum: int = 1, maximum: int = 10_000) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"{name}: {raw!r} is not a whole number")
    if not minimum <= value <= maximum:
        abort(400, description=f"{name}: must be between {minimum} and {maximum}")
    return value


def date_arg(name: str) -> str | None:
    """A date filter: YYYY, YYYY-MM or YYYY-MM-DD (what a researcher types), else 400."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        if len(raw) == 4 and raw.isdigit():
            return raw
        if len(raw) == 7:
            dt.date.fromisoformat(raw + "-01")
            return raw
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        abort(400, description=f"{name}: {raw!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def request_fields(with_query: bool = False) -> dict[str, Any]:
    """The request's fields: a JSON object body, else the form (and, `with_query`, the query string);
    a JSON body that is not an object is a 400."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description="the request body must be a JSON object")
        return body
    return (request.values if with_query else request.form).to_dict()


def url_with(endpoint: str, args: dict[str, Any], **changes: Any) -> str:
    """A link to `endpoint` with the current filters and some changed (None removes one)."""
    merged = {k: v for k, v in args.items() if v not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return url_for(endpoint, **merged)


def human_date(iso: str | None) -> str:
    """The archive's date formatter, saying \"date unknown\" on a page rather than \"n.d.\"."""
    return archive.human_date(iso, unknown="date unknown")


def is_web_url(url: str | None) -> bool:
    """Only http(s) addresses become links; anything else from a document is shown as text."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


PHRASE_WORDS = 12


def phrase_query(text: str) -> str:
    """A search for the records holding a quotation: its first words as one quoted phrase."""
    words = re.findall(r"\w+(?:['’.]\w+)*", text or "")
    return '"' + " ".join(words[:PHRASE_WORDS]) + '"' if words else ""


def init_helpers(app: Flask) -> None:
    app.jinja_env.tests["web_url"] = is_web_url
    app.jinja_env.filters["human_date"] = human_date
    app.jinja_env.filters["quoted"] = quoted
    app.jinja_env.filters["phrase_query"] = phrase_query
    app.jinja_env.filters["doc_type_label"] = lambda t: DOC_TYPE_LABELS.get(t or "other", t)
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["STYLES"] = STYLES
    app.jinja_env.globals["STYLE_LABELS"] = STYLE_LABELS
    app.jinja_env.globals["DOC_TYPE_LABELS"] = DOC_TYPE_LABELS

    @app.template_filter("topic_label")
    def topic_label(topic_id: str) -> str:
        return services().topic_label(topic_id)
