"""Scanned PDFs: OCR per page when available, a clear NeedsOCR when not, never an empty record."""

from __future__ import annotations

import json

import pytest

from archive import Store, load_settings
from ingest import NeedsOCR, read_document
from ingest.ocr import ocr_available

from paths import DATA

PDFS = DATA / "pdf"
TRUTH = json.loads((PDFS / "mixed.truth.json").read_text(encoding="utf-8"))


def test_scan_without_ocr_is_reported_by_name_not_stored(data_dir):
    settings = load_settings(data_dir, ocr_enabled=False)
    with pytest.raises(NeedsOCR) as caught:
        read_document(PDFS / "scan.pdf", settings)
    assert caught.value.path.endswith("scan.pdf")
    assert "needs OCR" in caught.value.reason and "no text layer" in caught.value.reason
    assert Store(settings).ids() == []


def test_mixed_pdf_without_ocr_keeps_the_text_page_and_says_what_was_skipped(data_dir):
    record = read_document(PDFS / "mixed.pdf", load_settings(data_dir, ocr_enabled=False)).record
    assert [p.text for p in record.paragraphs] == TRUTH["typed"]
    assert {p.page for p in record.paragraphs} == {1}
    assert record.extraction["method"] == "text" and record.extraction["ocr_pages"] == []
    assert any("page 2" in w and "OCR" in w for w in record.extraction["warnings"])


needs_tesseract = pytest.mark.skipif(
    not ocr_available(load_settings("/nonexistent-evidence-data")), reason="tesseract is not installed"
)


@needs_tesseract
def test_scan_is_read_by_ocr(data_dir):
    record = read_document(PDFS / "scan.pdf", load_settings(data_dir)).record
    assert record.extraction["method"] == "ocr"
    assert record.extraction["ocr_pages"] == [1] and record.extraction["pages"] == 1
    assert 60 <= record.extraction["ocr_confidence"] <= 100
    assert [p.text for p in record.paragraphs] == TRUTH["scanned"]
    assert all(p.page == 1 for p in record.paragraphs)


@needs_tesseract
def test_mixed_pdf_takes_each_page_from_its_best_source(data_dir):
    record = read_document(PDFS / "mixed.pdf", load_settings(data_dir)).record
    assert record.extraction["method"] == "mixed"
    assert record.extraction["ocr_pages"] == [2]
    assert [p.text for p in record.paragraphs if p.page == 1] == TRUTH["typed"]
    assert [p.text for p in record.paragraphs if p.page == 2] == TRUTH["scanned"]
    assert "warnings" not in record.extraction
