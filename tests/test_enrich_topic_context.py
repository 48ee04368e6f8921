"""Topics apply when a document is substantially about them (issues 14 and 21): ambiguous everyday
words count only with context nearby, the threshold grows with length, events carry the topics of
their passage and the timeline's topic filter uses them, and over a random sample of real releases
(where nearly every release is about something else) topics stay rare."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from archive import Paragraph, Record, Settings, Store, load_vocabulary
from ingest.enrich import enrich_record
from search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"


def _enriched(settings: Settings, *texts: str, title: str = "A test note", date: str | None = None) -> Record:
    record = Record(id="x-000000", title=title, date=date,
                    paragraphs=[Paragraph(i, t) for i, t in enumerate(texts, 1)])
    enrich_record(record, settings)
    return record


def test_detention_by_city_police_is_no_prisoner_of_war_topic(settings: Settings):
    record = _enriched(
        settings,
        "The county sheriff said two men remain in detention after the burglary downtown.",
        "Detention officers at the county jail will get new radios, and detained visitors must sign in.",
    )
    assert "pows-detainees" not in record.topics


def test_detention_with_its_context_counts_and_the_evidence_names_the_context(settings: Settings):
    record = _enriched(
        settings,
        "Azerbaijan continues the detention of Armenian soldiers captured after the war.",
        "Families of the detained servicemen have had no word for months.",
    )
    assert "pows-detainees" in record.topics
    evidence = record.topic_evidence["pows-detainees"]
    assert any(item.get("context") for item in evidence), evidence


def test_substance_abuse_and_veterans_accountability_are_not_torture_or_war_crimes(settings: Settings):
    record = _enriched(
        settings,
        "The grant expands treatment for substance abuse and opioid abuse in rural counties.",
        "The bill brings accountability to the VA and makes managers accountable for wait times.",
        "A new cemetery for veterans will open next year beside the church on Main Street.",
    )
    assert not {"torture-abuse", "war-crimes-accountability", "cultural-heritage"} & set(record.topics)


def test_a_long_document_needs_more_than_a_passing_mention(settings: Settings):
    filler = "The committee reviewed the budget for roads, schools and water systems in the district. " * 12
    passing = "Separately, the report notes Azerbaijan's sanctions policy and the Magnitsky list."
    short = _enriched(settings, passing, "It also notes that sanctions on Azerbaijan remain under review.")
    long = _enriched(settings, *([filler] * 30), passing, "It also notes that sanctions on Azerbaijan remain under review.")
    assert "sanctions-magnitsky" in short.topics
    assert "sanctions-magnitsky" not in long.topics


def test_a_topic_in_the_title_weighs_more(settings: Settings):
    filler = "The committee reviewed the budget for roads, schools and water systems in the district. " * 12
    body = [filler] * 30 + ["The Magnitsky designations were discussed briefly."]
    plain = _enriched(settings, *body)
    titled = _enriched(settings, *body, title="Magnitsky sanctions on Azerbaijani officials")
    assert "sanctions-magnitsky" not in plain.topics
    assert "sanctions-magnitsky" in titled.topics


def test_events_carry_the_topics_of_their_passage_and_the_timeline_filters_by_them(settings: Settings,
                                                                                  store: Store):
    record = _enriched(
        settings,
        "On March 3, 2024, Azerbaijan refused to release the Armenian prisoners of war it holds.",
        "The prisoners of war and other detainees have been held since the 2020 war.",
        "On May 9, 2024, the city council approved a new budget for road repairs and parks.",
        date="2024-06-01",
    )
    record.id = "2024-06-01-topic-events-abc123"
    by_date = {e.date: e for e in record.events}
    assert "pows-detainees" in record.topics
    assert by_date["2024-03-03"].topics == ["pows-detainees"]
    assert by_date["2024-05-09"].topics == []
    store.write(record)
    index = SearchIndex(settings)
    index.rebuild(store, procs=1)
    entries = index.timeline(topic="pows-detainees")
    events = [e["date"] for e in entries if e["kind"] == "event"]
    assert "2024-03-03" in events and "2024-05-09" not in events
    assert "2024-05-09" in [e["date"] for e in index.timeline() if e["kind"] == "event"]


def test_retag_recomputes_event_topics(settings: Settings):
    record = _enriched(settings, "On March 3, 2024, Azerbaijan kept Armenian prisoners of war in detention.",
                       date="2024-06-01")
    for event in record.events:
        event.topics = None  # as an older record has them
    record.topics_manual = {"add": [], "remove": ["pows-detainees"]}
    enrich_record(record, settings)
    assert "pows-detainees" not in record.topics
    assert all(e.topics == [] for e in record.events)


@pytest.mark.skipif(not LARGE.exists(), reason="the large corpus lives in the shared folder")
def test_random_releases_are_rarely_tagged_and_never_by_an_everyday_word_alone(settings: Settings):
    sys.path.insert(0, str(ROOT / "bench"))
    from attribution_sample import read_releases, sample_lines

    from ingest import IngestError, build_record

    vocab = load_vocabulary(settings.vocab_dir)
    ambiguous = {t.id: [re.compile(r"(?i)^" + re.escape(a.rstrip("*"))) for a in t.ambiguous] for t in vocab.topics}
    releases = read_releases(sample_lines(300, seed=11))
    tagged, off_region = 0, []
    for number, row in releases.items():
        try:
            record = build_record(row["text"].encode("utf-8"), f"release-{number}", settings,
                                  {"date": row["date"], "doc_type": "press_release"})
        except IngestError:
            continue
        if not record.topics:
            continue
        tagged += 1
        if not re.search(r"Armenia|Azerbaijan|Karabakh|Artsakh|Turk|Ottoman|[Gg]enocide", row["text"]):
            off_region.append((number, record.topics))
        for topic, evidence in record.topic_evidence.items():
            for item in evidence:
                if any(p.match(item["match"]) for p in ambiguous.get(topic, [])):
                    assert item.get("context"), (number, topic, item)  # an everyday word counted with its context
    assert tagged <= 9, tagged  # 3 %; the rules before this change tagged 4.6 % of a sample like it
    assert len(off_region) <= 6, off_region
