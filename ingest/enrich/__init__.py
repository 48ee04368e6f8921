"""Enrichment: topics with evidence, entities, attributed quotes, dated events (issue 4).

`enrich_record(record, settings)` fills a record's enrichment fields in place from the
vocabularies in `settings.vocab_dir` (corpus/topics.yaml, aliases.yaml, gazetteer.yaml). It reads
only the record (paragraphs, title, date, doc type), never the original file, so `evidence retag`
can re-run it over the archive after the vocabularies change.

The sentence helpers (`sentence_spans`, `sentence_at`, `ABBREVIATIONS`) are shared with the readers
(release, run-on and description rules, the draft check's letter).
"""

from __future__ import annotations

import logging

from archive import Record, Settings, Vocabulary, VocabularyError, load_vocabulary

from ..errors import IngestError
from .entities import find_entities, find_roles
from .events import find_events
from .quote_finder import Quotation, find_quotations
from .quote_speakers import find_quotes
from .text import ABBREVIATIONS, sentence_at, sentence_spans
from .topics import apply_topics, passage_topics, score_topics

log = logging.getLogger(__name__)

__all__ = [
    "ABBREVIATIONS",
    "EnrichmentError",
    "Quotation",
    "apply_topics",
    "enrich_record",
    "enrich_with",
    "find_entities",
    "find_events",
    "find_quotations",
    "find_quotes",
    "find_roles",
    "passage_topics",
    "score_topics",
    "sentence_at",
    "sentence_spans",
]


class EnrichmentError(IngestError):
    """Enrichment could not run (a broken vocabulary file); the reason names the file and entry."""


def enrich_record(record: Record, settings: Settings) -> None:
    """Fill topics, topic_evidence, entities, quotes and events; topics_manual is respected."""
    try:
        vocab = load_vocabulary(settings.vocab_dir)
    except VocabularyError as exc:
        raise EnrichmentError(record.source.path or record.id, f"vocabulary error: {exc}") from None
    enrich_with(record, vocab, settings)


def enrich_with(record: Record, vocab: Vocabulary, settings: Settings) -> None:
    """enrich_record with an already loaded vocabulary."""
    apply_topics(record, vocab, settings)
    record.entities = find_entities(record, vocab)
    record.roles = find_roles(record, vocab)
    record.quotes = find_quotes(record, vocab)
    record.events = find_events(record)
    for event in record.events:  # an event carries the topics of the passage that reports it
        para = record.paragraph(event.paragraph) if event.paragraph else None
        event.topics = passage_topics(para.text, record.topics, vocab, settings) if para else []
    log.debug("%s: %d topics, %d quotes, %d events", record.id, len(record.topics), len(record.quotes),
              len(record.events))
