"""OCR of scanned renditions of a real letter (tests/data/ocr/, made by make_scans.py from seed 003).

The text-layer original (letter_text.pdf) ingested the normal way is the reference each scan is
held to: same date, same recipients, nearly the same words, and each paragraph on its page.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Record, Settings, Store
from ingest import read_document
from ingest.ocr import ocr_pdf_pages
from webapp.cli import main

from ocr_helpers import OCR, OCR_TESTS

pytestmark = OCR_TESTS



@pytest.fixture(scope="module")
def scanned(module_settings: Settings) -> Record:
    return read_document(OCR / "letter_scan.pdf", module_settings).record


def words(record: Record) -> list[str]:
    return " ".join(p.text for p in record.paragraphs).split()


def word_similarity(a: Record, b: Record) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def test_reference_is_a_letter_with_date_and_recipients(reference: Record) -> None:
    # Guards the comparisons below: the original itself must carry what the scans are held to.
    assert reference.extraction["method"] == "text"
    assert reference.date == "2023-10-02"
    assert "Joseph R. Biden Jr." in reference.recipients
    assert len(reference.recipients) >= 3  # the addressee and the cc list


def test_scanned_pdf_keeps_text_date_and_recipients(scanned: Record, reference: Record) -> None:
    assert scanned.date == reference.date
    assert scanned.date_source == "letter"
    assert scanned.recipients == reference.recipients
    assert scanned.doc_type == reference.doc_type == "letter"
    assert word_similarity(scanned, reference) >= 0.98


def test_scanned_pdf_paragraphs_keep_their_pages(scanned: Record, reference: Record) -> None:
    assert {p.page for p in scanned.paragraphs} == {1, 2}
    ref_pages = {p.text[:40]: p.page for p in reference.paragraphs}
    matched = 0
    for para in scanned.paragraphs:
        if para.text[:40] in ref_pages:
            matched += 1
            assert para.page == ref_pages[para.text[:40]], para.text
    assert matched >= len(reference.paragraphs) * 0.8
    # The running header on page 2 is not a paragraph.
    assert not any(p.text.strip().lower().startswith("page 2") for p in scanned.paragraphs)


def test_record_says_text_came_from_ocr_with_confidence(scanned: Record, module_settings: Settings) -> None:
    assert scanned.extraction["method"] == "ocr"
    assert 80 <= scanned.extraction["ocr_confidence"] <= 100
    assert scanned.extraction["pages"] == 2
    store = Store(module_settings)
    store.put_original((OCR / "letter_scan.pdf").read_bytes())
    store.save(scanned)
    again = store.get(scanned.id)
    assert again.extraction["method"] == "ocr"
    assert again.extraction["ocr_confidence"] == scanned.extraction["ocr_confidence"]


def test_quote_from_scan_is_found_and_cited_with_its_page(
    tmp_path: Path, reference: Record, monkeypatch
) -> None:
    for name in [n for n in __import__("os").environ if n.startswith("EVIDENCE_")]:
        monkeypatch.delenv(name)
    data = tmp_path / "data"
    runner = CliRunner()
    ingested = runner.invoke(main, ["--data", str(data), "ingest", str(OCR / "letter_scan.pdf")])
    assert ingested.exit_code == 0, ingested.output
    exported = runner.invoke(main, ["--data", str(data), "export", "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    (record,) = [json.loads(line) for line in exported.output.splitlines() if line.strip()]
    # A quote taken from the original's page-2 text must occur verbatim in the scan's record.
    page2 = next(p for p in reference.paragraphs if p.page == 2 and len(p.text.split()) > 20)
    quote = " ".join(page2.text.split()[2:10])
    hits = [p for p in record["paragraphs"] if quote in p["text"]]
    assert len(hits) == 1, quote
    assert hits[0]["page"] == 2
    cited = runner.invoke(
        main, ["--data", str(data), "cite", f"{record['id']}#p{hits[0]['n']}", "--quote", quote, "--json"]
    )
    assert cited.exit_code == 0, cited.output
    citation = json.loads(cited.output)
    assert citation["page"] == 2
    assert citation["paragraph"] == hits[0]["n"]
    assert citation["quote"] == quote


def test_ocr_lines_are_in_points_with_confidence(module_settings: Settings) -> None:
    pages = ocr_pdf_pages((OCR / "letter_scan.pdf").read_bytes(), "letter_scan.pdf", module_settings, [1])
    assert list(pages) == [1]
    page = pages[1]
    assert not page.blank
    assert abs(page.width - 612) < 2 and abs(page.height - 792) < 2  # US letter in points
    assert page.skew != 0  # the scan was turned by make_scans.py and levelled here
    for line in page.lines:
        assert line.page == 1
        assert 0 <= line.x0 < line.x1 <= page.width
        assert 0 <= line.top < line.bottom <= page.height
        assert line.confidence is not None and 0 <= line.confidence <= 100
    texts = [ln.text for ln in page.lines]
    date = next(i for i, t in enumerate(texts) if "2023" in t)
    salutation = next(i for i, t in enumerate(texts) if t.startswith("Dear "))
    assert page.lines[date].bottom <= page.lines[salutation].top
