"""Image ingest by OCR: a multi-page TIFF, a skewed JPEG photo, an upside-down PNG (tests/data/ocr/)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops

from archive import Record, Settings
from ingest import read_document

from ocr_helpers import OCR, OCR_TESTS

pytestmark = OCR_TESTS



def page_words(record: Record, page: int) -> list[str]:
    return " ".join(p.text for p in record.paragraphs if p.page == page).split()


def similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_multipage_tiff_reads_both_pages(module_settings: Settings, reference: Record) -> None:
    record = read_document(OCR / "letter_pages.tif", module_settings).record
    assert record.source.media_type == "image/tiff"
    assert record.extraction["method"] == "ocr"
    assert record.extraction["pages"] == 2
    assert 0 < record.extraction["ocr_confidence"] <= 100
    assert record.date == reference.date
    assert record.recipients == reference.recipients
    for page in (1, 2):
        assert similarity(page_words(record, page), page_words(reference, page)) >= 0.97


def test_skewed_jpeg_photo_of_first_page(module_settings: Settings, reference: Record) -> None:
    record = read_document(OCR / "letter_p1_photo.jpg", module_settings).record
    assert record.source.media_type == "image/jpeg"
    assert record.extraction["pages"] == 1
    assert record.date == reference.date
    assert reference.recipients[0] in record.recipients
    assert similarity(page_words(record, 1), page_words(reference, 1)) >= 0.97


def test_upside_down_page_is_turned_and_read(module_settings: Settings, reference: Record) -> None:
    record = read_document(OCR / "letter_p2_upside_down.png", module_settings).record
    assert record.source.media_type == "image/png"
    assert any("180" in w for w in record.extraction.get("warnings", []))
    # The PNG holds page 2 of the letter; as a file of its own, its paragraphs are on its page 1.
    assert {p.page for p in record.paragraphs} == {1}
    assert similarity(page_words(record, 1), page_words(reference, 2)) >= 0.97
    cc = [name for name in reference.recipients if name != reference.recipients[0]]
    assert cc and all(name in record.recipients for name in cc)


def rendered_page(number: int, dpi: int) -> Image.Image:
    pdf = pdfium.PdfDocument((OCR / "letter_text.pdf").read_bytes())
    try:
        return pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def test_unevenly_lit_photo_is_read(module_settings: Settings, reference: Record, tmp_path: Path) -> None:
    """A page photographed with the light falling off to one side (dark edge), turned 2 degrees."""
    page = rendered_page(1, 200)
    ramp = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(page.size)
    shaded = ImageChops.multiply(page, ramp.point(lambda v: 255 - round(v * 0.6)))
    shaded = shaded.rotate(2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    path = tmp_path / "photo.jpg"
    shaded.save(path, "JPEG", quality=70, dpi=(200, 200))
    record = read_document(path, module_settings).record
    assert record.date == reference.date
    assert similarity(page_words(record, 1), page_words(reference, 1)) >= 0.97


def test_page_lying_on_its_side_is_turned(
    module_settings: Settings, reference: Record, tmp_path: Path
) -> None:
    path = tmp_path / "sideways.png"
    rendered_page(2, 150).rotate(90, expand=True).save(path, dpi=(150, 150))
    record = read_document(path, module_settings).record
    assert any("90" in w or "270" in w for w in record.extraction.get("warnings", []))
    assert similarity(page_words(record, 1), page_words(reference, 2)) >= 0.97


def test_sixteen_bit_scan_is_read(module_settings: Settings, reference: Record, tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    rendered_page(2, 150).convert("I").point(lambda v: v * 257).convert("I;16").save(path, dpi=(150, 150))
    record = read_document(path, module_settings).record
    assert similarity(page_words(record, 1), page_words(reference, 2)) >= 0.97
