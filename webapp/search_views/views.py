"""Search: a query box, facets that narrow, a date range, sort, pages; passage hits with actions.

`/api/search` returns the index's SearchResult.to_dict() (the CLI's --json fields) with renditions of one
document folded (`renditions`: {shown record id: [its renditions on the page]});
`/search` renders the same dict, with links for the facets.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, request

from ..auth import require_role
from ..common import DOC_TYPE_LABELS, date_arg, int_arg, respond, services
from ..reuse_links import fold_renditions

log = logging.getLogger(__name__)

bp = Blueprint("search_views", __name__, template_folder="templates")

SORTS = ("relevance", "date")
# facet name in the index's answer -> the query argument that narrows by it
FACET_ARGS = {"topic": "topic", "topics": "topic", "doc_type": "type", "type": "type", "org": "org",
              "organization": "org", "year": "year"}
FACET_TITLES = {"topic": "Topic", "type": "Document type", "org": "Organization", "year": "Year"}


def search_args() -> dict[str, Any]:
    """The request's search parameters, checked; a bad one is a 400 naming it."""
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        abort(400, description=f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    year = (request.args.get("year") or "").strip()
    if year and not (len(year) == 4 and year.isdigit()):
        abort(400, description=f"year: {year!r} is not a year")
    limit_default = services().settings.search.search_page_size
    q = (request.args.get("q") or "").strip()
    refuse_costly(q)
    return {
        "q": q,
        "topic": (request.args.get("topic") or "").strip() or None,
        "type": (request.args.get("type") or "").strip() or None,
        "org": (request.args.get("org") or "").strip() or None,
        "since": date_arg("since"),
        "until": date_arg("until"),
        "year": year or None,
        "undated": (request.args.get("undated") or "").strip().lower() in ("1", "true", "yes", "on"),
        "sort": sort,
        "page": int_arg("page", 1, 1, 1000),
        "limit": int_arg("limit", limit_default, 1, 200),
        "forms": request.args.get("forms") != "0",
    }


def refuse_costly(q: str) -> None:
    """A 400 naming the limit for a query too long, or with too many words, wildcards or brackets."""
    from search import QueryLimits, QueryTooLarge, check_cost

    try:
        check_cost(q, QueryLimits.of(services().settings))
    except QueryTooLarge as exc:
        abort(400, description=str(exc))


def run_search(args: dict[str, Any]) -> dict[str, Any]:
    from search import SearchQuery

    since, until = args["since"], args["until"]
    if args["year"]:
        since = max(since or "", args["year"]) or None
        until = min(until or "9999", args["year"] + "-12-31")
    query = SearchQuery(text=args["q"], topic=args["topic"], doc_type=args["type"], org=args["org"],
                        since=since, until=until, sort=args["sort"], page=args["page"], limit=args["limit"],
                        undated=args["undated"], forms=args["forms"])
    data = services().index.search(query).to_dict()
    data["topics_shown"] = services().settings.search.search_hit_topics  # each hit's topics are strongest first
    if args["year"] and not data.get("error"):
        # The year facet lists every year the search finds without the chosen year, with its
        # count, so the choice can be changed (the other facets count within the chosen year).
        every_year = dataclasses.replace(query, since=args["since"], until=args["until"], page=1, limit=1)
        years = (services().index.search(every_year).facets or {}).get("year")
        if years:
            data["facets"] = {**(data.get("facets") or {}), "year": years}
    if (since or until) and not args["undated"] and not data.get("error"):
        data["undated_left_out"] = undated_left_out(args)
    return data


def undated_count(text: str = "", topic: str | None = None, doc_type: str | None = None, org: str | None = None) -> int:
    """Records matching the query and the other filters whose date is unknown (a date filter drops them)."""
    from search import SearchQuery

    found = services().index.search(SearchQuery(text=text, topic=topic, doc_type=doc_type, org=org, undated=True,
                                                limit=1))
    return 0 if found.error else found.records


def undated_link(path: str, **args: Any) -> str:
    """`path` with these arguments and undated=1 (no date filter): the records a date filter left out."""
    kept = {k: v for k, v in args.items() if v}
    return f"{path}?{urlencode({**kept, 'undated': 1})}"


def undated_left_out(args: dict[str, Any]) -> dict[str, Any]:
    """How many undated records the date filter (since, until or year) left out, and where to see them."""
    count = undated_count(args["q"], args["topic"], args["type"], args["org"])
    same = {"q": args["q"], "topic": args["topic"], "type": args["type"], "org": args["org"]}
    return {"count": count, "url": undated_link("/search", **same), "api_url": undated_link("/api/search", **same)}


def facet_groups(facets: Any, args: dict[str, Any]) -> list[dict[str, Any]]:
    """The index's facets as groups of {label, count, url, active} links that narrow the search."""
    groups = []
    for name, entries in (facets or {}).items():
        arg = FACET_ARGS.get(name)
        if arg is None:
            continue
        links = []
        for value, count in _facet_entries(entries):
            label = services().topic_label(value) if arg == "topic" else value
            if arg == "type":
                label = DOC_TYPE_LABELS.get(value, value)
            active = str(args.get(arg) or "") == value
            links.append({"value": value, "label": label, "count": count, "active": active,
                          "arg": arg, "change": {arg: None if active else value, "page": None}})
        if links:
            groups.append({"name": arg, "title": FACET_TITLES[arg], "links": links})
    return groups


def _facet_entries(entries: Any) -> list[tuple[str, int]]:
    if isinstance(entries, dict):
        pairs = list(entries.items())
    else:
        pairs = []
        for entry in entries or []:
            if isinstance(entry, dict):
                value = entry.get("value", entry.get("id", entry.get("name")))
                pairs.append((value, entry.get("count", 0)))
            elif isinstance(entry, list | tuple) and len(entry) >= 2:
                pairs.append((entry[0], entry[1]))
    return [(str(v), int(c or 0)) for v, c in pairs if v not in (None, "")]


@bp.get("/api/search")
@bp.get("/search")
@require_role("reader")
def search() -> Any:
    args = search_args()
    searched = bool(args["q"] or args["topic"] or args["type"] or args["org"] or args["since"]
                    or args["until"] or args["year"] or args["undated"] or request.path.startswith("/api/"))
    data: dict[str, Any] = fold_renditions(services().settings, run_search(args)) if searched else {
        "query": "", "total": 0, "hits": [], "facets": {}, "suggestion": None, "error": None,
        "topics_shown": services().settings.search.search_hit_topics}
    pages = max(1, math.ceil((data.get("total") or 0) / args["limit"]))
    link_args = {k: v for k, v in args.items() if (k != "limit" or v != services().settings.search.search_page_size)
                 and (k != "undated" or v) and k != "forms"}
    if not args["forms"]:
        link_args["forms"] = "0"
    return respond("search_views/search.html", data, args=args, link_args=link_args, searched=searched,
                   pages=pages, facet_groups=facet_groups(data.get("facets"), args))
