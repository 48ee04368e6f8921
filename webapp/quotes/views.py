"""/quotes and /api/quotes: browse quotes by speaker and topic."""

from __future__ import annotations

import math
import threading
from typing import Any

from flask import Blueprint, current_app, request

from ..auth import require_role
from ..common import int_arg, respond, services
from .catalog import QuoteCatalog

bp = Blueprint("quotes", __name__, template_folder="templates")

EXTENSION = "evidence_quotes"
_creating = threading.Lock()


def catalog() -> QuoteCatalog:
    """The app's one catalog (made on first use; two first requests must not both read the archive)."""
    found = current_app.extensions.get(EXTENSION)
    if found is None:
        with _creating:
            found = current_app.extensions.get(EXTENSION)
            if found is None:
                settings = services().settings
                found = QuoteCatalog(services().store, settings.data_dir / "cache" / "quotes.json")
                current_app.extensions[EXTENSION] = found
    return found


ALSO_IN_SHOWN = 5  # other records named beside a quotation on the page; the rest through one search (the JSON lists all)


@bp.get("/api/quotes")
@bp.get("/quotes")
@require_role("reader")
def quotes() -> Any:
    speaker = (request.args.get("speaker") or "").strip() or None
    topic = (request.args.get("topic") or "").strip() or None
    page = int_arg("page", 1, 1, 100_000)
    limit = int_arg("limit", services().settings.web.quotes_page_size, 1, 500)
    found = catalog().current(services().index.generation()).folded(speaker, topic)  # a quotation in several records is shown once
    data = {
        "filters": {"speaker": speaker, "topic": topic},
        "total": len(found.quotes),
        "page": page,
        "quotes": found.quotes[(page - 1) * limit: page * limit],
        "speakers": found.speakers,
        "topics": found.topics,
    }
    args = {"speaker": speaker, "topic": topic}
    return respond("quotes/quotes.html", data, args=args, pages=max(1, math.ceil(len(found.quotes) / limit)),
                   also_in_shown=ALSO_IN_SHOWN)
