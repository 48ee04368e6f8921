"""Letters, authors and titles of the shipped congressional documents (issue 14): the addressee, not
the cc, is the recipient; date line, address block, "Re:" and salutation stand apart; signers and
the members behind their own statements are recorded in their proper case; a document without a
headline gets a bracketed description, never a cut-off sentence."""

from __future__ import annotations

from ingest import read_document
from ingest.describe import proper_case

from paths import CORPUS

CONGRESS = CORPUS / "congress"


def congress(settings, stem: str):
    return read_document(CONGRESS / f"{stem}.txt", settings).record


def test_cc_is_not_taken_for_the_addressee(settings):
    record = congress(settings, "congress_sherman_2016-01-26")
    assert record.recipients == ["John F. Kerry", "Victoria Nuland"]  # the addressee first; the cc without her role


def test_letter_parts_stand_apart_and_its_date_line_is_no_event(settings):
    record = congress(settings, "congress_sherman_2016-01-26")
    texts = [p.text for p in record.paragraphs]
    date_line = texts.index("January 22, 2016")
    assert texts[date_line + 1].startswith("The Honorable John F. Kerry")
    assert texts[date_line + 2].startswith("Re: ")
    assert texts[date_line + 3] == "Dear Secretary Kerry:"
    assert not [e for e in record.events if e.date == "2016-01-22"]


def test_salutation_names_the_recipients_in_full(settings):
    record = congress(settings, "congress_schiff_2011-11-03")
    assert record.recipients == ["Patrick Leahy", "Kay Granger", "Lindsey Graham", "Nita Lowey"]


def test_signer_in_capitals_in_proper_case(settings):
    record = congress(settings, "congress_schiff_2011-11-03")
    assert record.authors == ["Adam B. Schiff"]
    assert proper_case("ADAM B. SCHIFF") == "Adam B. Schiff"
    assert proper_case("MCCAUL") == "McCaul" and proper_case("Brad Sherman") == "Brad Sherman"


def test_address_block_by_excellency(settings):
    record = congress(settings, "congress_schiff_2013-02-25")
    assert record.recipients == ["Bako Sahakian"]


def test_members_own_statements_have_their_author(settings):
    assert congress(settings, "congress_schiff_2016-04-02").authors == ["Adam Schiff"]
    assert congress(settings, "congress_sherman_2016-04-04").authors == ["Brad Sherman"]


def test_document_without_headline_is_described_not_cut(settings):
    for stem in ("congress_sherman_2016-01-26", "congress_sherman_2016-04-04", "congress_sherman_2012-12-06"):
        record = congress(settings, stem)
        assert record.title.startswith("[") and record.title.endswith("]"), record.title
        assert "…" not in record.title and "..." not in record.title
        assert "Brad Sherman" in record.title and record.date[:4] in record.title
    statement = congress(settings, "congress_sherman_2016-04-04")
    assert statement.title.startswith("[Statement by Brad Sherman on ")


def test_a_members_statement_is_cited_inside_it(settings):
    record = congress(settings, "congress_schiff_2016-04-02")
    assert len(record.paragraphs) >= 3  # the introduction, then the statement's paragraphs
    assert record.paragraphs[0].text.endswith("released the following statement:")


def test_letter_with_cc_block_keeps_every_recipient(settings):
    record = read_document(next((CORPUS / "seeds").glob("003_*.txt")), settings).record
    assert record.recipients[0] == "Joseph R. Biden Jr."
    assert {"Antony Blinken", "Samantha Power", "Jake Sullivan"} <= set(record.recipients)
    assert record.authors == []  # the signature page is not in the saved text
