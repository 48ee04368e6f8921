"""Topics from the thesaurus (corpus/topics.yaml), with the evidence that triggered each one.

Scoring: in each paragraph a term counts once; a match in a body paragraph weighs 1, in the title
or a heading `topic_heading_weight`. A topic applies when its score reaches its `min_score` (from
topics.yaml) or else the `topic_min_score` setting. A researcher's manual decisions
(`topics_manual` add/remove, filled from a sidecar's `topics:`) always win.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from archive import Record, Settings, Topic, Vocabulary

from .text import compile_terms

log = logging.getLogger(__name__)

MAX_EVIDENCE_PER_TOPIC = 25  # keeps records of long reports readable; the score counts every match


@dataclass
class TopicMatch:
    topic: str
    score: float = 0.0
    evidence: list[dict[str, Any]] = field(default_factory=list)


def expanded_terms(topic: Topic, vocab: Vocabulary) -> tuple[str, ...]:
    """A topic's terms plus the other names of any alias group a term belongs to."""
    terms: list[str] = []
    for term in topic.terms:
        terms.append(term)
        if not term.endswith("*"):
            terms.extend(vocab.variants(term))
    return tuple(dict.fromkeys(terms))


def _passages(record: Record, settings: Settings) -> list[tuple[int | None, str, float]]:
    """(paragraph number or None for the title, text, weight) for every passage to search."""
    passages: list[tuple[int | None, str, float]] = []
    heading_texts = {p.text.strip() for p in record.paragraphs if p.kind == "heading"}
    if record.title and record.title.strip() not in heading_texts:
        passages.append((None, record.title, settings.topic_heading_weight))
    for p in record.paragraphs:
        weight = settings.topic_heading_weight if p.kind == "heading" else 1.0
        passages.append((p.n, p.text, weight))
    return passages


def score_topics(record: Record, vocab: Vocabulary, settings: Settings) -> dict[str, TopicMatch]:
    """Every topic with at least one match, with its score and evidence (applied or not)."""
    passages = _passages(record, settings)
    found: dict[str, TopicMatch] = {}
    for topic in vocab.topics:
        pattern = compile_terms(expanded_terms(topic, vocab))
        if pattern is None:
            continue
        match = TopicMatch(topic.id)
        for n, text, weight in passages:
            seen: set[str] = set()
            for m in pattern.finditer(text):
                key = " ".join(m.group().casefold().split())
                if key in seen:
                    continue
                seen.add(key)
                match.score += weight
                if len(match.evidence) < MAX_EVIDENCE_PER_TOPIC:
                    item: dict[str, Any] = {"paragraph": n, "match": m.group()}
                    if n is None:
                        item["field"] = "title"
                    match.evidence.append(item)
        if match.score:
            found[topic.id] = match
    return found


def apply_topics(record: Record, vocab: Vocabulary, settings: Settings) -> None:
    """Set record.topics and record.topic_evidence; manual additions and removals win."""
    scored = score_topics(record, vocab, settings)
    automatic = []
    for topic in vocab.topics:
        match = scored.get(topic.id)
        threshold = topic.min_score if topic.min_score is not None else settings.topic_min_score
        if match and match.score >= threshold:
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
