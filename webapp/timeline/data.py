"""Timeline data: the index's events, filtered, grouped by year and month, counted for the chart."""

from __future__ import annotations

import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

MAX_MONTH_BARS = 72  # a longer span is charted by year
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
    }


def index_stamp(index_dir: Path) -> tuple:
    """Changes whenever the index does: the live generation and its table-of-contents files."""
    stamp: list[tuple[str, int]] = []
    try:
        with os.scandir(index_dir) as top:
            for entry in top:
                stamp.append((entry.name, entry.stat().st_mtime_ns))
                if entry.is_dir():
                    with os.scandir(entry.path) as inner:
                        stamp.extend((f.name, f.stat().st_mtime_ns) for f in inner if f.name.endswith(".toc"))
    except FileNotFoundError:
        return ()
    return tuple(sorted(stamp))


class TimelineCache:
    """Recent timeline answers (whole timelines, chart counts), kept until the index changes (the
    index is the slow part)."""

    def __init__(self, index_dir: Path, size: int = 32) -> None:
        self.index_dir = index_dir
        self.size = size
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, Any] = OrderedDict()

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        key = (*key, index_stamp(self.index_dir))
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer


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


@dataclass
class Bar:
    period: str
    x: float
    width: float
    events: int
    documents: int
    events_height: float
    documents_height: float


def chart_bars(counts: list[dict[str, Any]], width: int = 900, height: int = 140) -> dict[str, Any]:
    """Numbers for the server-rendered SVG chart: stacked bars of events and documents per period."""
    if not counts:
        return {"bars": [], "width": width, "height": height, "max": 0, "labels": []}
    top = max(c["events"] + c["documents"] for c in counts) or 1
    slot = width / len(counts)
    bars = []
    for i, c in enumerate(counts):
        bars.append(Bar(c["period"], round(i * slot + slot * 0.1, 2), round(max(slot * 0.8, 1), 2),
                        c["events"], c["documents"], round(c["events"] / top * height, 2),
                        round(c["documents"] / top * height, 2)))
    step = max(1, len(counts) // 8)
    labels = [{"x": round(i * slot + slot / 2, 2), "text": c["period"]} for i, c in enumerate(counts)
              if i % step == 0]
    return {"bars": bars, "width": width, "height": height, "max": top, "labels": labels}


def group_by_month(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{year, months: [{month, events}]}] in date order; undated events last."""
    years = []
    for year, in_year in groupby(events, key=lambda e: str(e.get("date") or "")[:4] or "undated"):
        months = [{"month": month, "events": list(in_month)}
                  for month, in_month in groupby(in_year, key=lambda e: str(e.get("date") or "")[:7])]
        years.append({"year": year, "months": months})
    return years
