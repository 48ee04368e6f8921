"""Letter fields from PDF letters, and what PDF metadata may and may not supply."""

from __future__ import annotations

import json

import pytest

from archive import load_settings
from ingest import read_document
from ingest.pdf import clean_title, pdf_date

from paths import DATA

PDFS = DATA / "pdf"


@pytest.fixture
def settings(data_dir):
    return load_settings(data_dir, ocr_enabled=False)


def test_signers_set_side_by_side_are_all_found(settings):
    want = json.loads((PDFS / "letter_signers.truth.json").read_text(encoding="utf-8"))
    record = read_document(PDFS / "letter_signers.pdf", settings).record
    assert record.doc_type == "letter"
    assert record.date == want["date"] and record.date_source == "letter"
    assert sorted(record.authors) == sorted(want["signatories"])
    assert record.recipients == want["recipients"]
    texts = [p.text for p in record.paragraphs]
    for name in want["signatories"]:
        assert name in texts  # each name its own line, not run into its neighbour
    # the address block keeps one line per line
    assert any(t.startswith("The Honorable " + want["recipients"][0]) and t.endswith(want["recipients"][0])
               for t in texts)


def test_word_file_name_in_metadata_is_not_the_title(settings):
    want = json.loads((PDFS / "letter_signers.truth.json").read_text(encoding="utf-8"))
    assert want["metadata_title"].encode() in (PDFS / "letter_signers.pdf").read_bytes()
    record = read_document(PDFS / "letter_signers.pdf", settings).record
    assert "Microsoft" not in record.title and ".docx" not in record.title
    assert want["recipients"][0] in record.title
    # a one-page letter keeps its letterhead (it is on the page) but is not titled by it
    assert record.paragraphs[0].text == want["letterhead"]
    assert want["letterhead"] not in record.title


def test_letter_date_line_beats_the_creation_date(settings):
    record = read_document(PDFS / "letter_signers.pdf", settings).record
    assert record.extraction["pdf_created"] != record.date
    assert record.date_source == "letter"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Azerbaijan 2024 Human Rights Report", "Azerbaijan 2024 Human Rights Report"),
        ("Microsoft Word - Letter to the Secretary.docx", None),
        ("final_v3_clean", None),
        ("untitled", None),
        ("Document1", None),
        ("   ", None),
        (None, None),
    ],
)
def test_clean_title(raw, expected):
    assert clean_title(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20231005150000+00'00'", "2023-10-05"),
        ("D:20231005", "2023-10-05"),
        ("20231005093000-04'00'", "2023-10-05"),
        ("D:2023", None),
        ("D:20231345", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_pdf_date(raw, expected):
    assert pdf_date(raw) == expected
