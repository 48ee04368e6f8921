"""Writers in separate processes: concurrent ingests both land; a writer killed with SIGKILL in the
middle of an index write (or a rebuild) leaves an index that opens and is brought back in step
with the archive."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import Store, load_settings
from search import SearchIndex, SearchQuery
from search import storage as index_storage

from paths import CORPUS, ROOT

pytestmark = pytest.mark.slow

EVIDENCE = [str(Path(sys.executable).with_name("evidence"))]
PARAGRAPHS = 1200
MARKER = "Quillfeatherzed"  # an invented word, so the big test document is easy to find


def evidence(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDENCE, "--data", str(data_dir), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=_env())


def start(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([*EVIDENCE, "--data", str(data_dir), *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}


def fresh_index(data_dir: Path) -> SearchIndex:
    from search import index as index_module

    index_module._HANDLES.clear()  # as a new process would see it
    return SearchIndex(load_settings(data_dir))


def test_two_concurrent_ingests_both_land(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    folders = [CORPUS / "congress", CORPUS / "state-department", CORPUS / "seeds"]
    procs = [start(data_dir, "ingest", "--quiet", str(folders[0])),
             start(data_dir, "ingest", "--quiet", str(folders[1]), str(folders[2]))]
    outcomes = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
        assert "LockError" not in err and "Traceback" not in err
    store_ids = set(Store(load_settings(data_dir)).ids())
    sources = [p for f in folders for p in f.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf", ".docx")]
    assert len(store_ids) == len(sources)
    assert fresh_index(data_dir).record_ids() == store_ids


def _big_document(path: Path, paragraphs: int) -> None:
    """A long text file recombined from the corpus's own paragraphs, each tagged with MARKER."""
    pieces = []
    for source in sorted(CORPUS.rglob("*.txt")):
        pieces += [p.strip() for p in re.split(r"\n\s*\n|\n", source.read_text(encoding="utf-8")) if len(p) > 80]
    body = [f"{pieces[i % len(pieces)]} ({MARKER} {i})" for i in range(paragraphs)]
    path.write_text("A long compiled test document\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def _wait_for(condition, proc: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return condition()
        time.sleep(0.005)
    return False


def test_a_writer_killed_mid_write_is_recovered(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert evidence(data_dir, "ingest", "--quiet", str(CORPUS / "congress")).returncode == 0
    big = tmp_path / "big" / "compiled.txt"
    big.parent.mkdir()
    _big_document(big, PARAGRAPHS)
    journal = data_dir / "index" / index_storage.JOURNAL

    proc = start(data_dir, "ingest", "--quiet", str(big))
    seen = _wait_for(journal.exists, proc, 300)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert seen, "the ingest finished before its index write could be interrupted"
    assert proc.returncode == -signal.SIGKILL
    assert journal.exists()

    # A new process opens the index, finishes the interrupted write from the archive, and answers.
    done = evidence(data_dir, "search", MARKER, "--json", "--limit", "1")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    store_ids = set(Store(load_settings(data_dir)).ids())
    assert result["records"] == 1 and result["hits"][0]["record_id"] in store_ids
    assert not journal.exists()
    index = fresh_index(data_dir)
    assert index.record_ids() == store_ids
    found = index.search(SearchQuery(MARKER))
    assert found.records == 1 and len(found.hits) + sum(found.more.values()) == PARAGRAPHS


def test_a_rebuild_killed_midway_leaves_the_live_index(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert evidence(data_dir, "ingest", "--quiet", str(CORPUS)).returncode == 0
    root = data_dir / "index"
    live = index_storage.current_dir(root)
    assert live is not None
    before = fresh_index(data_dir).search(SearchQuery("Artsakh", limit=100)).to_dict()

    proc = start(data_dir, "reindex", "--procs", "1")
    started = _wait_for(lambda: len([p for p in root.iterdir() if p.is_dir()]) > 1, proc, 120)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    if not started or proc.returncode != -signal.SIGKILL:
        pytest.skip("the rebuild finished before it could be interrupted")

    assert index_storage.current_dir(root) == live
    assert fresh_index(data_dir).search(SearchQuery("Artsakh", limit=100)).to_dict() == before
    done = evidence(data_dir, "reindex")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in root.iterdir() if p.is_dir()] == [index_storage.current_dir(root).name]
    assert fresh_index(data_dir).search(SearchQuery("Artsakh", limit=100)).to_dict() == before
