"""Enrichment: topics with evidence, entities, attributed quotes, dated events (issue 4)."""

from __future__ import annotations

from archive import Record, Settings


def enrich_record(record: Record, settings: Settings) -> None:
    """Fill the record's enrichment fields in place from the vocabularies in settings.vocab_dir."""
    # Filled in by the enrichment work; until then records carry no topics, entities, quotes or events.
    return None
