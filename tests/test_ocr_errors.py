"""Bad input on the OCR path: a clear line naming the file, nothing half-stored, the batch goes on."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from archive import Settings, load_settings
from ingest import CorruptFile, EmptyDocument, NeedsOCR, TooLarge, read_document
from ingest.ocr import ocr_available, ocr_pdf_pages
from webapp.cli import main

from ocr_helpers import OCR, needs_tesseract

SEED_TEXT = Path(__file__).resolve().parent.parent / "corpus"



@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [n for n in os.environ if n.startswith("EVIDENCE_")]:
        monkeypatch.delenv(name)
    return monkeypatch


def stored_files(data: Path) -> tuple[list[Path], list[Path]]:
    records = sorted((data / "records").glob("**/*.yaml")) if (data / "records").exists() else []
    originals = (
        sorted(p for p in (data / "originals").glob("**/*") if p.is_file())
        if (data / "originals").exists()
        else []
    )
    return records, originals


def test_corrupt_image_is_named_with_reason(settings: Settings) -> None:
    with pytest.raises(CorruptFile) as err:
        read_document(OCR / "corrupt_truncated.png", settings)
    assert "corrupt_truncated.png" in str(err.value)
    assert "truncated" in err.value.reason


def test_not_an_image_behind_an_image_header(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    path.write_bytes(b"II*\x00" + b"\x07not really a tiff" * 20)
    with pytest.raises(CorruptFile) as err:
        read_document(path, settings)
    assert "scan.tif" in str(err.value) and "TIFF" in err.value.reason


@needs_tesseract
def test_blank_page_is_empty_document(settings: Settings) -> None:
    with pytest.raises(EmptyDocument) as err:
        read_document(OCR / "blank_page.png", settings)
    assert "blank_page.png" in str(err.value)
    assert "blank" in err.value.reason


def test_page_limit_names_the_setting(data_dir: Path, clean_env: pytest.MonkeyPatch) -> None:
    low = load_settings(data_dir, ocr_max_pages=1)
    with pytest.raises(TooLarge) as err:
        read_document(OCR / "letter_pages.tif", low)
    assert "ocr_max_pages" in err.value.reason and "2" in err.value.reason
    with pytest.raises(TooLarge) as err:
        ocr_pdf_pages((OCR / "letter_scan.pdf").read_bytes(), "letter_scan.pdf", low, [1, 2])
    assert "letter_scan.pdf" in str(err.value) and "ocr_max_pages" in str(err.value)


def image_only_pdf(pages: int) -> bytes:
    """An image PDF of many tiny scanned-looking pages (no text layer)."""
    tile = Image.new("1", (24, 32), 1)
    buf = io.BytesIO()
    tile.save(buf, "PDF", resolution=4, save_all=True, append_images=[tile] * (pages - 1))
    return buf.getvalue()


def test_two_thousand_page_image_pdf_is_refused_before_any_ocr(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "huge-scan.pdf"
    path.write_bytes(image_only_pdf(2000))
    with pytest.raises(TooLarge) as err:
        read_document(path, settings)
    assert "huge-scan.pdf" in str(err.value)
    assert "ocr_max_pages" in err.value.reason or "pdf_max_pages" in err.value.reason


def test_ocr_switched_off_reports_needs_ocr(data_dir: Path, clean_env: pytest.MonkeyPatch) -> None:
    off = load_settings(data_dir, ocr_enabled=False)
    assert not ocr_available(off)
    with pytest.raises(NeedsOCR) as err:
        read_document(OCR / "letter_p2_upside_down.png", off)
    assert "letter_p2_upside_down.png" in str(err.value) and "ocr_enabled" in err.value.reason


def test_missing_tesseract_reports_needs_ocr(settings: Settings, tmp_path: Path, clean_env) -> None:
    clean_env.setenv("PATH", str(tmp_path))  # a PATH with no tesseract on it
    assert not ocr_available(settings)
    with pytest.raises(NeedsOCR) as err:
        read_document(OCR / "letter_p1_photo.jpg", settings)
    assert "letter_p1_photo.jpg" in str(err.value) and "tesseract" in err.value.reason
    with pytest.raises(NeedsOCR):
        ocr_pdf_pages((OCR / "letter_scan.pdf").read_bytes(), "letter_scan.pdf", settings, [1])


def test_missing_language_data_names_the_setting(data_dir: Path, clean_env: pytest.MonkeyPatch) -> None:
    settings = load_settings(data_dir, ocr_languages="eng+qqq")
    assert not ocr_available(settings)
    with pytest.raises(NeedsOCR) as err:
        read_document(OCR / "letter_p1_photo.jpg", settings)
    assert "qqq" in err.value.reason and "ocr_languages" in err.value.reason


def test_batch_goes_on_and_stores_nothing_half(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> None:
    """Without OCR, scans are named as needing it; a corrupt image is named; the text PDF is stored."""
    clean_env.setenv("EVIDENCE_OCR_ENABLED", "false")
    data = tmp_path / "data"
    files = ["letter_text.pdf", "letter_scan.pdf", "letter_pages.tif", "corrupt_truncated.png"]
    result = CliRunner().invoke(main, ["--data", str(data), "ingest", *[str(OCR / f) for f in files]])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for name in files[1:]:
        line = next((ln for ln in result.output.splitlines() if name in ln), "")
        assert line, f"{name} not reported:\n{result.output}"
    needs = [ln for ln in result.output.splitlines() if "letter_scan.pdf" in ln or "letter_pages.tif" in ln]
    assert all("OCR" in ln for ln in needs), needs
    records, originals = stored_files(data)
    assert len(records) == 1 and len(originals) == 1
    assert originals[0].read_bytes() == (OCR / "letter_text.pdf").read_bytes()
