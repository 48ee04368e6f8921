"""Press-release anatomy on real releases (tests/data/releases/, drawn from corpus-large, each with a
provenance sidecar): release lines, contact blocks, datelines, headlines run into the body, end
marks; titles built from them; run-on text split into paragraphs."""

from __future__ import annotations

import re

import pytest

from ingest import extract, read_document, runon
from ingest.text_clean import split_run_together

from paths import CORPUS, DATA

RELEASES = DATA / "releases"
PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}")


def release(settings, stem: str):
    return read_document(RELEASES / f"{stem}.txt", settings).record


@pytest.mark.parametrize(
    ("stem", "headline"),
    [
        # "FOR IMMEDIATE RELEASE: October 21, 2005Serrano Welcomes ... the <?xml ... />Bronx<?xml .../>Washington, D.C.—"
        ("serrano_2005-10-21_release_line_xml_junk", "Serrano Welcomes Philanthropic Leaders to the Bronx"),
        # headline, then a weekday date line, then the body
        ("stabenow_2015-09-14_headline_before_weekday_date",
         "Senator Stabenow, Goldman Sachs 10,000 Small Businesses Alumni Discuss the Role of Entrepreneurs in "
         "Economic Growth and Job Creation"),
        # release line, then the headline run into the body with no dateline
        ("lowey_2011-04-28_release_line_headline",
         "Lowey: Unity Government between Fatah and Hamas would be Deathblow to Peace Process"),
        # release line, contact (name, date, telephone), "Press Statement", headline, "Jackson Lee: “..."
        ("jackson-lee_2019-01-22_release_contact_date",
         "Congresswoman Sheila Jackson Lee Statement Following the President’s Address on Day 29 of the Trump Shutdown"),
        # "01.31.08 Headline Thursday, January 31, 2008 Contact: ... (202) ... Headline again" before the dateline
        ("schiff_2008-01-31_contact_in_header", "Schiff Announces Nominations to U.S. Service Academies"),
    ],
)
def test_headline_split_off_the_release_parts(settings, stem, headline):
    record = release(settings, stem)
    assert record.title == headline
    assert not any(p.text.startswith(headline) for p in record.paragraphs)  # the title is not also the body's start


@pytest.mark.parametrize(
    "stem",
    ["defazio_2006-06-28_date_release_contact", "jackson-lee_2019-01-22_release_contact_date",
     "lowey_2011-04-28_release_line_headline", "graham_2012-09-27_contact_without_marker"],
)
def test_release_and_contact_lines_stand_apart_and_are_no_events(settings, stem):
    record = release(settings, stem)
    front = record.paragraphs[0]
    assert front.kind == "heading"
    assert re.search(r"release|contact", front.text, re.I) or PHONE.search(front.text)
    assert not PHONE.search(record.title) and "contact" not in record.title.lower()
    assert "release" not in record.title.lower().replace("[press release by", "")
    assert all(e.paragraph != front.n for e in record.events)
    assert not any(PHONE.search(p.text) for p in record.paragraphs[1:3])  # the body starts after the contact


def test_release_without_headline_gets_a_bracketed_description(settings):
    record = release(settings, "defazio_2006-06-28_date_release_contact")
    title = record.title
    assert title.startswith("[Press release by Peter DeFazio on ") and title.endswith(", June 28, 2006]")
    assert "…" not in title and len(title) < 200
    assert record.paragraphs[1].text.startswith("WASHINGTON, DC—")  # the body starts at its dateline


def test_contact_without_marker_is_not_the_title(settings):
    record = release(settings, "graham_2012-09-27_contact_without_marker")
    assert record.title.startswith("[Press release by Lindsey Graham")
    assert record.authors == ["Lindsey Graham"]  # "Senators Lindsey Graham and John McCain ... statement": the office's member
    assert record.paragraphs[1].text.startswith("Washington")


def test_release_line_at_the_end_becomes_its_own_paragraph(settings):
    record = release(settings, "blumenauer_2009-03-25_release_line_at_end")
    last = record.paragraphs[-1]
    assert last.text.startswith("For Immediate Release") and "Contact:" in last.text
    assert not any("For Immediate Release" in p.text for p in record.paragraphs[:-1])
    assert record.authors == ["Earl Blumenauer"]  # "Rep. Blumenauer's statement ... is below", full name from the office


def test_run_on_release_is_split_at_quotations_and_topics(settings):
    record = release(settings, "moore_2018-04-18_run_on")
    text = (RELEASES / "moore_2018-04-18_run_on.txt").read_text(encoding="utf-8")
    assert "\n" not in text.strip()  # it arrived as one line
    assert len(record.paragraphs) >= 8
    assert max(len(p.text) for p in record.paragraphs) < 1000
    assert record.paragraphs[0].text.endswith("released the following statement.")
    assert record.paragraphs[1].text.startswith("“")  # the statement starts its own paragraph
    # nothing lost and nothing reordered: the paragraphs joined give the text back, word for word
    words = " ".join(p.text for p in record.paragraphs).split()
    assert words == text.split()
    assert record.authors == ["Gwen Moore"]


def test_no_split_inside_an_email_address():
    text = (RELEASES / "rush_2011-08-04_contact_email.txt").read_text(encoding="utf-8")
    emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    assert emails
    pieces = split_run_together(text)
    for email in emails:
        assert any(email in piece for piece in pieces), email
    for piece in runon.split_paragraph(" ".join(pieces)):
        assert not re.search(r"[\w.+-]+@$|^[\w.-]*@", piece.strip())


def test_written_paragraphs_are_left_alone(settings):
    path = CORPUS / "state-department" / "statedept_2024_azerbaijan.txt"
    blocks = extract(path.read_bytes(), path.name, settings).blocks
    assert len(blocks) > 50
    assert runon.split_run_on(blocks) == blocks  # a report's own paragraphs are not run-on text
