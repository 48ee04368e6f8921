"""The archive record: the typed form of DESIGN.md's record schema.

Field names are a contract (YAML files, JSON API, CLI export); see ../shared/DESIGN.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = ("press_release", "letter", "report", "action_alert", "statement", "testimony", "other")
DATE_SOURCES = ("meta", "jsonld", "byline", "dateline", "letter", "text", "sidecar", "editor")
# Metadata an editor may correct (Record.corrections); "org" and "url" are the source's.
CORRECTABLE = ("title", "date", "doc_type", "org", "url", "authors", "recipients")
PARAGRAPH_KINDS = ("body", "heading", "quote", "list_item", "signature")
ENTITY_KINDS = ("people", "organizations", "places", "laws")


@dataclass
class Paragraph:
    n: int
    text: str
    page: int | None = None
    kind: str = "body"


@dataclass
class Quote:
    text: str
    speaker: str | None = None
    speaker_role: str | None = None
    paragraph: int | None = None
    via: str | None = None  # the source the quote came through (a report quoting the UN, ...)


@dataclass
class Event:
    date: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY per precision
    precision: str  # day | month | year
    summary: str
    paragraph: int | None = None
    end_date: str | None = None  # for ranges ("September 19-20")
    # The record's topics the passage reporting it speaks of (None: not computed, as in older records).
    topics: list[str] | None = None


@dataclass
class Source:
    org: str | None = None
    url: str | None = None
    path: str | None = None
    sha256: str | None = None
    media_type: str | None = None


@dataclass
class Record:
    id: str
    title: str
    doc_type: str = "other"
    date: str | None = None
    date_source: str | None = None
    source: Source = field(default_factory=Source)
    authors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # A researcher's own topic decisions; retagging never overrides them.
    topics_manual: dict[str, list[str]] = field(default_factory=lambda: {"add": [], "remove": []})
    entities: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in ENTITY_KINDS})
    # The titles or roles the text gives each person of entities.people, as written.
    roles: dict[str, list[str]] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # How the text was obtained: {"method": "text"|"ocr"|"mixed", "ocr_confidence": float, ...}
    extraction: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None  # provenance notes from the sidecar (what is known about the source)
    ingested_at: str | None = None
    # An editor's corrections of metadata (field of CORRECTABLE -> value); re-ingest and retag keep them.
    corrections: dict[str, Any] = field(default_factory=dict)

    # -- conversions -------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        if not isinstance(data, dict):
            raise ValueError("a record must be a mapping")
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "id" not in values or "title" not in values:
            raise ValueError("a record needs 'id' and 'title'")
        values["source"] = Source(**_known(Source, data.get("source") or {}))
        values["paragraphs"] = [Paragraph(**_known(Paragraph, p)) for p in data.get("paragraphs") or []]
        values["quotes"] = [Quote(**_known(Quote, q)) for q in data.get("quotes") or []]
        values["events"] = [Event(**_known(Event, e)) for e in data.get("events") or []]
        for key in ("date", "ingested_at"):
            if values.get(key) is not None:
                values[key] = str(values[key])
        for ev in values["events"]:
            ev.date = str(ev.date)
            if ev.end_date is not None:
                ev.end_date = str(ev.end_date)
        return cls(**values)

    # -- helpers -----------------------------------------------------------
    def apply_corrections(self) -> None:
        """Put an editor's corrections over the fields read from the document."""
        fixes = self.corrections or {}
        if "title" in fixes:
            self.title = fixes["title"]
        if "date" in fixes:
            self.date = fixes["date"]
            self.date_source = "editor" if fixes["date"] else None
        if "doc_type" in fixes:
            self.doc_type = fixes["doc_type"]
        if "org" in fixes:
            self.source.org = fixes["org"]
        if "url" in fixes:
            self.source.url = fixes["url"]
        if "authors" in fixes:
            self.authors = list(fixes["authors"])
        if "recipients" in fixes:
            self.recipients = list(fixes["recipients"])

    def metadata_values(self) -> dict[str, Any]:
        """The correctable fields' current values, by their CORRECTABLE names."""
        return {"title": self.title, "date": self.date, "doc_type": self.doc_type, "org": self.source.org,
                "url": self.source.url, "authors": list(self.authors), "recipients": list(self.recipients)}

    def paragraph(self, n: int) -> Paragraph | None:
        if 1 <= n <= len(self.paragraphs) and self.paragraphs[n - 1].n == n:
            return self.paragraphs[n - 1]
        return next((p for p in self.paragraphs if p.n == n), None)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(kind)}
    return {k: v for k, v in data.items() if k in names}
