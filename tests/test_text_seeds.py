"""The seed documents come out of the plain-text ingestor as a careful person would copy them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest import read_document

from paths import CORPUS

SEEDS = CORPUS / "seeds"
CHROME = ["Leave a Reply", "Your email address", "By Appo", "Home /", "Your generosity", "Read also",
          "2 hours ago", "@anca_er", "A well written article", "Page 2"]


def seed(settings, prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return read_document(path, settings).record


@pytest.mark.parametrize(
    ("prefix", "title", "date", "date_source", "doc_type"),
    [
        ("000", "ANCA national campaign urges President Biden, Congress to hold Azerbaijan and Turkey "
                "accountable for war crimes and ongoing hostility", "2022-01-11", "sidecar", "press_release"),
        ("001", None, "2025-02-07", "sidecar", "press_release"),
        ("002", "ANCA Rapid Responder Letter: Stop Torture of Armenian Captives by Azerbaijan", None, None,
                "action_alert"),
        ("003", None, "2023-10-02", "letter", "letter"),
        ("004", "President Trump is Rewarding the Same Azerbaijani Crimes that his own State Department Condemns",
                None, None, "press_release"),
    ],
)
def test_seed_title_date_type(settings, prefix, title, date, date_source, doc_type):
    record = seed(settings, prefix)
    if title:
        assert record.title == title
    else:  # no headline in the text: the sidecar supplies a bracketed title
        assert record.title.startswith("[") and record.title.endswith("]")
    assert record.date == date
    assert record.date_source == date_source
    assert record.doc_type == doc_type


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_site_chrome_in_any_paragraph(settings, prefix):
    record = seed(settings, prefix)
    for p in record.paragraphs:
        for chrome in CHROME:
            assert chrome not in p.text, f"{prefix} p{p.n} holds {chrome!r}"
    # the headline is the title, not a paragraph; the org's name alone is a footer, not a paragraph
    assert record.paragraphs[0].text != record.title
    assert record.paragraphs[-1].text != record.source.org


def test_headline_kept_and_article_ends_where_it_should(settings):
    record = seed(settings, "000")
    assert record.paragraphs[-1].text.startswith("The Armenian National Committee of America (ANCA) is the largest")
    assert record.paragraphs[0].kind == "quote"  # the pull quote with its credit line


def test_lachin_corridor_sentence_whole_across_page_break(settings):
    record = seed(settings, "003")
    hits = [p for p in record.paragraphs if "Lachin" in p.text]
    assert len(hits) == 1
    assert "observers to the Lachin Corridor, as well as direct engagement" in hits[0].text
    assert hits[0].text.startswith("3. Take all actions necessary")
    assert hits[0].kind == "list_item"


def test_letter_fields_of_the_biden_letter(settings):
    record = seed(settings, "003")
    assert record.recipients[0] == "Joseph R. Biden Jr."
    assert {"Antony Blinken", "Samantha Power", "Jake Sullivan"} <= set(record.recipients)  # cc: too
    kinds = {p.text: p.kind for p in record.paragraphs}
    assert kinds["Most gratefully,"] == "signature"
    assert not any("  " in p.text for p in record.paragraphs)  # double spaces of the extraction folded


def test_caucus_letter_date_and_addressee_split(settings):
    record = seed(settings, "001")
    texts = [p.text for p in record.paragraphs]
    assert "February 6, 2025" in texts
    i = texts.index("February 6, 2025")
    assert texts[i + 1].startswith("The Honorable Marco Rubio")
    assert not any("2025The" in t for t in texts)
    assert record.recipients == ["Marco Rubio"]
    headings = [p.text for p in record.paragraphs if p.kind == "heading"]
    assert "Backing Armenia’s economic resilience and energy independence" in headings


def test_action_alert_drops_breadcrumb_and_donation(settings):
    record = seed(settings, "002")
    assert record.paragraphs[0].text == "Dear Senator / Representative:"
    assert record.paragraphs[-1].text == "I look forward to learning of your actions on each of my requests."


def test_curly_quotes_and_dashes_kept_verbatim(settings):
    raw = (next(SEEDS.glob("001_*.txt"))).read_text(encoding="utf-8")
    record = seed(settings, "001")
    quote = next(p.text for p in record.paragraphs if p.text.startswith("“For too long"))
    assert quote in raw  # stored exactly as published, curly quotes and em dashes included
    assert "—" in quote


def test_corpus_candidates_split_scrape_header(settings):
    path = CORPUS / "congress" / "congress_schiff_2010-04-22.txt"
    record = read_document(path, settings).record
    assert record.title == "Rep. Schiff Urges President Obama to Properly Acknowledge the Armenian Genocide"
    assert record.date == "2010-04-22"
    assert record.paragraphs[0].text.startswith("Washington, DC – Today, Rep. Adam Schiff")
    texts = [p.text for p in record.paragraphs]
    assert "Dear Mr. President:" in texts and "The Honorable Barack Obama" in texts
    assert texts[-3:] == ["Sincerely,", "Adam B. Schiff", "Member of Congress"]
    assert record.recipients == ["Barack Obama"]


def test_pasted_word_styles_are_dropped(settings):
    record = read_document(CORPUS / "congress" / "congress_sherman_2012-12-06.txt", settings).record
    assert not any("mso-" in p.text or "Normal 0 false" in p.text for p in record.paragraphs)
    assert record.paragraphs[-1].text == "Thank you.”"


def test_state_department_report_headings_and_unwrapped_paragraphs(settings):
    record = read_document(CORPUS / "state-department" / "statedept_2024_azerbaijan.txt", settings).record
    headings = [p.text for p in record.paragraphs if p.kind == "heading"]
    assert {"Executive Summary", "Section 1. Life", "a. Extrajudicial Killings"} <= set(headings)
    first = next(p for p in record.paragraphs if p.kind == "body")
    assert first.text == "There were no significant changes in the human rights situation in Azerbaijan during the year."
    assert record.doc_type == "report"
    # every word of the source survives unwrapping (hyphenated line ends aside)
    raw = (CORPUS / "state-department" / "statedept_2024_azerbaijan.txt").read_text(encoding="utf-8")
    words = lambda s: re.findall(r"[A-Za-z]{4,}", s)  # noqa: E731
    lost = set(words(raw)) - set(words(" ".join(p.text for p in record.paragraphs))) - {record.title}
    assert not {w for w in lost if w not in record.title}, lost


def test_sidecar_not_ingested_as_a_document(settings):
    from ingest import iter_files

    files = list(iter_files([SEEDS]))
    assert files and not any(f.name.endswith(".meta.yaml") for f in files)
    assert list(iter_files([next(SEEDS.glob("000_*.meta.yaml"))])) == []


def test_every_shipped_document_ingests(settings):
    from ingest import iter_files

    paths = list(iter_files([CORPUS]))
    assert len(paths) >= 16
    for path in paths:
        record = read_document(Path(path), settings).record
        assert record.paragraphs and record.title
