"""/quotes and /api/quotes: browse quotes by speaker and topic."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, current_app, request

from ..auth import require_role
from ..common import int_arg, respond, services
from .catalog import QuoteCatalog, speaker_counts

bp = Blueprint("quotes", __name__, template_folder="templates")


def catalog() -> QuoteCatalog:
    found = current_app.extensions.get("evidence_quotes")
    if found is None:
        found = current_app.extensions["evidence_quotes"] = QuoteCatalog(services().store)
    return found


@bp.get("/api/quotes")
@bp.get("/quotes")
@require_role("reader")
def quotes() -> Any:
    speaker = (request.args.get("speaker") or "").strip() or None
    topic = (request.args.get("topic") or "").strip() or None
    page = int_arg("page", 1, 1, 100_000)
    limit = int_arg("limit", services().settings.quotes_page_size, 1, 500)
    everything = catalog().quotes()
    in_topic = [q for q in everything if topic is None or topic in q["topics"]]
    chosen = [q for q in in_topic if speaker is None or (q["speaker"] or "") == speaker]
    topic_counts: dict[str, int] = {}
    for q in everything if speaker is None else [q for q in everything if (q["speaker"] or "") == speaker]:
        for t in q["topics"]:
            topic_counts[t] = topic_counts.get(t, 0) + 1
    data = {
        "filters": {"speaker": speaker, "topic": topic},
        "total": len(chosen),
        "page": page,
        "quotes": chosen[(page - 1) * limit: page * limit],
        "speakers": speaker_counts(in_topic),
        "topics": [{"topic": t, "count": c} for t, c in sorted(topic_counts.items(), key=lambda kv: -kv[1])],
    }
    args = {"speaker": speaker, "topic": topic}
    return respond("quotes/quotes.html", data, args=args, pages=max(1, math.ceil(len(chosen) / limit)))
