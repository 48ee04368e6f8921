"""Citations a style guide would accept (issue 15): the style manuals' own examples for works without
authors, letters, press releases and government reports, rendered through citeproc-py with the CSL
files of webapp/cite/csl/ (Bluebook by the small formatter), and the CSL-JSON types Zotero maps.

The records are built here from the manuals' published examples (their metadata, not document text)."""

from __future__ import annotations

import pytest

from archive import Paragraph, Record, Source
from webapp.cite import cite, csl_item, document_url, nest_quotes, quoted


def record(title: str, *, org: str | None = None, authors: list[str] | None = None, date: str | None = None,
           doc_type: str = "press_release", url: str | None = None, recipients: list[str] | None = None,
           text: str = "A paragraph.") -> Record:
    return Record(
        id="1999-01-01-example-abcdef", title=title, doc_type=doc_type, date=date,
        source=Source(org=org, url=url, path="tests/example.txt", sha256="a" * 64, media_type="text/plain"),
        authors=list(authors or []), recipients=list(recipients or []),
        paragraphs=[Paragraph(n=1, text="First."), Paragraph(n=2, text=text)], ingested_at="2026-01-15T10:00:00Z",
    )


FDA_URL = ("https://www.fda.gov/news-events/press-announcements/"
           "fda-approves-first-contact-lens-indicated-slow-progression-nearsightedness-children")
FDA = record("FDA approves first contact lens indicated to slow the progression of nearsightedness in children",
             org="U.S. Food and Drug Administration", date="2019-11-15", url=FDA_URL)


# -- APA 7 (Publication Manual 9.12, 9.16, 10.4; apastyle.apa.org reference examples) -------------

def test_apa_press_release_as_the_manual_shows_it() -> None:
    c = cite(FDA, 2, "apa")
    assert c.bibliography == (
        "U.S. Food and Drug Administration. (2019, November 15). FDA approves first contact lens indicated to "
        f"slow the progression of nearsightedness in children [Press release]. {FDA_URL}")
    assert c.note == "(U.S. Food and Drug Administration, 2019, para. 2)"


def test_apa_report_by_the_body_that_published_it_names_it_once() -> None:
    report = record("Strengthening trans-Tasman economic relations", doc_type="report", date="2012",
                    org="Australian Government Productivity Commission & New Zealand Productivity Commission",
                    url="https://www.pc.gov.au/inquiries/completed/australia-new-zealand/report/trans-tasman.pdf")
    assert cite(report, 2, "apa").bibliography == (
        "Australian Government Productivity Commission & New Zealand Productivity Commission. (2012). "
        "Strengthening trans-Tasman economic relations. "
        "https://www.pc.gov.au/inquiries/completed/australia-new-zealand/report/trans-tasman.pdf")


def test_apa_letter_with_a_description_in_brackets() -> None:
    letter = record("[Letter to Robert M. Ogden]", authors=["Lawrence K. Frank"], doc_type="letter",
                    date="1935-02-04")
    c = cite(letter, 2, "apa")
    assert c.bibliography == "Frank, L. K. (1935, February 4). [Letter to Robert M. Ogden]."
    assert c.note == "(Frank, 1935, para. 2)"


def test_apa_work_without_an_author_moves_the_title_to_the_author_place_once() -> None:
    untitled = record("[Letter to President Biden on the offensive]", doc_type="letter", date="2023-10-02")
    c = cite(untitled, 2, "apa")
    assert c.bibliography == "[Letter to President Biden on the offensive]. (2023, October 2)."
    assert c.note == "([Letter to President Biden on the offensive], 2023, para. 2)"
    titled = record("Update on the corridor", date="2024-05-01", url="https://example.org/news/update")
    entry = cite(titled, 2, "apa").bibliography
    assert entry.startswith("Update on the corridor [Press release]. (2024, May 1).")
    assert entry.count("Update on the corridor") == 1
    assert cite(titled, 2, "apa").note == "(“Update on the corridor,” 2024, para. 2)"


# -- Chicago 18 (notes and bibliography) ------------------------------------------------------------

def test_chicago_press_release_names_the_issuing_body_once() -> None:
    c = cite(FDA, 2, "chicago")
    assert c.note == (
        "U.S. Food and Drug Administration, “FDA Approves First Contact Lens Indicated to Slow the Progression of "
        f"Nearsightedness in Children,” press release, November 15, 2019, para. 2, accessed January 15, 2026, "
        f"{FDA_URL}.")
    assert c.bibliography.count("U.S. Food and Drug Administration") == 1


def test_chicago_government_report_does_not_repeat_the_agency_as_publisher() -> None:
    report = record("Azerbaijan 2023 Human Rights Report", doc_type="report", date="2024-04-22",
                    org="U.S. Department of State, Bureau of Democracy, Human Rights, and Labor")
    c = cite(report, 2, "chicago")
    assert c.note == ("U.S. Department of State, Bureau of Democracy, Human Rights, and Labor, "
                      "Azerbaijan 2023 Human Rights Report (2024), para. 2.")
    assert c.bibliography == ("U.S. Department of State, Bureau of Democracy, Human Rights, and Labor. "
                              "Azerbaijan 2023 Human Rights Report. 2024.")


def test_chicago_without_an_author_begins_with_the_title_once() -> None:
    titled = record("Update on the corridor", date="2024-05-01", url="https://example.org/news/update")
    c = cite(titled, 2, "chicago")
    assert c.note.startswith("“Update on the Corridor,” press release, May 1, 2024, para. 2")
    assert c.bibliography.startswith("“Update on the Corridor.” Press release. May 1, 2024.")
    assert c.bibliography.count("Update on the") == 1


