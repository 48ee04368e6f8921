"""Doc types from content and structure, for PDFs and plain text; a sidecar always wins."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive import DOC_TYPES, load_settings
from ingest import build_record, read_document

from paths import DATA

PDFS = DATA / "pdf"
TYPED = sorted(p.name.removesuffix(".truth.json") for p in PDFS.glob("*.truth.json") if "doc_type" in json.loads(p.read_text()))


@pytest.fixture
def settings(data_dir):
    return load_settings(data_dir, ocr_enabled=False)


def test_every_doc_type_has_a_pdf():
    kinds = {json.loads((PDFS / f"{n}.truth.json").read_text())["doc_type"] for n in TYPED}
    assert kinds == set(DOC_TYPES) - {"other"}


@pytest.mark.parametrize("name", TYPED)
def test_pdf_doc_type(name, settings):
    want = json.loads((PDFS / f"{name}.truth.json").read_text(encoding="utf-8"))
    record = read_document(PDFS / f"{name}.pdf", settings).record
    assert record.doc_type == want["doc_type"]
    assert record.date == want["date"]


@pytest.mark.parametrize("name", TYPED)
def test_sidecar_doc_type_always_wins(name, settings, tmp_path):
    want = json.loads((PDFS / f"{name}.truth.json").read_text(encoding="utf-8"))["doc_type"]
    other = next(t for t in DOC_TYPES if t not in (want, "other"))
    copy = tmp_path / f"{name}.pdf"
    shutil.copy(PDFS / f"{name}.pdf", copy)
    Path(f"{copy}.meta.yaml").write_text(f"doc_type: {other}\n", encoding="utf-8")
    assert read_document(copy, settings).record.doc_type == other


def classify_text(text: str, settings) -> str:
    return build_record(text.encode("utf-8"), "typed.txt", settings).doc_type


def test_testimony_from_the_committee_address_alone(settings):
    text = (
        "Chairwoman Example, Ranking Member Sample, and members of the committee:\n\n"
        "Thank you for the chance to describe our work on preserving documents.\n\n"
        "We keep every original and check every quotation against it.\n"
    )
    assert classify_text(text, settings) == "testimony"


def test_testimony_before_a_committee_in_the_opening(settings):
    text = (
        "Prepared statement of A. Witness before the Committee on Foreign Relations\n\n"
        "My remarks cover how records are archived and cited.\n"
    )
    assert classify_text(text, settings) == "testimony"


def test_statement_by_title(settings):
    text = "Statement by the Director on the Archive's Opening\n\nThe archive opens to researchers today.\n"
    assert classify_text(text, settings) == "statement"


def test_press_release_quoting_a_letter_is_a_press_release(settings):
    text = (
        "Members Urge Action on Archive Funding\n\n"
        "WASHINGTON, DC – Two members sent a letter today, printed below.\n\n"
        "Dear Chairman Example:\n\n"
        "We write to ask for funding for the archive.\n\n"
        "Sincerely,\n\nAlex Sample\nMember of Congress\n"
    )
    assert classify_text(text, settings) == "press_release"


def test_a_letter_is_still_a_letter(settings):
    text = (
        "March 3, 2024\n\nThe Honorable Alex Sample\nUnited States Senate\n\n"
        "Dear Senator Sample:\n\nWe write to ask for funding for the archive.\n\n"
        "Sincerely,\n\nJordan Example\n"
    )
    record = build_record(text.encode("utf-8"), "typed.txt", settings)
    assert record.doc_type == "letter"
    assert record.date == "2024-03-03" and "Alex Sample" in record.recipients
