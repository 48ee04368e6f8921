"""Batched index writes on ingest: written when the batch is full, when it is old enough and when
the ingest ends (everything ingested is searchable when it returns); a batch cut short by a crash
leaves its ids journaled, and the next index write indexes them from the archive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import search
from archive import Store
from ingest import read_document
from webapp.jobs import IngestItem, index_batch, ingest_items, ingest_one, ingest_paths

from paths import CORPUS, DATA, ROOT

FILES = sorted((DATA / "releases").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))


def _stored(settings, paths: list[Path]):
    """Records of these files written to the archive, after an empty index was made (an index that
    is missing altogether is rebuilt from the archive when first opened)."""
    if not search.SearchIndex(settings).root.joinpath("CURRENT").exists():
        search.SearchIndex(settings).rebuild([])
    store = Store(settings)
    records = []
    for path in paths:
        doc = read_document(path, settings)
        store.put_original(doc.data)
        store.save(doc.record)
        records.append(doc.record)
    return records


def _indexed(settings) -> set[str]:
    return search.SearchIndex(settings).record_ids()


def test_batch_writes_when_full_and_when_closed(settings):
    records = _stored(settings, FILES[:5])
    index = search.SearchIndex(settings)
    with search.IndexBatch(index, max_records=2, max_seconds=3600) as batch:
        batch.add(records[:1])
        assert _indexed(settings) == set() and batch.writes == 0
        batch.add(records[1:2])  # full: written
        assert _indexed(settings) == {r.id for r in records[:2]}
        batch.add(records[2:5])
        assert batch.writes == 2
        assert _indexed(settings) == {r.id for r in records}
    assert not list(settings.index_dir.glob("QUEUED-*"))  # the journal goes with the batch


def test_batch_writes_when_its_oldest_record_is_old_enough(settings):
    records = _stored(settings, FILES[:3])
    now = [0.0]
    batch = search.IndexBatch(search.SearchIndex(settings), max_records=100, max_seconds=10, clock=lambda: now[0])
    batch.add(records[:1])
    now[0] = 5.0
    batch.add(records[1:2])
    assert _indexed(settings) == set()
    now[0] = 10.5
    batch.add(records[2:3])
    assert _indexed(settings) == {r.id for r in records}
    batch.close()


def test_a_removed_record_leaves_the_index_in_the_same_write(settings):
    first, second = _stored(settings, FILES[:2])
    search.SearchIndex(settings).upsert([first])
    Store(settings).delete(first.id)  # replaced by `second` (a batch follows the archive)
    with search.IndexBatch(search.SearchIndex(settings), max_records=100, max_seconds=3600) as batch:
        batch.add([second], [first.id])
    assert _indexed(settings) == {second.id}


def test_an_ingest_in_batches_is_searchable_when_it_returns(settings, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    shutil.copytree(DATA / "releases", inbox)
    monkeypatch.chdir(tmp_path)
    small = settings.replace(ingest_batch_records=2)
    report = ingest_paths([inbox], small)
    assert report.count("ingested") == len(list(inbox.glob("*.txt"))) and not report.failed
    assert _indexed(settings) == set(Store(settings).ids())
    hits = search.SearchIndex(settings).search(search.SearchQuery("Solyndra"))
    assert {h.record_id for h in hits.hits}  # a record from the last, half-full batch


def test_a_live_batch_is_left_alone_by_other_writers(settings):
    first, second = _stored(settings, FILES[:2])
    with index_batch(settings.replace(ingest_batch_records=100)) as batch:
        batch.add([first])
        search.SearchIndex(settings).upsert([second])  # another writer (an upload) meanwhile
        assert _indexed(settings) == {second.id}  # the batch's record waits for its own write
    assert _indexed(settings) == {first.id, second.id}


_DIES = """
import os, sys
from pathlib import Path
from archive import Store, load_settings
from webapp.jobs import index_batch, ingest_one
settings = load_settings(sys.argv[1])
store = Store(settings)
with index_batch(settings) as batch:
    for name in sys.argv[2:]:
        ingest_one(Path(name), settings, store, batch=batch)
    os._exit(0)  # dies before the batch is written
"""


def test_a_batch_cut_short_is_finished_by_the_next_index_write(settings, tmp_path):
    ingest_paths([FILES[0]], settings)  # the index exists
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run([sys.executable, "-c", _DIES, str(settings.data_dir), *map(str, FILES[1:4])],
                   check=True, env=env, timeout=300)
    stored = set(Store(settings).ids())
    assert len(stored) == 4 and len(_indexed(settings)) == 1  # stored, not indexed
    assert list(settings.index_dir.glob("QUEUED-*"))  # ... and journaled
    ingest_one(FILES[4], settings, Store(settings))  # any later index write (here an upload)
    assert _indexed(settings) == set(Store(settings).ids())
    assert not list(settings.index_dir.glob("QUEUED-*"))


_INGESTS_AS = """
import sys
from pathlib import Path
from archive import load_settings
from webapp.jobs import IngestItem, ingest_items
ingest_items([IngestItem(Path(sys.argv[2]), sys.argv[3])], load_settings(sys.argv[1]))
"""


@pytest.mark.parametrize("other", ["new bytes", "the first bytes again"])
def test_a_record_another_process_replaces_before_the_batch_is_written_is_not_put_back(settings, tmp_path, other):
    """Two server processes take uploads of one name: process A stores version 1 and lets go of the
    write lock with the record waiting in its batch; process B replaces it (and writes its own batch)
    before A's batch is written. A's write must follow the archive, not its own copy."""
    name = "uploads/same-name.txt"
    versions = []
    for n in range(3):
        versions.append(tmp_path / f"v{n}.txt")
        versions[n].write_text(f"A statement stored under one name, version {n}, each time with other words.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env["PYTHONPATH"] = str(ROOT)
    if other == "new bytes":
        mine, theirs = versions[1], versions[2]
    else:  # A replaces version 0; B stores version 0 again, replacing A's version
        ingest_items([IngestItem(versions[0], name)], settings)
        mine, theirs = versions[1], versions[0]

    def other_process(result) -> None:  # A has stored its version; its batch is not written yet
        subprocess.run([sys.executable, "-c", _INGESTS_AS, str(settings.data_dir), str(theirs), name],
                       check=True, env=env, timeout=300)

    report = ingest_items([IngestItem(mine, name)], settings, on_result=other_process)
    assert not report.failed
    at_name = [r.id for r in Store(settings) if r.source.path == name]
    assert at_name == [read_document(theirs, settings, name).record.id]
    assert _indexed(settings) == set(at_name)