def test_chicago_supplied_description_is_neither_quoted_nor_title_cased() -> None:
    letter = record("[Letter to President Biden on the offensive against the enclave]", doc_type="letter",
                    date="2023-10-02")
    c = cite(letter, 2, "chicago")
    assert c.note == "[Letter to President Biden on the offensive against the enclave], October 2, 2023, para. 2."
    assert c.bibliography == "[Letter to President Biden on the offensive against the enclave]. October 2, 2023."
    release = record("[Press release on the caucus letter to the secretary]", org="Example Committee",
                     date="2025-02-07")
    note = cite(release, 2, "chicago").note
    assert note.startswith("Example Committee, [Press release on the caucus letter to the secretary], press release,")
    assert "“[" not in note and "Caucus" not in note


# -- MLA 9 ------------------------------------------------------------------------------------------

def test_mla_corporate_author_that_is_also_publisher_begins_with_the_title() -> None:
    # MLA Handbook 9, 2.2.1 example: Publication Manual of the American Psychological Association.
    book = record("Publication Manual of the American Psychological Association", doc_type="report",
                  org="American Psychological Association", date="2020")
    c = cite(book, 2, "mla")
    assert c.bibliography == ("Publication Manual of the American Psychological Association. "
                              "American Psychological Association, 2020.")
    assert c.note == "(Publication Manual of the American Psychological Association, par. 2)"


def test_mla_press_release_and_untitled_letter() -> None:
    c = cite(FDA, 2, "mla")
    assert c.bibliography.startswith("“FDA Approves First Contact Lens Indicated to Slow the Progression of "
                                     "Nearsightedness in Children.” Press release. U.S. Food and Drug Administration, "
                                     "15 Nov. 2019, ")
    assert c.bibliography.count("U.S. Food and Drug Administration") == 1
    assert c.note.startswith("(“FDA Approves") and c.note.endswith(",” par. 2)")
    letter = record("[Letter to the secretary of state]", doc_type="letter", date="2023-10-02")
    assert cite(letter, 2, "mla").bibliography == "[Letter to the secretary of state]. 2 Oct. 2023."
    assert cite(letter, 2, "mla").note == "([Letter to the secretary of state], par. 2)"


# -- Bluebook (R. 15.1, 18.2) -----------------------------------------------------------------------

def test_bluebook_without_an_author_and_with_a_document_url() -> None:
    letter = record("[Letter to the secretary of state]", doc_type="letter", date="2023-10-02")
    assert cite(letter, 2, "bluebook").note == "[Letter to the secretary of state] ¶ 2 (Oct. 2, 2023)."
    assert cite(FDA, 2, "bluebook").note == (
        "U.S. Food and Drug Administration, FDA approves first contact lens indicated to slow the progression of "
        f"nearsightedness in children ¶ 2 (Nov. 15, 2019), {FDA_URL} (last visited Jan. 15, 2026).")


# -- URLs, nested quotes, CSL-JSON types --------------------------------------------------------------

@pytest.mark.parametrize("url,kept", [
    ("https://schiff.house.gov", False), ("https://schiff.house.gov/", False),
    ("https://example.org/index.html", False), ("https://example.org/news/2010/04/release", True),
    ("https://example.org/?p=123", True), ("ftp://example.org/file", False), (None, False),
    ("https://sherman.house.gov/media-center/press-releases", False),
    ("https://sherman.house.gov/media-center/press-releases/sherman-statement", True),
])
def test_a_url_is_cited_only_when_it_addresses_the_document(url: str | None, kept: bool) -> None:
    assert (document_url(url) is not None) is kept
    home = record("A release", org="Office of a Member", date="2010-04-22", url=url)
    for style in ("chicago", "apa", "mla", "bluebook"):
        c = cite(home, 2, style)
        assert ((url or "") in c.note + c.bibliography and bool(url)) is kept, style


def test_nested_quotation_marks_alternate_in_the_rendering_only() -> None:
    text = 'He spoke of “hooliganism with a weapon.” and of "order."'
    letter = record("A release", org="Office", date="2020-01-01", text=text)
    c = cite(letter, 2, "chicago", quote=text)
    assert c.quote == text  # the exact words, as archived
    assert c.text.startswith("“He spoke of ‘hooliganism with a weapon.’ and of ‘order.’”")
    assert nest_quotes("“a” and ‘b’ and it’s") == "‘a’ and ‘b’ and it’s"
    assert quoted('"x"') == "“‘x’”"


@pytest.mark.parametrize("doc_type,csl_type,genre", [
    ("letter", "letter", None), ("press_release", "report", "Press release"), ("report", "report", None),
    ("action_alert", "webpage", None),
])
def test_csl_json_uses_the_item_types_zotero_maps(doc_type: str, csl_type: str, genre: str | None) -> None:
    item = csl_item(record("A title", org="An Office", date="2024-01-02", doc_type=doc_type,
                           recipients=["Marco Rubio"], authors=["Jane Roe"] if doc_type == "letter" else None))
    assert item["type"] == csl_type and item.get("genre") == genre
    if csl_type == "report":
        assert item["publisher"] == "An Office"
    if doc_type == "letter":
        assert item["author"] == [{"family": "Roe", "given": "Jane"}]
        assert item["recipient"] == [{"family": "Rubio", "given": "Marco"}]
