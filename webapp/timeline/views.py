"""/timeline and /api/timeline: filter by topic, document type and date range."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, current_app, request

from ..auth import require_role
from ..common import date_arg, int_arg, respond, services, wants_json
from .data import (
    TimelineCache,
    counts_by_period,
    fold_events,
    group_by_month,
    timeline_charts,
    timeline_data,
    undated_left_out,
)

bp = Blueprint("timeline", __name__, template_folder="templates")


def cache() -> TimelineCache:
    found = current_app.extensions.get("evidence_timeline")
    if found is None:
        found = current_app.extensions["evidence_timeline"] = TimelineCache(lambda: services().index.generation())
    return found


@bp.get("/api/timeline")
@bp.get("/timeline")
@require_role("reader")
def timeline() -> Any:
    topic = (request.args.get("topic") or "").strip() or None
    doc_type = (request.args.get("type") or "").strip() or None
    since, until = date_arg("since"), date_arg("until")
    index = services().index
    if request.path.startswith("/api/") or wants_json():
        data = cache().get(("all", topic, doc_type, since, until),
                           lambda: timeline_data(index, topic, doc_type, since, until))
        return respond("timeline/timeline.html", data)
    left_out = cache().get(("undated", topic, doc_type), lambda: undated_left_out(index, topic, doc_type))
    # The page reads only the entries it shows (and every entry's date and kind, for the chart).
    page_size = services().settings.web.timeline_page_size
    page = int_arg("page", 1, 1, 100_000)
    found = index.timeline_page(topic=topic, doc_type=doc_type, since=since, until=until,
                                start=(page - 1) * page_size, stop=page * page_size)
    counts = cache().get(("counts", topic, doc_type, since, until), lambda: counts_by_period(found.marks))
    def charts_of() -> dict[str, Any]:
        chosen = bool(since or until)
        whole = index.timeline_page(topic=topic, doc_type=doc_type, start=0, stop=0).marks if chosen else None
        return timeline_charts(found.marks, chosen, whole, since, until)

    charts = cache().get(("charts", topic, doc_type, since, until), charts_of)
    args = {"topic": topic, "type": doc_type, "since": since, "until": until}
    entries = fold_events(found.entries)  # an event reported by several records once (within this page)
    data = {"filters": args, "total": found.total, "counts": counts, "events": entries,
            "undated_left_out": left_out}
    pages = max(1, math.ceil(found.total / page_size))
    return respond("timeline/timeline.html", data, args=args, page=page, pages=pages,
                   years=group_by_month(entries), charts=charts,
                   topics=sorted(services().topic_labels.items(), key=lambda kv: kv[1].casefold()))
