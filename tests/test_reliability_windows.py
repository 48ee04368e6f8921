"""The two crash windows of an ingest, made exact: the process dies after the record is written
but before the index update, or after a changed file's new record is written but before the old
one is deleted. Rerunning the ingest must still end with the archive and index in step."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import search
from archive import ArchiveError, Store
from ingest import read_document
from webapp import create_app
from webapp.cli import main
from webapp.cli.check_cmd import check_archive

from auth_helpers import create_user, csrf_token_from, login

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase"
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


def _duplicate_sorting_after_the_newer(settings, store: Store):
    """doc0.txt ingested, then a new version written without the old record's delete (the crash
    window); the new version's bytes are chosen so that the OLD record's id sorts after the new one
    (a stale catalog's `find_by_path` then names the old one)."""
    assert _ingest(settings, Path("doc0.txt")).exit_code == 0
    old = next(iter(store))
    original = Path("doc0.txt").read_text(encoding="utf-8")
    for n in range(50):
        Path("doc0.txt").write_text(original + f"\nA sentence added in version {n + 2} of the document.\n",
                                    encoding="utf-8")
        new = read_document(Path("doc0.txt"), settings).record
        if new.id < old.id:
            break
    else:
        pytest.fail("no new version sorts before the old one")
    store.put_original(read_document(Path("doc0.txt"), settings).data)
    store.write(new)  # the process dies before the old record is deleted
    return old, new


def test_check_repair_goes_through_the_store_so_a_running_server_sees_it(settings, inbox):
    """A server process's Store that built its catalog before the repair sees the quarantined record
    gone: `find_by_path` (which decides whose editor corrections a new version keeps) names the kept one."""
    server_store = Store(settings)
    old, new = _duplicate_sorting_after_the_newer(settings, Store(settings))
    assert server_store.find_by_path("doc0.txt") == old.id  # the server's view: both there, old sorts last
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "check", "--repair"])
    assert result.exit_code == 0, result.output
    assert not server_store.exists(old.id) and server_store.exists(new.id)
    assert server_store.find_by_path("doc0.txt") == new.id
    quarantined = list((settings.data_dir / "quarantine").rglob(f"{old.id}.yaml"))
    assert [p.parent.name for p in quarantined] == ["records"]  # kept aside, not deleted


def test_the_store_quarantines_only_its_own_files(settings, store, tmp_path):
    elsewhere = tmp_path / "notes.yaml"
    elsewhere.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a record file or an original"):
        store.quarantine(elsewhere, "batch")
    assert elsewhere.is_file()
    (settings.records_dir).mkdir(parents=True, exist_ok=True)
    torn = settings.records_dir / ".2024-01-01-x-abc.yaml.k2j.tmp"
    torn.write_bytes(b"id: half")
    assert store.temp_files() == [torn] and store.remove_temp_files() == [torn] and not torn.exists()


def _editor(settings):
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "ed", "editor", PASSWORD)
    client = app.test_client()
    login(client, "ed", PASSWORD)
    return client


def _upload(client, *paths: Path) -> list[dict]:
    token = csrf_token_from(client.get("/upload").get_data(as_text=True))
    with contextlib.ExitStack() as stack:
        files = [(stack.enter_context(open(p, "rb")), p.name) for p in paths]
        resp = client.post("/api/upload", data={"csrf_token": token, "files": files},
                           content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()["results"]


def test_an_upload_stored_but_not_indexed_is_indexed_when_uploaded_again(settings, inbox):
    """The upload page mends the window the CLI's ingest mends: same orchestration."""
    client = _editor(settings)
    assert [r["status"] for r in _upload(client, Path("doc0.txt"))] == ["ingested"]
    store = Store(settings)
    doc = read_document(Path("doc1.txt"), settings, "uploads/doc1.txt")
    store.put_original(doc.data)
    store.save(doc.record)  # ... and the server dies here, before the index update
    assert doc.record.id not in search.SearchIndex(settings).record_ids()
    results = _upload(client, Path("doc0.txt"), Path("doc1.txt"))
    assert [r["status"] for r in results] == ["unchanged", "unchanged"]
    assert search.SearchIndex(settings).record_ids() == set(Store(settings).ids())


def test_an_upload_replacing_a_record_cut_short_is_finished_when_uploaded_again(settings, inbox):
    client = _editor(settings)
    assert [r["status"] for r in _upload(client, Path("doc0.txt"))] == ["ingested"]
    with open("doc0.txt", "a", encoding="utf-8") as fh:
        fh.write("\nA sentence added in the second version of the document.\n")
    doc = read_document(Path("doc0.txt"), settings, "uploads/doc0.txt")
    store = Store(settings)
    store.put_original(doc.data)
    store.write(doc.record)  # the new version is written; the server dies before the old one is deleted
    assert len(Store(settings).ids()) == 2
    assert [r["status"] for r in _upload(client, Path("doc0.txt"))] == ["unchanged"]
    assert Store(settings).ids() == [doc.record.id]
    assert search.SearchIndex(settings).record_ids() == {doc.record.id}
