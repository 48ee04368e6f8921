"""Events: full, partial (resolved against the document date), ranges, months and years;
unresolvable dates and a letter's date line left out."""

from __future__ import annotations

from pathlib import Path

from archive import Paragraph, Record, Settings
from ingest import read_document
from ingest.enrich import enrich_record

DATA = Path(__file__).resolve().parent / "data" / "enrich"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _keys(record: Record) -> set[tuple[str, str, str | None]]:
    return {(e.date, e.precision, e.end_date) for e in record.events}


def test_letter_dates_resolved_against_the_letter(settings: Settings):
    record = read_document(DATA / "letter_dates.txt", settings).record
    assert record.date == "2024-01-20"
    assert _keys(record) == {
        ("2024-01-10", "day", None),  # "January 10th", early in the year of the letter
        ("2023-12-20", "day", None),  # "December 20": the one before the letter, not after
        ("2023-09-19", "day", "2023-09-20"),
        ("2023-03", "month", None),
        ("2016", "year", "2020"),
        ("1994", "year", None),
        ("2024-01-16", "day", None),  # "Last Tuesday", resolved against the letter's date (Saturday 2024-01-20)
    }
    assert ("2024-01-20", "day", None) not in _keys(record)  # the date line is not an event


def test_summary_is_the_sentence_and_paragraph_is_where_it_is(settings: Settings):
    record = read_document(DATA / "letter_dates.txt", settings).record
    for event in record.events:
        paragraph = record.paragraph(event.paragraph).text
        assert event.summary.rstrip("…") .split(" ")[0] in paragraph
        assert "\n" not in event.summary and len(event.summary) <= 241
    january = next(e for e in record.events if e.date == "2024-01-10")
    assert january.summary.startswith("On January 10th")


def test_seed_letter_september_19th(settings: Settings):
    record = read_document(CORPUS / "seeds" / "003_321d40f7f970c642.txt", settings).record
    assert record.date == "2023-10-02"
    assert ("2023-09-19", "day", None) in _keys(record)
    assert not [e for e in record.events if e.date == "2023-10-02"]


def test_partial_dates_without_any_anchor_are_left_out(settings: Settings):
    record = Record(id="x-000000", title="A note", date=None, paragraphs=[
        Paragraph(1, "On March 3rd the office reopened, and in late July it moved."),
        Paragraph(2, "The mission was founded in May 2021."),
    ])
    enrich_record(record, settings)
    assert _keys(record) == {("2021-05", "month", None)}


def test_partial_date_takes_the_year_of_a_full_date_in_its_paragraph(settings: Settings):
    record = Record(id="x-000000", title="A note", date=None, paragraphs=[
        Paragraph(1, "A review published on June 5th preceded the hearing of September 27, 2024."),
    ])
    enrich_record(record, settings)
    assert _keys(record) == {("2024-06-05", "day", None), ("2024-09-27", "day", None)}


def test_report_partial_dates_use_the_year_the_report_covers(settings: Settings):
    record = read_document(CORPUS / "state-department" / "statedept_2024_azerbaijan_markdown_part1.md",
                           settings).record
    assert record.date.startswith("2025")  # released the year after
    keys = _keys(record)
    assert ("2024-07-18", "day", None) in keys
    assert ("2024-06-14", "day", "2024-06-15") in keys
    assert not [k for k in keys if k[0].startswith("2025")]


def _dated(settings: Settings, date: str | None, *texts: str) -> Record:
    record = Record(id="x-000000", title="A note", date=date, paragraphs=[Paragraph(i, t) for i, t in enumerate(texts, 1)])
    enrich_record(record, settings)
    return record


def test_relative_dates_resolved_against_the_document_date(settings: Settings):
    record = _dated(
        settings, "2010-04-22",  # a Thursday
        "Last April you did not use the term to describe the events of 1915-23.",
        "Yesterday the committee met. On Monday the minister resigned. On Saturday we will march.",
        "Two days ago the court ruled. This month the talks resumed. Ninety-five years ago this month it began.",
    )
    assert _keys(record) == {
        ("2009-04", "month", None),  # last April, not the 1915-23 the sentence names
        ("2010-04-21", "day", None),
        ("2010-04-19", "day", None),
        ("2010-04-24", "day", None),  # the sentence speaks of what will happen: the next Saturday
        ("2010-04-20", "day", None),
        ("2010-04", "month", None),
    }


def test_relative_dates_in_an_undated_document_are_left_out(settings: Settings):
    record = _dated(settings, None, "Last April the talks stalled. Yesterday they resumed.")
    assert record.events == []


def test_the_same_sentence_twice_is_one_event(settings: Settings):
    sentence = "By the time that the killings ended in 1923, a million and a half were dead."
    record = _dated(settings, "2010-04-22", f"“{sentence}” he said in the letter.", "Dear Sir:", sentence)
    assert [(e.date, e.paragraph) for e in record.events] == [("1923", 1)]


def test_a_yearly_report_dates_its_own_year_and_two_dates_joined_by_and_are_two(settings: Settings):
    record = Record(id="x-000000", title="Freedonia 2023 Report", date="2024-04-22", doc_type="report",
                    paragraphs=[
        Paragraph(1, "On December 7, the council called an early vote for February 7, 2024. On December 14, "
                     "the party said it would stay out."),
        Paragraph(2, "On May 16, a recording of a detainee surfaced. The court ruled on March 2 and July 6."),
        Paragraph(3, "The border was shut between April 3 and June 9."),
    ])
    enrich_record(record, settings)
    keys = _keys(record)
    assert {("2023-12-07", "day", None), ("2023-12-14", "day", None), ("2024-02-07", "day", None)} <= keys
    assert {("2023-05-16", "day", None), ("2023-03-02", "day", None), ("2023-07-06", "day", None)} <= keys
    assert ("2023-04-03", "day", "2023-06-09") in keys
    assert not [k for k in keys if k[2] == "2023-07-06"]
