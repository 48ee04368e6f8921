"""Turning a Record into index documents (passages, events, its publication)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from archive import Record

from .analysis import PARAGRAPH_BREAK
from .schema import EVENT, PUBLICATION, RECORD

SEP = "\x1f"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_number(iso: str | None, end: bool = False) -> int:
    """YYYYMMDD as an int (0 when unknown); a partial date starts (or, with end, ends) its period."""
    m = _ISO.match(iso or "")
    if not m:
        return 0
    year, month, day = m.group(1), m.group(2), m.group(3)
    if end:
        return int(year + (month or "12") + (day or "31"))
    return int(year + (month or "00") + (day or "00"))


def precision_of(iso: str | None) -> str:
    m = _ISO.match(iso or "")
    if not m:
        return "unknown"
    return "day" if m.group(3) else "month" if m.group(2) else "year"


def fold(name: str) -> str:
    """Case- and accent-insensitive key for exact-name filters (organizations)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def facet_value(record: Record) -> bytes:
    year = (record.date or "")[:4] if date_number(record.date) else ""
    parts = (record.id, record.doc_type or "other", record.source.org or "", year, ",".join(record.topics),
             str(date_number(record.date)))
    return SEP.join(p.replace(SEP, " ") for p in parts).encode("utf-8")


def paragraphs_of(record: Record) -> list[tuple[int, int | None, str]]:
    """(number, page, text) of every paragraph with words: what a hit can point at."""
    return [(p.n, p.page, p.text) for p in record.paragraphs if p.text.strip()]


def joined_text(paras: list[tuple[int, int | None, str]]) -> str:
    """The paragraphs as one field value, with the break the analyzer turns into a position gap."""
    return PARAGRAPH_BREAK.join(text.replace(PARAGRAPH_BREAK, " ") for _, _, text in paras)


def topics_by_strength(record: Record) -> list[str]:
    """The record's topics, strongest first: an editor's own additions, then by how many paragraphs
    give evidence for each (ties keep the record's order)."""
    added = set((record.topics_manual or {}).get("add") or [])

    def strength(item: tuple[int, str]) -> tuple[int, int, int]:
        position, topic = item
        evidence = record.topic_evidence.get(topic) or []
        paragraphs = {e.get("paragraph") for e in evidence if isinstance(e, dict)}
        return (0 if topic in added else 1, -len(paragraphs), position)

    return [topic for _, topic in sorted(enumerate(record.topics), key=strength)]


def record_doc(record: Record) -> dict[str, Any]:
    paras = paragraphs_of(record)
    meta = {"title": record.title, "d": record.date, "o": record.source.org, "u": record.source.url,
            "t": topics_by_strength(record)}
    doc: dict[str, Any] = {
        "kind": RECORD,
        "rid": record.id,
        "topic": ",".join(t.lower() for t in record.topics),
        "doc_type": record.doc_type or "other",
        "date": date_number(record.date),
        "meta": meta,
        "facet": facet_value(record),
        "paras": paras,
        "title": record.title,
    }
    if paras:
        doc["text"] = joined_text(paras)
    if record.source.org:
        doc["org_id"] = fold(record.source.org)
        doc["org"] = record.source.org
    return doc


def timeline_entry(record: Record, **fields: Any) -> dict[str, Any]:
    return {
        "record_id": record.id,
        "title": record.title,
        "doc_type": record.doc_type or "other",
        "topics": list(record.topics),
        **fields,
    }


def timeline_docs(record: Record) -> Iterator[dict[str, Any]]:
    common = {"rid": record.id, "t_topic": ",".join(t.lower() for t in record.topics),
              "t_type": record.doc_type or "other"}
    # Every record has one publication document (t_date 0 when undated): it also marks the record
    # as indexed, for record_ids().
    entry = timeline_entry(record, date=record.date, precision=precision_of(record.date), end_date=None,
                           summary=record.title, paragraph=None, kind="publication")
    yield {**common, "kind": PUBLICATION, "t_date": date_number(record.date), "t_data": entry}
    for event in sorted(record.events, key=lambda e: e.paragraph or 0):  # the timeline's order within a record
        if not date_number(event.date):
            continue
        topics = list(record.topics) if event.topics is None else event.topics  # the passage's topics
        entry = timeline_entry(record, date=event.date, precision=event.precision, end_date=event.end_date,
                               summary=event.summary, paragraph=event.paragraph, kind="event")
        entry["topics"] = topics
        yield {**common, "t_topic": ",".join(t.lower() for t in topics), "kind": EVENT,
               "t_date": date_number(event.date), "t_data": entry}


def record_docs(record: Record) -> Iterator[dict[str, Any]]:
    if paragraphs_of(record):  # a record without text has nothing to find, only its timeline entries
        yield record_doc(record)
    yield from timeline_docs(record)
