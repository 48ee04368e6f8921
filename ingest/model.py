"""What an ingestor returns: the text and whatever metadata the file itself carries.

Ingestors (one per media type) turn bytes into an `Extracted`; the pipeline then applies the
sidecar, fills missing fields from the text (letter fields, doc type, dates), enriches, and
builds the archive Record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """One paragraph as extracted, before numbering."""

    text: str
    kind: str = "body"  # body | heading | quote | list_item | signature
    page: int | None = None


@dataclass
class Extracted:
    blocks: list[Block]
    media_type: str
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    date_source: str | None = None  # meta | jsonld | byline | dateline | letter | text
    org: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    doc_type: str | None = None
    # method (text | ocr | mixed), ocr_confidence, pages, warnings ...
    extraction: dict[str, Any] = field(default_factory=dict)
