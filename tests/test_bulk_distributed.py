"""Distributed ingest and import on a real Dask cluster: a scheduler and two worker processes (each
with its nanny) on loopback, started here as `dask scheduler` / `dask worker` would be by an operator.
The `evidence` command is the client (a process of its own), the one writer of the data folder.

Failures are real: worker processes die (killed by the fault-injecting plugin of dask_helpers.py at
the moment they start a given document, or by SIGKILL), and the client itself is SIGKILLed mid-run.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Store, load_settings

from paths import CORPUS, ROOT

distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow]

TESTS = Path(__file__).resolve().parent
EVIDENCE = [sys.executable, "-m", "webapp.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVIDENCE_", "DASK_"))}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, address: str, client: distributed.Client, logs: Path) -> None:
        self.address, self.client, self.logs = address, client, logs

    def kill_on(self, marker: str, once_flag: Path | None = None) -> str:
        from dask_helpers import KillOn

        name = f"kill-on-{uuid.uuid4().hex[:8]}"
        self.client.register_plugin(KillOn(marker, str(once_flag) if once_flag else None), name=name)
        return name

    def kill_on_key(self, prefix: str) -> str:
        from dask_helpers import KillOnKey

        name = f"kill-on-key-{uuid.uuid4().hex[:8]}"
        self.client.register_plugin(KillOnKey(prefix), name=name)
        return name

    def remove(self, name: str) -> None:
        self.client.unregister_worker_plugin(name)

    def wait_for_two(self) -> None:
        self.client.wait_for_workers(2, timeout=180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = clean_env(DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1", PYTHONPATH=str(TESTS),
                    DASK_LOGGING__DISTRIBUTED="warning")
    procs = []
    with open(logs / "scheduler.log", "wb") as out:
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                       "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                                      env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT))
    for n in range(2):
        with open(logs / f"worker{n}.log", "wb") as out:
            procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                           "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"],
                                          env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT))
    client = None
    try:
        client = distributed.Client(address, timeout="60s", set_as_default=False)
        client.wait_for_workers(2, timeout=180)
        yield Cluster(address, client, logs)
    finally:
        if client is not None:
            client.close()
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def evidence(data: Path, *args: str, **popen: object) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDENCE, "--data", str(data), *args], cwd=ROOT, capture_output=True, text=True,
                          env=clean_env(), timeout=600, **popen)


def records_without_times(data: Path) -> dict[str, dict]:
    store = Store(load_settings(data))
    out = {}
    for rid in store.ids():
        record = store.get(rid).to_dict()
        record.pop("ingested_at")
        out[rid] = record
    return out


def check_clean(data: Path) -> None:
    done = evidence(data, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "archive OK" in done.stdout


def test_ingest_on_the_cluster_gives_the_records_one_process_gives(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in sorted((CORPUS / "congress").rglob("*.*"))[:6] + sorted((CORPUS / "seeds").glob("*.txt"))[:4]:
        (folder / path.name).write_bytes(path.read_bytes())
    alone, spread = tmp_path / "alone", tmp_path / "spread"
    one = evidence(alone, "ingest", str(folder), "--quiet")
    many = evidence(spread, "ingest", str(folder), "--scheduler", cluster.address, "--quiet")
    assert one.returncode == many.returncode == 0, many.stderr
    assert many.stderr.strip().splitlines()[-1] == one.stderr.strip().splitlines()[-1]
    assert records_without_times(spread) == records_without_times(alone)
    files = int(one.stderr.strip().splitlines()[-1].split()[0])
    assert files >= 6 and len(records_without_times(spread)) == files
    check_clean(spread)
    again = evidence(spread, "ingest", str(folder), "--scheduler", cluster.address, "--quiet")
    assert again.returncode == 0 and again.stderr.strip().endswith(f"0 ingested, {files} unchanged, 0 failed")


def numbered_rows(count: int) -> list[dict]:
    paragraphs = [" ".join(p.split()) for path in sorted((CORPUS / "seeds").glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) >= 20]
    return [{"text": f"{paragraphs[i % len(paragraphs)]} (Row {i} of the import.)", "date": f"20{10 + i % 10}-01-{1 + i % 28:02d}",
             "title": f"Imported row {i}"} for i in range(count)]


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_worker_killed_mid_task_has_its_task_run_again(cluster: Cluster, tmp_path: Path) -> None:
    rows = numbered_rows(40)
    rows[25]["title"] = "kill-once marker row"
    source = write_rows(tmp_path / "rows.jsonl", rows)
    flag = tmp_path / "killed"
    plugin = cluster.kill_on("line 26", once_flag=flag)
    try:
        done = evidence(tmp_path / "data", "import", str(source), "--scheduler", cluster.address, "--quiet")
    finally:
        cluster.remove(plugin)
    assert flag.exists(), "the worker reading line 26 was not killed"
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("40 ingested, 0 unchanged, 0 failed")
    assert len(records_without_times(tmp_path / "data")) == 40
    check_clean(tmp_path / "data")
    cluster.wait_for_two()  # the nanny has started a new worker in place of the killed one


def test_a_document_that_crashes_workers_is_named_and_not_retried_forever(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "box"
    folder.mkdir()
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))[:3]
    for path in seeds:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "crashes-worker.txt").write_bytes(seeds[0].read_bytes() + b"\n\nA different ending.\n")
    plugin = cluster.kill_on("crashes-worker")
    try:
        started = time.monotonic()
        done = evidence(tmp_path / "data", "ingest", str(folder), "--scheduler", cluster.address, "--quiet")
        took = time.monotonic() - started
    finally:
        cluster.remove(plugin)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    assert "crashes-worker.txt" in errors[0] and "crashed the worker reading it each time it was tried, alone too" in errors[0]
    assert done.stderr.strip().endswith("3 ingested, 0 unchanged, 1 failed")
    assert len(records_without_times(tmp_path / "data")) == 3
    assert took < 480
    check_clean(tmp_path / "data")
    cluster.wait_for_two()


def test_a_killed_client_resumes_where_it_stopped(cluster: Cluster, tmp_path: Path) -> None:
    rows = numbered_rows(300)
    source = write_rows(tmp_path / "rows.jsonl", rows)
    data = tmp_path / "data"
    records = data / "records"
    client = subprocess.Popen([*EVIDENCE, "--data", str(data), "import", str(source), "--scheduler", cluster.address,
                               "--quiet"], cwd=ROOT, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and client.poll() is None:
        if records.is_dir() and sum(1 for p in records.glob("*.yaml")) >= 30:
            break
        time.sleep(0.05)
    assert client.poll() is None, "the import ended before it could be killed"
    client.send_signal(signal.SIGKILL)
    client.wait()
    stored_before = sum(1 for _ in records.glob("*.yaml"))
    assert 30 <= stored_before < 300
    rerun = evidence(data, "import", str(source), "--scheduler", cluster.address, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.strip().endswith(f"{300 - stored_before} ingested, {stored_before} unchanged, 0 failed")
    assert len(records_without_times(data)) == 300
    check_clean(data)  # every record indexed, also those stored just before the kill


def test_index_segments_are_built_on_the_workers_and_a_lost_build_is_indexed_by_the_client(
        cluster: Cluster, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "rows.jsonl", numbered_rows(40))
    built = evidence(tmp_path / "built", "import", str(source), "--scheduler", cluster.address, "--quiet")
    assert built.returncode == 0 and built.stderr.strip().endswith("40 ingested, 0 unchanged, 0 failed")
    plugin = cluster.kill_on_key("evidence-segment-")  # every worker that starts building a segment dies
    try:
        lost = evidence(tmp_path / "lost", "-v", "import", str(source), "--scheduler", cluster.address, "--quiet")
    finally:
        cluster.remove(plugin)
    assert lost.returncode == 0 and lost.stderr.strip().endswith("40 ingested, 0 unchanged, 0 failed")
    assert "was not built apart" in lost.stderr and "Traceback" not in lost.stderr
    for data in (tmp_path / "built", tmp_path / "lost"):
        check_clean(data)
        found = evidence(data, "search", "\"Row 17 of the import\"", "--json")
        assert [h["record_id"] for h in json.loads(found.stdout)["hits"]][:1] == \
            [rid for rid, r in records_without_times(data).items() if r["title"] == "Imported row 17"]
    cluster.wait_for_two()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A short document with enough words to be kept as one.", encoding="utf-8")
    done = evidence(tmp_path / "data", "ingest", str(tmp_path / "a.txt"), "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: cannot reach tcp://127.0.0.1:")


def test_a_local_cluster_of_two_workers_imports_what_one_process_imports(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "rows.jsonl", numbered_rows(24))
    alone = evidence(tmp_path / "alone", "import", str(source), "--quiet")
    local = evidence(tmp_path / "local", "import", str(source), "--workers", "2", "--quiet")
    assert alone.returncode == local.returncode == 0, local.stderr
    assert local.stderr.strip().splitlines()[-1] == "24 ingested, 0 unchanged, 0 failed"
    assert "INFO" not in local.stderr  # Dask's own log stays out of the way unless -v
    assert records_without_times(tmp_path / "local") == records_without_times(tmp_path / "alone")
    both = evidence(tmp_path / "local", "import", str(source), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert both.returncode == 2 and "not both" in both.stderr
