"""Topics: variants reach their topic, title and headings weigh more, evidence points at the text,
manual decisions win."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Paragraph, Record, Settings, load_settings
from ingest import read_document
from ingest.enrich import enrich_record

DATA = Path(__file__).resolve().parent / "data" / "enrich"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _record(title: str, *texts: str, kinds: tuple[str, ...] = ()) -> Record:
    paragraphs = [Paragraph(n=i, text=t, kind=(kinds[i - 1] if i <= len(kinds) else "body"))
                  for i, t in enumerate(texts, 1)]
    return Record(id="2024-01-01-test-000000", title=title, paragraphs=paragraphs)


@pytest.mark.parametrize("word", ["detained", "detainees", "captives", "hostages", "prisoners of war", "POWs"])
def test_variants_in_the_title_reach_pows_detainees(settings: Settings, word: str):
    # everyday words ("detained", "hostages") need their context nearby: here, Azerbaijan
    record = _record(f"Statement on the {word} held by Azerbaijan", "A paragraph about something else entirely.")
    enrich_record(record, settings)
    assert "pows-detainees" in record.topics
    first = record.topic_evidence["pows-detainees"][0]
    assert {k: first[k] for k in ("paragraph", "match", "field")} == {"paragraph": None, "match": word, "field": "title"}


def test_one_body_mention_is_not_enough_but_a_heading_is(settings: Settings):
    body_only = _record("A neutral title", "Several prisoners of war were taken.", "Nothing more here.")
    enrich_record(body_only, settings)
    assert "pows-detainees" not in body_only.topics
    heading = _record("A neutral title", "Prisoners of war", "Nothing more here.", kinds=("heading", "body"))
    enrich_record(heading, settings)
    assert "pows-detainees" in heading.topics


def test_min_score_setting_controls_how_much_evidence_is_needed(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    for name in [n for n in __import__("os").environ if n.startswith("EVIDENCE_")]:
        monkeypatch.delenv(name)
    text = ("Several prisoners of war were taken.", "Nothing more here.")
    lenient = _record("A neutral title", *text)
    enrich_record(lenient, load_settings(data_dir, topic_min_score=1))
    strict = _record("Prisoners of war", *text)
    enrich_record(strict, load_settings(data_dir, topic_min_score=5))
    assert "pows-detainees" in lenient.topics
    assert "pows-detainees" not in strict.topics


def test_evidence_points_at_paragraphs_containing_the_match(settings: Settings):
    record = read_document(CORPUS / "seeds" / "001_1dec6475fc6e0504.txt", settings).record
    assert {"pows-detainees", "section-907", "sanctions-magnitsky"} <= set(record.topics)
    for topic in record.topics:
        evidence = record.topic_evidence[topic]
        assert evidence
        for item in evidence:
            text = record.title if item["paragraph"] is None else record.paragraph(item["paragraph"]).text
            assert item["match"] in text


def test_sidecar_topics_are_manual_and_kept(settings: Settings):
    record = read_document(DATA / "captives_alert.txt", settings).record
    assert record.topics_manual["add"] == ["humanitarian-aid"]
    assert "humanitarian-aid" in record.topics  # no matching words, kept because a person chose it
    assert "pows-detainees" in record.topics  # found in the text


def test_manual_removal_wins_over_automatic_tagging(settings: Settings):
    record = read_document(DATA / "captives_alert.txt", settings).record
    record.topics_manual = {"add": [], "remove": ["pows-detainees"]}
    enrich_record(record, settings)
    assert "pows-detainees" not in record.topics
    assert "pows-detainees" not in record.topic_evidence
