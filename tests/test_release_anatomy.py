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
        # "Headline FOR IMMEDIATE RELEASE March 19, 2009 Congressman Joe Wilson (SC-02) issued ...": the release
        # line after the headline
        ("wilson_2009-03-19_headline_before_release_line",
         "Republican Bipartisan Solution Would Return 100% of Taxpayer Dollars"),
    ],
)
def test_headline_split_off_the_release_parts(settings, stem, headline):
    record = release(settings, stem)
    assert record.title == headline
    assert not any(p.text.startswith(headline) for p in record.paragraphs)  # the title is not also the body's start


@pytest.mark.parametrize(
    "stem",
    ["defazio_2006-06-28_date_release_contact", "jackson-lee_2019-01-22_release_contact_date",
     "lowey_2011-04-28_release_line_headline", "graham_2012-09-27_contact_without_marker",
     "wilson_2009-03-19_headline_before_release_line"],
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
    # "Senators Lindsey Graham and John McCain today released the following statement": a joint statement
    # is both senators' (as the gold set's joint statements are: tests/data/gold/metadata.yaml)
    assert record.authors == ["Lindsey Graham", "John McCain"]
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


@pytest.mark.parametrize(
    ("stem", "headline", "kept"),
    [
        # headline, subheadline, "Click here or on the image above to view ..." caption, then the dateline
        ("walden_2018-05-22_subheadline_caption",
         "Greg Walden supports comprehensive childhood cancer prevention legislation", "Click here"),
        # "...Immigration Reform LegislationSTAPLE Act would make it easier ... STEM Ph.D.’sWASHINGTON –"
        ("delaney_2013-03-18_glued_headline_dateline", "Delaney Co-Sponsors Immigration Reform Legislation",
         "STAPLE Act would make it easier"),
    ],
)
def test_subheadline_and_caption_stand_apart_from_the_headline(settings, stem, headline, kept):
    record = release(settings, stem)
    assert record.title == headline
    front = record.paragraphs[0]
    assert front.kind == "heading" and kept in front.text  # not the title, and not lost either
    assert record.paragraphs[1].text.upper().startswith("WASHINGTON")  # the body starts at its dateline


def test_capitals_headline_before_a_capitals_dateline(settings):
    record = release(settings, "issa_2006-07-27_capitals_headline_and_dateline")
    assert record.title.startswith("HOUSE SUBCOMMITTEE APPROVES ISSA/SCHIFF LEGISLATION")
    assert record.title.endswith("IN DISTRICT COURTS")  # the dateline's city is not part of it
    assert record.paragraphs[0].text.startswith("WASHINGTON, D.C.")


def test_letterhead_is_not_a_headline(settings):
    record = release(settings, "king_2005-09-16_letterhead")
    assert record.title.startswith("[Press release by Steve King ")
    assert "District" not in record.title and "Katrina" in record.title  # what it is about, from the lead
    assert record.authors == ["Steve King"]


@pytest.mark.parametrize(
    ("stem", "authors"),
    [
        # "Congressmen Kevin McCarthy, Devin Nunes, David Valadao, and Jim Costa released the following joint statement"
        ("nunes_2014-01-25_joint_statement_list", ["Kevin McCarthy", "Devin Nunes", "David Valadao", "Jim Costa"]),
        # "... Congressman David Price (D-N.C.) and Congressman G.K. Butterfield (D-N.C.) issued the following
        # statement": the abbreviations are not sentence ends
        ("price_2018-11-30_authors_after_abbreviations", ["David Price", "G.K. Butterfield"]),
        # "The following statement may be attributed to U.S. Congressman Michael C. Burgess, M.D. (TX-26) ...":
        # the speaker comes after the words
        ("burgess_2006-09-29_statement_attributed_to", ["Michael C. Burgess"]),
        # "... Representative Ted Deutch (D-Fla.) Chairman Goodlatte releases the following statement ...:" ends a
        # first paragraph of 1,000 characters; "(D-Fla.)" ends the sentence of sponsors' names (none of them spoke)
        ("goodlatte_2018-04-25_statement_after_sponsor_list", ["Bob Goodlatte"]),
        # "The full text of Rep. Larsen’s Opening Statement Follows:"
        ("larsen_2011-03-15_opening_statement_follows", ["Rick Larsen"]),
    ],
)
def test_statement_authors_named_in_the_lead(settings, stem, authors):
    assert release(settings, stem).authors == authors


def test_bracketed_description_names_a_subject_not_a_person(settings):
    # "U.S. Senators ... and Representative ...": who; the subject is what the lead is about
    record = release(settings, "nunes_2014-01-25_joint_statement_list")
    assert record.title.startswith("[Press release by Kevin McCarthy and 3 others on ")
    assert not any(name in record.title.split(" on ", 1)[1] for name in ("Valadao", "Costa", "Congressmen"))


@pytest.mark.parametrize(
    ("stem", "headline", "subheadline"),
    [
        # "Senator Stabenow Announces ... Pavilion New grant made possible by ... Farm Bill Wednesday, September 26, 2018"
        ("stabenow_2018-09-26_subheadline_before_weekday_date",
         "Senator Stabenow Announces Support for New Rose City Farmers Market Pavilion", "New grant made possible"),
        # "02.17.06 Burr Announces ... Airport Authority Funds to assist with runway construction ... WASHINGTON, D.C. -"
        ("burr_2006-02-17_subheadline_after_scrape_date",
         "Burr Announces Over $12 Million for Piedmont Triad Airport Authority", "Funds to assist with runway"),
        # "MM.DD.YY Senator ... Reaffirms Steadfast Support For Israel “I wanted to ...” LAS VEGAS, NV –"
        ("perdue_2019-04-08_quotation_subheadline",
         "Senator David Perdue Reaffirms Steadfast Support For Israel", "I wanted to send a message"),
        # "... Stem Cell BankLegislation Will Help ... [Washington, D.C.] Today Congressman ...": no dateline found
        ("lipinski_2007-04-18_glued_subheadline_bracket_dateline",
         "Lipinski Introduces Bill to Establish Amniotic and Placental Stem Cell Bank", "Legislation Will Help Advance"),
        # "... Calls for International Cooperation on Canadian Mines Writes State Department With Concerns ..."
        ("sullivan_2016-05-12_second_headline_verb",
         "Alaska Delegation Calls for International Cooperation on Canadian Mines", "Writes State Department"),
        # "... Announces the Urban Agriculture Act of 2016 Most Comprehensive ... Will Create ... Monday, ..."
        ("stabenow_2016-09-26_subheadline_after_act_year",
         "Senator Stabenow Announces the Urban Agriculture Act of 2016", "Most Comprehensive Urban Agriculture Bill"),
    ],
)
def test_subheadline_run_into_the_headline_stands_apart(settings, stem, headline, subheadline):
    record = release(settings, stem)
    assert record.title == headline
    holding = [p for p in record.paragraphs if subheadline in p.text]
    assert holding and not holding[0].text.startswith(headline)  # kept in the text, apart from the title


def test_possessive_glued_to_the_next_word_gets_its_space_in_the_title(settings):
    record = release(settings, "mcmorris-rodgers_2011-06-02_glued_possessive")
    assert re.search(r"\w[’']s \w", record.title) and not re.search(r"[’']s[A-Z]", record.title)


def subject(record) -> str:
    """What a bracketed description says the document is about: between " on " and the date."""
    assert record.title.startswith("[") and " on " in record.title, record.title
    return record.title.split(" on ", 1)[1].rsplit(",", 2)[0]


def test_a_place_is_where_not_what_the_release_is_about(settings):
    # "... announced that Northwest Indiana will receive almost $47 million ... throughout Northwest Indiana"
    record = release(settings, "visclosky_2006-05-24_place_not_subject")
    assert "Indiana" not in subject(record) and subject(record)


def test_the_members_own_name_is_not_the_subject_whatever_its_accents(settings):
    # the office is "Mario Diazbalart"; the text writes "Mario Díaz-Balart"
    record = release(settings, "diaz-balart_2018-07-13_own_name_with_accents")
    assert "Balart" not in subject(record) and "balart" not in subject(record).casefold()


def test_a_time_of_day_is_when_not_what_the_release_is_about(settings):
    # "staff members are hosting monthly mobile office hours ... Clarkston: SEWEDA Office, 845 Port Way, 2-4 PM"
    record = release(settings, "mcmorris-rodgers_2014-09-03_time_not_subject")
    assert not re.search(r"\d\s*(?:AM|PM)\b", subject(record), re.I) and "office hours" in subject(record).casefold()


def test_a_thing_referred_back_to_by_its_head_outcounts_an_acronym(settings):
    # "... Republican Study Committee (RSC) Chairman ... launched the newly formed 10th Amendment Task Force, a
    # project of the RSC. The Task Force will ...": what was launched, named again as "the Task Force"
    record = release(settings, "bishop_2010-05-10_thing_launched_not_acronym")
    assert "Task Force" in subject(record) and "Study Committee" not in subject(record)


def test_the_occasion_a_statement_states_is_its_subject(settings):
    # "released the following statement ahead of tomorrow’s House Democrat leadership vote:" (not "House Democrat",
    # a fragment; and not "tomorrow", which means nothing in a title)
    record = release(settings, "lipinski_2016-11-29_statement_ahead_of")
    assert record.title.startswith("[Press release by Dan Lipinski ahead of ")
    assert "leadership vote" in record.title and "tomorrow" not in record.title.casefold()


def test_a_name_before_the_common_noun_it_modifies_keeps_the_noun(settings):
    # "residents near the Burbank airport will receive an additional $2 million to muffle jet noise": the airport,
    # not the city (which the release also names on its own: "Burbank was awarded", "Luther Burbank Middle School")
    record = release(settings, "sherman_2006-07-11_name_before_common_noun")
    assert subject(record).casefold() in ("burbank airport", "jet noise")


def test_an_op_ed_byline_gives_the_headline_and_the_author(settings):
    # "Cap and Trade is Good, But is it Enough? by Rep. Jim Cooper April 20, 2008 The old way of ..."
    record = release(settings, "cooper_2008-04-20_op_ed_byline")
    assert record.title == "Cap and Trade is Good, But is it Enough?"
    assert record.authors == ["Jim Cooper"]
    assert record.paragraphs[0].kind == "heading" and "by Rep. Jim Cooper" in record.paragraphs[0].text
    assert record.paragraphs[1].text.startswith("The old way")


def deed(record) -> str:
    """What a bracketed description says was done: between ": " and the date."""
    assert record.title.startswith("[") and ": " in record.title, record.title
    return record.title.split(": ", 1)[1].rsplit(",", 2)[0]


@pytest.mark.parametrize(
    ("stem", "done", "not_subject"),
    [
        # "held a roundtable with Plattsburgh area veterans at the American Legion, Post 20": where, not what
        ("stefanik_2018-05-01_venue_not_subject", "held a roundtable with Plattsburgh area veterans", "on American Legion"),
        # a town-hall schedule glued below the lead: an address is not what the release is about
        ("cole_2011-03-22_address_not_subject", "will be holding a series of town hall meetings", "Boulevard"),
        # "the Subcommittee on Research and Technology": not its last word alone
        ("moolenaar_2015-01-26_part_of_a_name_not_subject", "Subcommittee on Research and Technology",
         "on Technology"),
        # "a bipartisan spending bill that makes major investments in ... clean energy": the bill, not the clause
        ("larsen_2015-12-18_relative_clause_not_subject", "voted in favor of a bipartisan spending bill",
         "clean energy"),
    ],
)
def test_a_subject_the_lead_does_not_name_as_done_gives_way_to_what_was_done(settings, stem, done, not_subject):
    record = release(settings, stem)
    assert done in deed(record) and not_subject not in record.title
    assert "…" not in record.title and len(record.title) <= 200


def test_what_was_done_is_a_whole_clause_from_a_verb(settings):
    # the named subject stays where the lead names it as what was done ("launched the ... Task Force")
    record = release(settings, "bishop_2010-05-10_thing_launched_not_acronym")
    assert " on " in record.title and "Task Force" in subject(record)


def test_a_statement_in_spanish_has_its_author_and_stated_subject(settings):
    # "el Congresista Henry Cuellar ... publicó la siguiente declaración sobre un nuevo informe de la Oficina ..."
    record = release(settings, "cuellar_2019-01-29_statement_in_spanish")
    assert record.authors == ["Henry Cuellar"]
    assert record.title.startswith("[Press release by Henry Cuellar sobre ") and "informe" in record.title


def test_the_occasion_a_statement_states_with_a_participle_is_its_subject(settings):
    # "released the following statement applauding EPA Administrator Scott Pruitt's decision to repeal ..."
    record = release(settings, "bost_2017-10-10_statement_applauding")
    assert record.title.startswith("[Press release by Mike Bost applauding ") and "power plant" in record.title


def test_a_title_without_a_name_stands_for_the_offices_member(settings):
    # "... Rep. Maxine Waters (CA-35) demanded ... The Congresswoman made the following statement: I would like ..."
    assert release(settings, "waters_2009-07-30_the_congresswoman_statement").authors == ["Maxine Waters"]
