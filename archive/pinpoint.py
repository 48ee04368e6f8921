"""Short pinpoint citations built from a record's metadata (full CSL styles live beside this)."""

from __future__ import annotations

import datetime as dt


def pinpoint(paragraph: int | None, page: int | None = None) -> str:
    parts = []
    if page:
        parts.append(f"p. {page}")
    if paragraph:
        parts.append(f"¶ {paragraph}")
    return ", ".join(parts)


def human_date(iso: str | None, unknown: str = "n.d.") -> str:
    """A date as a reader writes it: "April 2, 2016"; a month-precision date "April 2016" and a
    year alone as it is; `unknown` when there is none. Text that is not an ISO date is returned
    unchanged."""
    if not iso:
        return unknown
    try:
        if len(iso) == 4 and iso.isdigit():
            return iso
        if len(iso) == 7:
            d = dt.date.fromisoformat(iso + "-01")
            return f"{d.strftime('%B')} {d.year}"
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def short_note(
    *,
    title: str,
    org: str | None,
    date: str | None,
    url: str | None,
    paragraph: int | None,
    page: int | None = None,
) -> str:
    """A Chicago-like note: Org, “Title,” Month D, YYYY, p. P, ¶ N, URL."""
    head = ", ".join(x for x in (org, f"“{title},”") if x)
    tail = ", ".join(x for x in (human_date(date), pinpoint(paragraph, page)) if x)
    note = f"{head} {tail}"
    return f"{note}, {url}." if url else f"{note}."
