"""The store: atomic YAML records, originals by hash, stable ids and the identity rules."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from archive import Record, RecordCorrupt, RecordNotFound, Store, dump_record, load_record_bytes
from ingest import read_document

from paths import CORPUS

LETTER = next((CORPUS / "seeds").glob("003_*.txt"))


def ingest_into(store: Store, path, settings):
    doc = read_document(path, settings)
    store.put_original(doc.data)
    return doc.record, store.save(doc.record)


def test_record_round_trips_through_yaml(settings):
    record = read_document(LETTER, settings).record
    again = load_record_bytes(dump_record(record))
    assert again == record
    raw = yaml.safe_load(dump_record(record))
    assert list(raw)[:5] == ["id", "title", "doc_type", "date", "date_source"]
    assert raw["paragraphs"][0] == {"n": 1, "text": "October 2, 2023", "page": None, "kind": "body"}


def test_same_bytes_twice_same_id_no_duplicate(settings, store, tmp_path):
    copy = tmp_path / "elsewhere.txt"
    shutil.copy(LETTER, copy)
    first, saved1 = ingest_into(store, LETTER, settings)
    _second, saved2 = ingest_into(store, copy, settings)
    assert saved1.status == "ingested" and saved2.status == "unchanged"
    assert saved2.record_id == first.id  # the same bytes map to the record already there
    assert store.ids() == [first.id]
    assert first.id.startswith("2023-10-02-letter-to-president-biden-on-azerbaijan") and first.id[-6:] == first.source.sha256[:6]


def test_changed_bytes_at_same_path_replace_record_and_keep_both_originals(settings, store, tmp_path):
    path = tmp_path / "letter.txt"
    shutil.copy(LETTER, path)
    old, _ = ingest_into(store, path, settings)
    path.write_text(LETTER.read_text(encoding="utf-8") + "\n\nA later postscript.\n", encoding="utf-8")
    new, saved = ingest_into(store, path, settings)
    assert saved.status == "replaced" and saved.replaced_ids == (old.id,)
    assert store.ids() == [new.id]
    assert (settings.originals_dir / old.source.sha256).is_file()
    assert (settings.originals_dir / new.source.sha256).is_file()
    # a fresh store (a new process) sees the same catalog
    assert Store(settings).find_by_path(new.source.path) == new.id


def test_write_is_atomic_and_leaves_no_temp_files(settings, store):
    record = read_document(LETTER, settings).record
    store.write(record)
    before = store.path_for(record.id).read_bytes()
    record.title = "changed"
    store.write(record)
    assert store.path_for(record.id).read_bytes() != before
    assert sorted(os.listdir(settings.records_dir)) == [f"{record.id}.yaml"]


def test_killed_writer_temp_file_is_ignored_and_cleaned(settings, store):
    record = read_document(LETTER, settings).record
    store.write(record)
    torn = settings.records_dir / f".{record.id}.yaml.abc123.tmp"
    torn.write_bytes(dump_record(record)[:50])  # what a writer killed mid-write leaves
    fresh = Store(settings)
    assert fresh.ids() == [record.id]
    fresh.find_by_sha(record.source.sha256)  # builds the catalog, sweeping stale temp files
    assert not torn.exists()


def test_unknown_and_malformed_ids(store):
    with pytest.raises(RecordNotFound):
        store.get("no-such-record")
    with pytest.raises(RecordNotFound):
        store.get("../../etc/passwd")


def test_corrupt_record_file_is_reported_by_name(settings, store):
    settings.records_dir.mkdir(parents=True)
    (settings.records_dir / "2020-01-01-bad-abcdef.yaml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(RecordCorrupt, match=r"2020-01-01-bad-abcdef\.yaml"):
        store.get("2020-01-01-bad-abcdef")


def test_yaml_is_loaded_safely(settings, store):
    settings.records_dir.mkdir(parents=True)
    (settings.records_dir / "x-abcdef.yaml").write_text("!!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(RecordCorrupt):
        store.get("x-abcdef")


def test_record_requires_id_and_title():
    with pytest.raises(ValueError):
        Record.from_dict({"title": "no id"})


@pytest.mark.parametrize("with_syncfs", [True, False])
def test_grouped_writes_put_synced_temp_files_in_place(settings, store, monkeypatch, with_syncfs):
    """A grouped write: temp files (not yet in place), synced together (one syncfs, or an fsync of
    each file where the system has none), then stored: each file in place whole, no temp file left;
    a temp file of bytes the archive holds already is removed, not put in place."""
    from archive import fsutil

    syncs = []
    fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (syncs.append(fd), fsync(fd))[1])
    if not with_syncfs:
        monkeypatch.setattr(fsutil, "_syncfs", None)
    path = next((CORPUS / "seeds").glob("*.txt"))
    data = path.read_bytes()
    record = read_document(path, settings).record
    dumped = dump_record(record)
    staged_original, staged_record = store.stage_original(data), store.stage_record(record.id, dumped)
    assert staged_original is not None and not store.exists(record.id) and len(store.temp_files()) == 2
    fsutil.sync_files([staged_original, staged_record])
    assert len(syncs) == (0 if with_syncfs else 2)
    store.put_original(data, staged_original)
    assert store.save(record, dumped, staged_record).status == "ingested"
    assert store.path_for(record.id).read_bytes() == dumped
    assert store.original_path(record.source.sha256).read_bytes() == data
    assert store.stage_original(data) is None  # held already
    again = store.stage_record(record.id, dumped)
    assert store.save(record, dumped, again).status == "unchanged"
    assert not again.exists() and not store.temp_files()


def test_a_grouped_write_whose_temp_file_was_removed_writes_the_file_itself(settings, store):
    """Another process starting up removes temp files it takes for a killed writer's; the record and
    the original are then written the ordinary way, whole."""
    path = next((CORPUS / "seeds").glob("*.txt"))
    data = path.read_bytes()
    record = read_document(path, settings).record
    dumped = dump_record(record)
    staged_original, staged_record = store.stage_original(data), store.stage_record(record.id, dumped)
    for staged in (staged_original, staged_record):
        staged.unlink()
    store.put_original(data, staged_original)
    assert store.save(record, dumped, staged_record).status == "ingested"
    assert store.path_for(record.id).read_bytes() == dumped
    assert store.original_path(record.source.sha256).read_bytes() == data
    assert not store.temp_files()
