"""Warnings from OCR'd PDF pages (a page turned to be read, a blank page) reach the record."""

from __future__ import annotations

from PIL import Image

from ingest import read_document

from ocr_helpers import OCR_TESTS
from paths import DATA

pytestmark = OCR_TESTS


def test_page_warnings_of_a_scanned_pdf_are_kept(tmp_path, settings):
    upside_down = Image.open(DATA / "ocr" / "letter_p2_upside_down.png").convert("L")
    blank = Image.new("L", upside_down.size, 255)
    path = tmp_path / "scan.pdf"
    upside_down.save(path, "PDF", resolution=200, save_all=True, append_images=[blank])
    record = read_document(path, settings).record
    warnings = record.extraction.get("warnings", [])
    assert any("page 1" in w and "turned 180" in w for w in warnings), warnings
    assert any("page 2" in w and "blank" in w for w in warnings), warnings
    assert record.extraction["method"] == "ocr" and record.extraction["ocr_pages"] == [1]
