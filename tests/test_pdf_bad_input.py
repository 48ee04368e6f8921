"""Bad PDFs: one clear line each naming the file and the reason, nothing stored, the batch goes on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Store, load_settings
from ingest import CorruptFile, Encrypted, IngestError, TooLarge, read_document

from paths import DATA, ROOT

PDFS = DATA / "pdf"

# file -> (error class, words the reason must contain)
BAD = {
    "encrypted.pdf": (Encrypted, "password"),
    "truncated.pdf": (CorruptFile, "truncated"),
    "page_bomb.pdf": (TooLarge, "pdf_max_pages"),
    "stream_bomb.pdf": (TooLarge, "pdf_max_stream_mb"),
    "random.pdf": (CorruptFile, "not a PDF"),
    "header_garbage.pdf": (CorruptFile, "incomplete"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_pdf_is_one_clear_error(name, data_dir):
    settings = load_settings(data_dir, ocr_enabled=False, pdf_max_stream_mb=1)
    kind, words = BAD[name]
    with pytest.raises(IngestError) as caught:
        read_document(PDFS / name, settings)
    err = caught.value
    assert type(err) is kind
    assert str(err).startswith(f"{err.path}: ") and name in err.path
    assert words.lower() in err.reason.lower()
    assert "\n" not in str(err) and "Traceback" not in str(err)


def test_the_page_bomb_is_refused_before_any_page_is_read(data_dir):
    data = (PDFS / "page_bomb.pdf").read_bytes()
    assert b"/Count 10000000" in data
    settings = load_settings(data_dir, pdf_max_pages=20_000_000, ocr_enabled=False)
    # with a limit above the claim, the lone real page is read: the claim alone decides
    record = read_document(PDFS / "page_bomb.pdf", settings).record
    assert record.extraction["pages"] == 1


def test_stream_limit_is_a_setting(data_dir):
    roomy = load_settings(data_dir, ocr_enabled=False, pdf_max_stream_mb=16)
    record = read_document(PDFS / "stream_bomb.pdf", roomy).record
    assert record.paragraphs and record.extraction["pages"] == 1


def test_a_permissions_password_alone_does_not_lock_reading(data_dir):
    record = read_document(PDFS / "owner_only.pdf", load_settings(data_dir, ocr_enabled=False)).record
    data = (PDFS / "owner_only.pdf").read_bytes()
    assert b"/Encrypt" in data
    assert len(record.paragraphs) == 1 and record.paragraphs[0].text.endswith("read it.")


def test_batch_with_bad_pdfs_goes_on_and_stores_only_the_good(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in BAD:
        shutil.copy(PDFS / name, folder / name)
    shutil.copy(PDFS / "scan.pdf", folder / "scan.pdf")
    good = ["letter_2023-10-02.pdf", "statedept_2024_azerbaijan.pdf"]
    for name in good:
        shutil.copy(PDFS / name, folder / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env.update(EVIDENCE_OCR_ENABLED="false", EVIDENCE_PDF_MAX_STREAM_MB="1")
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "--data", str(data), "ingest", str(folder)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == len(BAD) + 1, errors
    for name, (_kind, words) in BAD.items():
        line = next(e for e in errors if name in e)
        assert words.lower() in line.lower()
    scan_line = next(e for e in errors if "scan.pdf" in e)
    assert "needs OCR" in scan_line and "ocr_enabled" in scan_line
    store = Store(load_settings(data))
    records = list(store)
    assert sorted(Path(r.source.path).name for r in records) == sorted(good)
    assert all(r.paragraphs for r in records)
    originals = list((data / "originals").rglob("*"))
    assert len([p for p in originals if p.is_file()]) == len(good)
