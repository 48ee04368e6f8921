"""`evidence ingest`, `export` and `show` through the real command line, bad input included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import Store, load_settings

from paths import CORPUS, DATA, ROOT

EVIDENCE = [sys.executable, "-m", "webapp.cli"]


def run(data_dir: Path, *args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    full_env.update(env or {})
    return subprocess.run(
        [*EVIDENCE, "--data", str(data_dir), *args], cwd=cwd, capture_output=True, text=True, env=full_env,
        timeout=300,
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder mixing good documents with every kind of bad input of issue 2."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(next((CORPUS / "seeds").glob("003_*.txt")), folder / "letter.txt")
    shutil.copy(DATA / "docx" / "letter.docx", folder / "letter-word.docx")
    for bad in (DATA / "bad").iterdir():
        shutil.copy(bad, folder / bad.name)
    (folder / "oversize.txt").write_text("Dear Senator,\n\n" + "A sentence of evidence. " * 60_000, encoding="utf-8")
    sub = folder / "nested"
    sub.mkdir()
    (sub / "broken-link.txt").symlink_to(tmp_path / "does-not-exist.txt")
    return folder


def test_bad_input_one_clear_line_each_and_the_rest_ingested(tmp_path, batch):
    data = tmp_path / "data"
    result = run(data, "ingest", str(batch), env={"EVIDENCE_MAX_FILE_MB": "1"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    expected = {
        "empty.txt": "empty",
        "random-bytes.txt": "binary",
        "random-bytes.docx": "not a Word",
        "truncated.docx": "truncated",
        "nul-riddled.txt": "NUL",
        "undecodable-utf16.txt": "utf-16",
        "oversize.txt": "limit",
        "broken-link.txt": "link",
    }
    assert len(errors) == len(expected), errors
    for name, reason in expected.items():
        line = next((e for e in errors if name in e), None)
        assert line is not None, f"no error line for {name}"
        assert reason.lower() in line.lower(), line
    assert "2 ingested, 0 unchanged, 8 failed" in result.stderr
    store = Store(load_settings(data))
    assert len(store.ids()) == 2  # both good files, no partial record for the bad ones
    for record in store:
        assert record.paragraphs


def test_ingest_corpus_cleanly_then_unchanged(tmp_path):
    data = tmp_path / "data"
    first = run(data, "ingest", "corpus/")
    assert first.returncode == 0, first.stderr
    count = len(Store(load_settings(data)).ids())
    assert count >= 16
    assert f"{count} ingested, 0 unchanged, 0 failed" in first.stderr
    again = run(data, "ingest", "--quiet", "corpus/")
    assert again.returncode == 0
    assert f"0 ingested, {count} unchanged, 0 failed" in again.stderr

    exported = run(data, "export", "--format", "jsonl")
    lines = [json.loads(ln) for ln in exported.stdout.splitlines()]
    assert len(lines) == count
    keys = {"id", "title", "doc_type", "date", "date_source", "source", "authors", "recipients", "topics",
            "topic_evidence", "entities", "paragraphs", "quotes", "events", "ingested_at"}
    assert all(keys <= set(obj) for obj in lines)
    letter = next(obj for obj in lines if obj["source"]["path"].endswith("003_321d40f7f970c642.txt"))
    assert letter["date"] == "2023-10-02" and letter["doc_type"] == "letter"
    assert letter["source"]["path"] == "corpus/seeds/003_321d40f7f970c642.txt"

    shown = run(data, "show", letter["id"])
    assert shown.returncode == 0
    assert "[p1]" in shown.stdout and "October 2, 2023" in shown.stdout
    as_json = json.loads(run(data, "show", letter["id"], "--json").stdout)
    assert as_json["id"] == letter["id"]


def test_show_unknown_record_is_a_clear_error(tmp_path):
    result = run(tmp_path / "data", "show", "no-such-record")
    assert result.returncode != 0
    assert "no record 'no-such-record'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_named(tmp_path):
    result = run(tmp_path / "data", "ingest", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in result.stderr


def test_bad_setting_is_named(tmp_path):
    result = run(tmp_path / "data", "ingest", "corpus/", env={"EVIDENCE_MAX_FILE_MB": "lots"})
    assert result.returncode != 0
    assert "max_file_mb" in result.stderr and "Traceback" not in result.stderr
