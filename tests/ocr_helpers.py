"""Shared setup of the OCR tests: where the scans are, when OCR tests run, and their fixtures.

OCR tests skip only when Tesseract is missing and CI is unset; in CI (which installs Tesseract)
a missing engine is a failure, not a skip.
"""

from __future__ import annotations

import os

import pytest

from archive import Record, Settings, load_settings
from ingest import read_document
from ingest.ocr import ocr_available

from paths import DATA

OCR = DATA / "ocr"

needs_tesseract = pytest.mark.skipif(
    not ocr_available(Settings()) and not os.environ.get("CI"),
    reason="tesseract with English data is not installed",
)
OCR_TESTS = [pytest.mark.slow, needs_tesseract]


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(tmp_path_factory.mktemp("ocr-data"), ocr_enabled=True, ocr_languages="eng")


@pytest.fixture(scope="module")
def reference(module_settings: Settings) -> Record:
    """The text-layer original of the scanned letter, the reference every scan is held to."""
    return read_document(OCR / "letter_text.pdf", module_settings).record
