"""Entities: titled people, organizations, places and laws, under canonical names."""

from __future__ import annotations

from pathlib import Path

from archive import Settings
from ingest import read_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_letter_press_release_people_and_laws(settings: Settings):
    record = read_document(CORPUS / "seeds" / "001_1dec6475fc6e0504.txt", settings).record
    people = record.entities["people"]
    for name in ("Frank Pallone", "Gus Bilirakis", "Brad Sherman", "David Valadao", "Marco Rubio", "Aram Hamparian"):
        assert name in people
    assert "Section 907 of the FREEDOM Support Act" in record.entities["laws"]
    assert "Section 907" not in record.entities["laws"]  # stored once, under its canonical name
    assert "Congressional Armenian Caucus" in record.entities["organizations"]


def test_place_variants_are_stored_under_one_name(settings: Settings):
    record = read_document(CORPUS / "seeds" / "004_a856806d9142f0d5.txt", settings).record
    places = record.entities["places"]
    assert "Stepanakert" in places and "Khankendi" not in places  # the text says Khankendi
    assert "Shushi" in places and "Shusha" not in places
    assert "Artsakh" in places and "Nagorno-Karabakh" not in places


def test_laws_and_instruments_by_pattern(settings: Settings):
    record = read_document(CORPUS / "seeds" / "000_bd7281dc9c4d1da1.txt", settings).record
    laws = record.entities["laws"]
    for law in ("Section 502B of the Foreign Assistance Act", "Leahy Laws", "Third Geneva Convention",
                "National Defense Authorization Act"):
        assert law in laws
    assert "Ilham Aliyev" in record.entities["people"]


def test_patterns_stop_at_sentence_ends_headline_verbs_and_known_names(settings: Settings):
    from archive import Paragraph, Record
    from ingest.enrich import enrich_record

    record = Record(id="x-000000", title="Rep. Jane Example Urges Action", paragraphs=[Paragraph(1, (
        "The complaint went to the Ministry of Justice. Although the Organization for Security and "
        "Co-operation in Europe Office for Democratic Institutions and Human Rights objected, the "
        "Example Foreign Ministry did not reply."))])
    enrich_record(record, settings)
    orgs = record.entities["organizations"]
    assert "Ministry of Justice" in orgs
    assert not [o for o in orgs if "." in o.replace("U.S.", "")]
    assert "Organization for Security and Cooperation in Europe" in orgs  # the alias, canonical
    assert "Example Foreign Ministry" in orgs
    assert record.entities["people"] == ["Jane Example"]


def test_a_finders_remembered_mentions_are_the_same_and_not_shared(settings: Settings):
    """The finder keeps the mentions of texts it was asked for (entities, roles and speakers ask for
    the same paragraphs): asking again gives the same mentions, and a caller changing its list
    changes nothing for the next caller."""
    from archive import load_vocabulary
    from ingest.enrich.entities import RECENT_TEXTS, NameFinder

    record = read_document(CORPUS / "seeds" / "001_1dec6475fc6e0504.txt", settings).record
    finder = NameFinder(load_vocabulary(settings.vocab_dir))
    fresh = NameFinder(load_vocabulary(settings.vocab_dir))
    texts = [p.text for p in record.paragraphs]
    first = [finder.find(t) for t in texts]
    assert any(first)
    first[0].clear()
    for _ in range(RECENT_TEXTS + 1):  # past the cache's size: it starts afresh, and answers the same
        finder.find(f"Rep. Adam Schiff {_}")
    assert [finder.find(t) for t in texts] == [fresh.find(t) for t in texts]
    assert finder.find(texts[0]) and finder.find(texts[0]) is not finder.find(texts[0])
