"""The two crash windows of an ingest, made exact: the process dies after the record is written
but before the index update, or after a changed file's new record is written but before the old
one is deleted. Rerunning the ingest must still end with the archive and index in step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import search
from archive import Store
from ingest import read_document
from webapp.cli import main
from webapp.cli.check_cmd import check_archive

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:2]


def _ingest(settings, *paths: Path):
    return CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", *map(str, paths)])


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i, src in enumerate(SEEDS):
        shutil.copy(src, folder / f"doc{i}.txt")
    monkeypatch.chdir(folder)
    return folder


def test_a_record_stored_but_not_indexed_is_indexed_on_rerun(settings, inbox):
    assert _ingest(settings, Path("doc0.txt")).exit_code == 0  # the index exists
    store = Store(settings)
    doc = read_document(Path("doc1.txt"), settings)
    store.put_original(doc.data)
    store.save(doc.record)  # ... and the process dies here, before the index update
    assert _ingest(settings, Path("doc0.txt"), Path("doc1.txt")).exit_code == 0
    assert search.SearchIndex(settings).record_ids() == set(Store(settings).ids())


def test_a_replacement_interrupted_before_the_old_record_is_deleted_is_finished_on_rerun(settings, inbox):
    assert _ingest(settings, Path("doc0.txt")).exit_code == 0
    with open("doc0.txt", "a", encoding="utf-8") as fh:
        fh.write("\nA sentence added in the second version of the document.\n")
    doc = read_document(Path("doc0.txt"), settings)
    store = Store(settings)
    store.put_original(doc.data)
    store.write(doc.record)  # the new version is written; the process dies before the old one is deleted
    assert _ingest(settings, Path("doc0.txt")).exit_code == 0
    paths = [r.source.path for r in Store(settings)]
    assert paths == ["doc0.txt"]


def test_check_repair_finishes_both_interrupted_writes(settings, inbox):
    """Until a rerun heals them, `evidence check --repair` does."""
    assert _ingest(settings, Path("doc0.txt")).exit_code == 0
    store = Store(settings)
    doc1 = read_document(Path("doc1.txt"), settings)
    store.put_original(doc1.data)
    store.save(doc1.record)
    with open("doc0.txt", "a", encoding="utf-8") as fh:
        fh.write("\nA sentence added in the second version of the document.\n")
    doc0 = read_document(Path("doc0.txt"), settings)
    store.put_original(doc0.data)
    store.write(doc0.record)
    report = check_archive(settings)
    kinds = sorted({p.kind for p in report.problems})
    assert "duplicate-record" in kinds and "index-missing" in kinds
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "check", "--repair"])
    assert result.exit_code == 0, result.output
    assert "archive OK" in result.output
    final = Store(settings)
    assert sorted(r.source.path for r in final) == ["doc0.txt", "doc1.txt"]
    assert next(r for r in final if r.source.path == "doc0.txt").id == doc0.record.id  # the newer one kept
    assert search.SearchIndex(settings).record_ids() == set(final.ids())
    assert list((settings.data_dir / "quarantine").rglob("*.yaml"))  # kept aside, not deleted
