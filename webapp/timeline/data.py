"""Timeline data: the index's events, filtered, grouped by year and month, counted for the chart."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from search import LruCache

MAX_MONTH_BARS = 72  # a longer span is charted by year (the JSON twin's counts)
DETAIL_MAX_MONTHS = 36  # the page's detail chart goes by month over a span this short, else by year
DENSE_SHARE = 0.9  # with no range chosen, the detail chart covers the fewest years holding this share
PUBLISHED = ("document", "published", "publication")
_WORD = re.compile(r"\w+")


def fold_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event once: entries with the same dates and the same words (one event reported by several
    records, or one document archived twice) become one, with `records`: every record and paragraph
    that reports it. Publication entries stay one per record."""
    first: dict[tuple, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for e in events:
        where = {"record_id": e.get("record_id"), "paragraph": e.get("paragraph"), "title": e.get("title")}
        if e.get("kind") in PUBLISHED or not e.get("summary"):
            out.append(e)
            continue
        key = (e.get("date"), e.get("end_date"), " ".join(_WORD.findall(str(e["summary"]).casefold())))
        kept = first.get(key)
        if kept is None:
            kept = first[key] = {**e, "records": [where]}
            out.append(kept)
        elif where not in kept["records"]:
            kept["records"].append(where)
    return out


def timeline_data(index: Any, topic: str | None, doc_type: str | None, since: str | None,
                  until: str | None) -> dict[str, Any]:
    """What /api/timeline and `evidence timeline --json` return."""
    events = list(index.timeline(topic=topic, doc_type=doc_type, since=since, until=until))
    events.sort(key=lambda e: (str(e.get("date") or ""), str(e.get("record_id") or ""), e.get("paragraph") or 0))
    events = fold_events(events)
    return {
        "filters": {"topic": topic, "type": doc_type, "since": since, "until": until},
        "total": len(events),
        "counts": counts_by_period(events),
        "events": events,
        "undated_left_out": undated_left_out(index, topic, doc_type),
    }


def undated_left_out(index: Any, topic: str | None, doc_type: str | None) -> dict[str, Any]:
    """Records of these filters with no known date: the timeline cannot place them, so it says how
    many it leaves out and links to them (a search with undated=1)."""
    from search import SearchQuery

    found = index.search(SearchQuery(topic=topic, doc_type=doc_type, undated=True, limit=1))
    same = {k: v for k, v in {"topic": topic, "type": doc_type}.items() if v}
    query = urlencode({**same, "undated": 1})
    return {"count": 0 if found.error else found.records, "url": f"/search?{query}", "api_url": f"/api/search?{query}"}


class TimelineCache:
    """Recent timeline answers (whole timelines, chart counts), kept while the index's generation
    key (`SearchIndex.generation()`) stays the same (the index is the slow part)."""

    def __init__(self, generation: Callable[[], str], size: int = 32) -> None:
        self.generation = generation
        self._answers: LruCache[tuple, Any] = LruCache(size)

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        return self._answers.get((*key, self.generation()), compute)


def _period(date: str, by_year: bool) -> str:
    return date[:4] if by_year else date[:7]


def counts_by_period(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events and documents per month (per year when the span is long), every period in the span."""
    dated = [e for e in events if e.get("date") and len(str(e["date"])) >= 4]
    if not dated:
        return []
    first, last = str(dated[0]["date"]), str(dated[-1]["date"])
    months = (int(last[:4]) - int(first[:4])) * 12 + 12
    by_year = months > MAX_MONTH_BARS or any(len(str(e["date"])) < 7 for e in dated)
    counts: dict[str, Counter] = {}
    for e in dated:
        kind = "documents" if e.get("kind") in PUBLISHED else "events"
        counts.setdefault(_period(str(e["date"]), by_year), Counter())[kind] += 1
    return [{"period": p, "events": counts.get(p, Counter())["events"],
             "documents": counts.get(p, Counter())["documents"]} for p in _all_periods(first, last, by_year)]


def _all_periods(first: str, last: str, by_year: bool) -> list[str]:
    y0, y1 = int(first[:4]), int(last[:4])
    if by_year:
        return [f"{y:04d}" for y in range(y0, y1 + 1)]
    m0, m1 = int(first[5:7]), int(last[5:7])
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def group_by_month(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{year, months: [{month, events}]}] in date order; undated events last."""
    years = []
    for year, in_year in groupby(events, key=lambda e: str(e.get("date") or "")[:4] or "undated"):
        months = [{"month": month, "events": list(in_month)}
                  for month, in_month in groupby(in_year, key=lambda e: str(e.get("date") or "")[:7])]
        years.append({"year": year, "months": months})
    return years


# -- the page's charts: the dense (or chosen) period in detail, and an overview of the whole span ------

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def dense_span(years: list[int], share: float = DENSE_SHARE) -> tuple[int, int]:
    """The shortest run of years holding at least `share` of the (sorted) years given."""
    n = len(years)
    k = max(1, math.ceil(n * share))
    best = (years[0], years[-1])
    for i in range(n - k + 1):
        if years[i + k - 1] - years[i] < best[1] - best[0]:
            best = (years[i], years[i + k - 1])
    return best


def _kind(mark: dict[str, Any]) -> str:
    return "documents" if mark.get("kind") in ("document", "published", "publication") else "events"


def _dated(marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in marks if str(m.get("date") or "")[:4].isdigit() and int(str(m["date"])[:4]) > 0]


def timeline_charts(marks: list[dict[str, Any]], chosen: bool, whole: list[dict[str, Any]] | None = None,
                    since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The detail chart (by month over a short span, else by year) of the chosen range, or else of the
    dense period, and an overview by year of the whole span (`whole`: the entries without the chosen
    range) when the detail shows less than all of it."""
    dated = _dated(marks)
    if not dated:
        return {"detail": None, "overview": None}
    years = sorted(int(str(m["date"])[:4]) for m in dated)
    first, last = years[0], years[-1]
    lo, hi = (first, last) if chosen else dense_span(years)
    if since:  # a chosen range is charted whole, empty months and all
        lo = min(lo, int(since[:4]))
    if until:
        hi = max(hi, int(until[:4]))
    by_month = (hi - lo + 1) * 12 <= DETAIL_MAX_MONTHS
    if by_month:
        months = [m for m in dated if len(str(m["date"])) >= 7]
        first_m = min(str(m["date"])[:7] for m in months) if months else f"{lo:04d}-01"
        last_m = max(str(m["date"])[:7] for m in months) if months else f"{hi:04d}-12"
        first_m = min(first_m, (since + "-01")[:7]) if since else first_m
        last_m = max(last_m, (until + "-12")[:7]) if until else last_m
        periods = _all_periods(first_m, last_m, by_year=False)
        counted = [m for m in months if lo <= int(str(m["date"])[:4]) <= hi]
        key = 7
    else:
        periods = [f"{y:04d}" for y in range(lo, hi + 1)]
        counted = [m for m in dated if lo <= int(str(m["date"])[:4]) <= hi]
        key = 4
    tally: dict[str, Counter] = {}
    for m in counted:
        tally.setdefault(str(m["date"])[:key], Counter())[_kind(m)] += 1
    detail = _detail_bars([(p, tally.get(p, Counter())) for p in periods], by_month)
    detail.update(first=periods[0], last=periods[-1], by_month=by_month, shown=len(counted),
                  outside=len(dated) - len(counted), whole=(first, last))
    overview = None
    all_years = sorted(int(str(m["date"])[:4]) for m in _dated(whole)) if whole is not None else years
    if all_years and (all_years[0], all_years[-1]) != (lo, hi):
        per_year = Counter(all_years)
        overview = _overview_bars([(y, per_year.get(y, 0)) for y in range(all_years[0], all_years[-1] + 1)],
                                  max(lo, all_years[0]), min(hi, all_years[-1]))
    return {"detail": detail, "overview": overview, "total": len(dated)}


def _detail_bars(periods: list[tuple[str, Counter]], by_month: bool, height: int = 150) -> dict[str, Any]:
    top = max((c["events"] + c["documents"] for _, c in periods), default=0) or 1
    slot = max(40, 960 // len(periods))  # a few periods still fill the width; bars stay slim
    bar = min(slot - 10, 56)
    head, foot = 20, 48  # room for the count above the tallest bar, and the period labels below
    every = 2 if by_month and len(periods) > 18 else 1
    bars = []
    for i, (period, c) in enumerate(periods):
        ev, docs = c["events"], c["documents"]
        eh, dh = round(ev / top * height, 1), round(docs / top * height, 1)
        label = year = None
        if i % every == 0:
            label = _MONTH_ABBR[int(period[5:7]) - 1] if by_month else period
            year = period[:4] if by_month and (period[5:7] == "01" or i == 0) else None
        bars.append({"period": period, "x": i * slot, "bar_x": i * slot + (slot - bar) / 2, "events": ev,
                     "documents": docs, "total": ev + docs, "events_height": eh, "documents_height": dh,
                     "y_events": head + height - eh, "y_documents": head + height - eh - dh, "label": label,
                     "year": year, "odd": i % 2 == 1, "events_pct": _pct(ev, top), "documents_pct": _pct(docs, top)})
    return {"bars": bars, "slot": slot, "bar": bar, "width": len(periods) * slot, "height": height,
            "head": head, "foot": foot, "max": top, "min_px": len(periods) * 30}


_TOP_PCT = 86  # the tallest bar's share of the plot: its count stays inside above it


def _pct(n: int, top: int) -> int:
    """A share of the tallest bar in whole percent, at least 1 for any count (so it shows)."""
    return max(1, min(_TOP_PCT, round(n / top * _TOP_PCT))) if n else 0


def _overview_bars(years: list[tuple[int, int]], lo: int, hi: int, slot: int = 8, height: int = 36
                   ) -> dict[str, Any]:
    top = max((n for _, n in years), default=0) or 1
    bars = [{"year": y, "x": i * slot, "count": n, "height": round(max(n / top * height, 3 if n else 0), 1)}
            for i, (y, n) in enumerate(years)]
    first = years[0][0]
    return {"bars": bars, "slot": slot, "width": len(years) * slot, "height": height, "max": top,
            "band_x": (lo - first) * slot, "band_width": (hi - lo + 1) * slot, "first": first,
            "last": years[-1][0], "lo": lo, "hi": hi}
