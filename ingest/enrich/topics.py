"""Topics from the thesaurus (corpus/topics.yaml), with the evidence that triggered each one.

A topic applies when a document is substantially about it, not when a word of it occurs:
- in each paragraph a term counts once; a match in the title or a heading weighs
  `topic_heading_weight`, a body paragraph 1;
- a topic's `ambiguous` terms ("detention", "abuse", "accountability", "cemetery") count only with
  one of its `context` terms, or one of its own terms, within `topic_context_words` words; the
  evidence then names the context word that made it count;
- the threshold is the topic's `min_score` (else the `topic_min_score` setting), grown with the
  square root of the document's length past `topic_length_words` words; a topic named in the title
  or a heading needs only the base threshold.
A researcher's manual decisions (`topics_manual` add/remove, filled from a sidecar's `topics:`)
always win. `passage_topics` gives the topics of one passage (an event's paragraph).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from typing import Any

from archive import Record, Settings, Topic, Vocabulary

from .text import compile_terms

log = logging.getLogger(__name__)

MAX_EVIDENCE_PER_TOPIC = 25  # keeps records of long reports readable; the score counts every match
_WORD = re.compile(r"\S+")


@dataclass
class TopicMatch:
    topic: str
    score: float = 0.0
    evidence: list[dict[str, Any]] = field(default_factory=list)
    in_title: bool = False


@dataclass(frozen=True)
class _Patterns:
    terms: re.Pattern[str] | None
    ambiguous: re.Pattern[str] | None
    context: re.Pattern[str] | None


def _expand(terms: tuple[str, ...], vocab: Vocabulary) -> tuple[str, ...]:
    out: list[str] = []
    for term in terms:
        out.append(term)
        if not term.endswith("*"):
            out.extend(vocab.variants(term))
    return tuple(dict.fromkeys(out))


def expanded_terms(topic: Topic, vocab: Vocabulary) -> tuple[str, ...]:
    """A topic's terms plus the other names of any alias group a term belongs to."""
    return _expand(topic.terms, vocab)


# The compiled patterns of the last vocabulary's topics (a vocabulary object is new when a file changed).
_compiled: dict[int, tuple[Vocabulary, dict[str, _Patterns]]] = {}


def _patterns(topic: Topic, vocab: Vocabulary) -> _Patterns:
    held = _compiled.get(id(vocab))
    if held is None or held[0] is not vocab:
        held = (vocab, {})
        _compiled.clear()
        _compiled[id(vocab)] = held
    pats = held[1].get(topic.id)
    if pats is None:
        pats = held[1][topic.id] = _compile_patterns(topic, vocab)
    return pats


def _compile_patterns(topic: Topic, vocab: Vocabulary) -> _Patterns:
    terms = expanded_terms(topic, vocab)
    return _Patterns(compile_terms(terms) if terms else None,
                     compile_terms(_expand(topic.ambiguous, vocab)) if topic.ambiguous else None,
                     compile_terms(_expand(topic.context, vocab) + terms) if topic.context else None)


def _passages(record: Record, settings: Settings) -> list[tuple[int | None, str, float]]:
    """(paragraph number or None for the title, text, weight) for every passage to search."""
    passages: list[tuple[int | None, str, float]] = []
    heading_texts = {p.text.strip() for p in record.paragraphs if p.kind == "heading"}
    if record.title and record.title.strip() not in heading_texts:
        passages.append((None, record.title, settings.ingest.topic_heading_weight))
    for p in record.paragraphs:
        weight = settings.ingest.topic_heading_weight if p.kind == "heading" else 1.0
        passages.append((p.n, p.text, weight))
    return passages


def _context_near(text: str, start: int, end: int, context: re.Pattern[str], words: int) -> str | None:
    """A context term within `words` words of text[start:end], or None."""
    before = [m.start() for m in _WORD.finditer(text, 0, start)]
    lo = before[-words] if len(before) >= words else 0
    after = [m.end() for m in _WORD.finditer(text, end)][:words]
    hi = after[-1] if after else len(text)
    for m in context.finditer(text, lo, hi):
        if not (m.start() < end and start < m.end()):
            return m.group()
    return None


def _matches(text: str, pats: _Patterns, settings: Settings) -> list[tuple[str, str | None]]:
    """(term as written, context word or None) for each counted match in one passage."""
    out: list[tuple[str, str | None]] = []
    if pats.terms is not None:
        out += [(m.group(), None) for m in pats.terms.finditer(text)]
    if pats.ambiguous is not None and pats.context is not None:
        for m in pats.ambiguous.finditer(text):
            near = _context_near(text, m.start(), m.end(), pats.context, settings.ingest.topic_context_words)
            if near is not None:
                out.append((m.group(), near))
    return out


def score_topics(record: Record, vocab: Vocabulary, settings: Settings) -> dict[str, TopicMatch]:
    """Every topic with at least one counted match, with its score and evidence (applied or not)."""
    passages = _passages(record, settings)
    found: dict[str, TopicMatch] = {}
    for topic in vocab.topics:
        pats = _patterns(topic, vocab)
        match = TopicMatch(topic.id)
        for n, text, weight in passages:
            seen: set[str] = set()
            for term, near in _matches(text, pats, settings):
                key = " ".join(term.casefold().split())
                if key in seen:
                    continue
                seen.add(key)
                match.score += weight
                if weight > 1.0:
                    match.in_title = True
                if len(match.evidence) < MAX_EVIDENCE_PER_TOPIC:
                    item: dict[str, Any] = {"paragraph": n, "match": term}
                    if near is not None:
                        item["context"] = near
                    if n is None:
                        item["field"] = "title"
                    match.evidence.append(item)
        if match.score:
            found[topic.id] = match
    return found


def threshold(topic: Topic, record: Record, settings: Settings) -> float:
    """The evidence a topic needs in this record: the base, grown with the document's length."""
    base = topic.min_score if topic.min_score is not None else settings.ingest.topic_min_score
    words = sum(len(p.text.split()) for p in record.paragraphs)
    unit = max(1, settings.ingest.topic_length_words)
    return base * max(1.0, math.sqrt(words / unit))


def apply_topics(record: Record, vocab: Vocabulary, settings: Settings) -> None:
    """Set record.topics and record.topic_evidence; manual additions and removals win."""
    scored = score_topics(record, vocab, settings)
    automatic = []
    for topic in vocab.topics:
        match = scored.get(topic.id)
        if match is None:
            continue
        base = topic.min_score if topic.min_score is not None else settings.ingest.topic_min_score
        if match.score >= threshold(topic, record, settings) or (match.in_title and match.score >= base):
            automatic.append(topic.id)
    manual = record.topics_manual or {}
    added = [t for t in manual.get("add") or [] if isinstance(t, str)]
    removed = {t for t in manual.get("remove") or [] if isinstance(t, str)}
    for topic_id in added:
        if vocab.topic(topic_id) is None:
            log.warning("%s: manual topic %r is not in topics.yaml (kept)", record.source.path or record.id, topic_id)
    topics = [t for t in automatic if t not in removed]
    topics += [t for t in added if t not in topics and t not in removed]
    record.topics = topics
    record.topic_evidence = {t: scored[t].evidence for t in topics if t in scored}


def passage_topics(text: str, topic_ids: list[str], vocab: Vocabulary, settings: Settings) -> list[str]:
    """Which of `topic_ids` one passage speaks of (a term, or an ambiguous term in context)."""
    out = []
    for topic_id in topic_ids:
        topic = vocab.topic(topic_id)
        if topic is not None and _matches(text, _patterns(topic, vocab), settings):
            out.append(topic_id)
    return out
