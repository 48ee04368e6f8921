"""Bulk import and distributed ingest, measured (issue 18).

    nice .venv/bin/python bench/bulk_bench.py                       # 10,000 and 100,000 releases, OCR folder
    nice .venv/bin/python bench/bulk_bench.py --records 10000 --modes single,1,2 --ocr-files 12
    nice .venv/bin/python bench/bulk_bench.py --records 2000 --no-search --ocr-files 0

For each N of --records, the first N releases of `../shared/corpus-large/` (read from there, never
copied into the project) are written as one JSON-lines file (`text`, `date`, `member`) and imported
with `evidence import FILE --map member=authors` into a fresh data folder, once per mode:

- `single`: one process (`evidence import` without a cluster): reading and writing in the one process;
- `1`, `2`, ...: a real `dask scheduler` and that many `dask worker --nthreads 1 --no-nanny` processes
  on 127.0.0.1, started here, and `evidence import --scheduler ...` as the client (the one writer).

Each import runs with `bulk_reuse_links` off, and the reuse links of what it stored are then made by
`evidence reuse --all` (the pass an import of more than 1,000 records ends with), measured on its own
line: the import's figures are reading, storing and indexing.

For each run it prints records/s (wall), CPU-s of the client, of the workers together and of the
scheduler, the peak resident memory of the client and of the largest worker, and the client's share of
the CPU. "Client bounds at" is how many workers one client core can keep busy: worker CPU per record
over client CPU per record (the goal: at least 8).

Then, on the archive of the last mode: search p50/p95 on the index the import left (its segments of
`bulk_segment_records` records, unmerged), `evidence reindex` (wall, CPU-s), and the same searches on
the rebuilt index (one segment per rebuild process), ours against SQLite FTS5 over the same paragraphs
in the same run (the phases of bench/search_bench.py: the same query kinds).

The OCR-heavy folder (--ocr-files K): K scanned letters (the scans of tests/data/ocr, each copy made
unique by bytes after its end) ingested with `evidence ingest FOLDER` per OCR mode (--ocr-modes,
default 1 and 2 workers, and single for reference): wall, CPU-s, and the speed-up of 2 workers over 1
(goal: at least 1.7x).

The machine's load average is printed with each run: on a shared machine wall times (and so the
speed-ups) are depressed by the other work; CPU-s are not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
PYTHON = sys.executable
EVIDENCE = [PYTHON, "-m", "webapp.cli"]
SCANS = ROOT / "tests" / "data" / "ocr"
SCAN_FILES = ("letter_scan.pdf", "letter_pages.tif", "letter_p1_photo.jpg", "letter_p2_upside_down.png")


SETTINGS: dict[str, str] = {}  # --setting NAME=VALUE: given to every evidence command as EVIDENCE_NAME


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith(("EVIDENCE_", "DASK_"))}
    out["DASK_LOGGING__DISTRIBUTED"] = "warning"
    out.update((f"EVIDENCE_{name.upper()}", value) for name, value in SETTINGS.items())
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- what a process used ------------------------------------------------------------------------------

def proc_status(pid: int, field: str) -> float:
    """A field of /proc/PID/status in MB (VmHWM: peak resident memory)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


def proc_cpu(pid: int) -> float:
    import psutil

    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return float("nan")
    return times.user + times.system + times.children_user + times.children_system


def run_measured(cmd: list[str], cwd: Path = ROOT, extra: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command to its end: wall, CPU-s and peak memory (its own and its waited-for children's)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env={**env(), **(extra or {})}, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    wall = time.perf_counter() - started
    return {"wall_s": round(wall, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "exit": proc.returncode,
            "summary": stderr.strip().splitlines()[-1] if stderr.strip() else "", "stderr_tail": stderr[-2000:]}


class DaskCluster:
    """A scheduler and N single-threaded workers without nannies (so each worker's CPU and memory are
    its own process's), on 127.0.0.1."""

    def __init__(self, workers: int, logs: Path) -> None:
        self.address = f"tcp://127.0.0.1:{free_port()}"
        logs.mkdir(parents=True, exist_ok=True)
        self.scheduler = self._start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                                      self.address.rsplit(":", 1)[1], "--no-dashboard"], logs / "scheduler.log")
        self.workers = [self._start(["distributed.cli.dask_worker", self.address, "--nthreads", "1", "--no-nanny",
                                     "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"], logs / f"worker{n}.log")
                        for n in range(workers)]
        self._wait(workers)

    @staticmethod
    def _start(args: list[str], log: Path) -> subprocess.Popen:
        with open(log, "wb") as out:
            return subprocess.Popen([PYTHON, "-m", *args], cwd=ROOT, env=env(), stdout=out, stderr=subprocess.STDOUT)

    def _wait(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="120s", set_as_default=False) as client:
            client.wait_for_workers(count, timeout=600)
            # Each worker imports the ingest package once, before the clock starts.
            client.run(lambda: __import__("ingest") and None)

    def usage(self) -> dict[str, Any]:
        workers = [{"cpu_s": round(proc_cpu(w.pid), 1), "peak_mb": proc_status(w.pid, "VmHWM")} for w in self.workers]
        return {"workers_cpu_s": round(sum(w["cpu_s"] for w in workers), 1),
                "worker_peak_mb": max(w["peak_mb"] for w in workers), "workers": workers,
                "scheduler_cpu_s": round(proc_cpu(self.scheduler.pid), 1),
                "scheduler_peak_mb": proc_status(self.scheduler.pid, "VmHWM")}

    def close(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            proc.terminate()
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_mode(mode: str, command: list[str], data: Path, logs: Path, extra: dict[str, str] | None = None
             ) -> dict[str, Any]:
    """One run of `command` (the evidence arguments after --data) in `mode`: single, or N workers."""
    if data.exists():
        shutil.rmtree(data)
    load = round(os.getloadavg()[0], 2)
    if mode == "single":
        out = run_measured([*EVIDENCE, "--data", str(data), *command], extra=extra)
        out.update(client_cpu_s=out["cpu_s"], client_peak_mb=out["peak_mb"])
    else:
        cluster = DaskCluster(int(mode), logs / f"mode-{mode}")
        before = {"workers": sum(proc_cpu(w.pid) for w in cluster.workers), "scheduler": proc_cpu(cluster.scheduler.pid)}
        try:
            out = run_measured([*EVIDENCE, "--data", str(data), *command, "--scheduler", cluster.address], extra=extra)
            use = cluster.usage()
        finally:
            cluster.close()
        use["workers_cpu_s"] = round(use["workers_cpu_s"] - before["workers"], 1)  # the start-up imports left out
        use["scheduler_cpu_s"] = round(use["scheduler_cpu_s"] - before["scheduler"], 1)
        out.update(use, client_cpu_s=out["cpu_s"], client_peak_mb=out["peak_mb"])
    out["mode"], out["load_average_at_start"] = mode, load
    if out["exit"] not in (0, 1):
        raise SystemExit(f"{mode}: evidence failed:\n{out['stderr_tail']}")
    return out


# -- the runs ----------------------------------------------------------------------------------------

def write_rows(n: int, path: Path) -> int:
    """The first n releases of corpus-large as JSON lines (text, date, member)."""
    count = 0
    with gzip.open(LARGE, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in src:
            if count >= n:
                break
            row = json.loads(line)
            out.write(json.dumps({"text": row["text"], "date": row.get("date"), "member": row.get("member")},
                                 ensure_ascii=False) + "\n")
            count += 1
    return count


def bench_import(n: int, modes: list[str], work: Path, search: bool, queries: int) -> dict[str, Any]:
    rows = work / f"releases-{n}.jsonl"
    n = write_rows(n, rows)
    result: dict[str, Any] = {"records": n, "runs": []}
    data = work / f"data-{n}"
    for mode in modes:
        # The import itself (reading, storing, indexing), then the reuse links of what it stored, on their
        # own: the whole-archive pass that an import of more than 1,000 records ends with.
        run = run_mode(mode, ["import", str(rows), "--map", "member=authors", "--quiet"], data, work / "logs",
                       {"EVIDENCE_BULK_REUSE_LINKS": "false"})
        load = round(os.getloadavg()[0], 2)
        links = run_measured([*EVIDENCE, "--data", str(data), "reuse", "--all", "--quiet"])
        run["links"] = {k: links[k] for k in ("wall_s", "cpu_s", "peak_mb", "exit")} | {"load_average_at_start": load}
        run["records_per_s"] = round(n / run["wall_s"], 1)
        worker_cpu = run.get("workers_cpu_s")
        if worker_cpu:
            run["client_share"] = round(run["client_cpu_s"] / (run["client_cpu_s"] + worker_cpu), 3)
            run["client_bounds_at_workers"] = round(worker_cpu / max(run["client_cpu_s"], 0.01), 1)
        print(f"[{n}] {mode}: {json.dumps({k: v for k, v in run.items() if k != 'stderr_tail'})}", file=sys.stderr)
        result["runs"].append(run)
    if search:
        # Search on the index the import left (its bulk-built segments, unmerged), then after a rebuild
        # (one segment per rebuild process), the same queries.
        result["segments_unmerged"] = segment_count(data)
        result["fts5_build"] = search_phase("fts", data)
        result["queries_unmerged"] = search_phase("serve", data, str(queries))
        load = round(os.getloadavg()[0], 2)
        reindex = run_measured([*EVIDENCE, "--data", str(data), "reindex"])
        reindex["load_average_at_start"] = load
        result["reindex"] = reindex
        print(f"[{n}] reindex: {reindex}", file=sys.stderr)
        result["segments"] = segment_count(data)
        result["queries"] = search_phase("serve", data, str(queries))
    return result


def segment_count(data: Path) -> int:
    """The segments the index of the data folder lists."""
    sys.path.insert(0, str(ROOT))
    from archive import load_settings
    from search import SearchIndex

    return len(SearchIndex(load_settings(data))._handle().ix._segments())


def search_phase(*args: Any) -> dict[str, Any]:
    done = subprocess.run([PYTHON, str(ROOT / "bench" / "search_bench.py"), "--phase", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=env())
    if done.returncode != 0:
        raise SystemExit(f"search phase {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ocr_folder(k: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(k):
        name = SCAN_FILES[i % len(SCAN_FILES)]
        stem, ext = name.rsplit(".", 1)
        # bytes after the end of the image or PDF make each copy a document of its own (its own sha256)
        (folder / f"{stem}-{i:03d}.{ext}").write_bytes((SCANS / name).read_bytes() + f"\n%copy {i}\n".encode())


def bench_ocr(k: int, modes: list[str], work: Path) -> dict[str, Any]:
    folder = work / "ocr-folder"
    ocr_folder(k, folder)
    runs = []
    for mode in modes:
        run = run_mode(mode, ["ingest", str(folder), "--quiet"], work / "data-ocr", work / "logs")
        print(f"[ocr {k}] {mode}: {json.dumps({k2: v for k2, v in run.items() if k2 != 'stderr_tail'})}", file=sys.stderr)
        runs.append(run)
    return {"files": k, "runs": runs}


# -- the report ---------------------------------------------------------------------------------------

def report_import(result: dict[str, Any]) -> None:
    n = result["records"]
    print(f"\n== import of {n:,} releases (evidence import --map member=authors) on {os.cpu_count()} cores ==")
    print(f"{'mode':>8} {'load':>5} {'wall s':>8} {'rec/s':>7} {'client CPU-s':>13} {'workers CPU-s':>14} "
          f"{'sched CPU-s':>12} {'client peak MB':>15} {'worker peak MB':>15} {'client share':>13} {'bounds at':>10}  result")
    for r in result["runs"]:
        print(f"{r['mode']:>8} {r['load_average_at_start']:>5} {r['wall_s']:>8} {r['records_per_s']:>7} "
              f"{r['client_cpu_s']:>13} {r.get('workers_cpu_s', '-'):>14} {r.get('scheduler_cpu_s', '-'):>12} "
              f"{r['client_peak_mb']:>15} {r.get('worker_peak_mb', '-'):>15} {r.get('client_share', '-'):>13} "
              f"{r.get('client_bounds_at_workers', '-'):>10}  {r['summary']}")
    for r in result["runs"]:
        links = r["links"]
        both = r["wall_s"] + links["wall_s"]
        print(f"{r['mode']:>8}: then the reuse links (evidence reuse --all): {links['wall_s']} s wall, {links['cpu_s']} "
              f"CPU-s, peak {links['peak_mb']} MB, load {links['load_average_at_start']}; import and links: {both:.1f} s "
              f"wall, {n / both:.1f} rec/s")
    if "reindex" in result:
        r = result["reindex"]
        print(f"index rebuild (evidence reindex): {r['wall_s']} s wall, {r['cpu_s']} CPU-s, "
              f"peak {r['peak_mb']} MB (largest process), load {r['load_average_at_start']}")
        f = result["fts5_build"]
        print(f"SQLite FTS5 build, same paragraphs: {f['seconds']} s, {f['cpu_seconds']} CPU-s, {f['index_mb']} MB")
        for label, key, segments in (("on the import's segments, unmerged", "queries_unmerged", "segments_unmerged"),
                                     ("after the rebuild", "queries", "segments")):
            if key not in result:
                continue
            q = result[key]
            print(f"search {label} ({result[segments]} segments):")
            print(f"{'query kind (ms)':28} {'ours p50':>9} {'ours p95':>9} {'fts5 p50':>9} {'fts5 p95':>9}"
                  f"   | CPU: {'ours p50':>9} {'ours p95':>9} {'fts5 p50':>9} {'fts5 p95':>9}")
            for kind, ours in q["ours"].items():
                fts = q["fts5"].get(kind, {})
                print(f"{kind:28} {ours['p50_ms']:>9} {ours['p95_ms']:>9} {fts.get('p50_ms', ''):>9} "
                      f"{fts.get('p95_ms', ''):>9}   |      {ours['cpu_p50_ms']:>9} {ours['cpu_p95_ms']:>9} "
                      f"{fts.get('cpu_p50_ms', ''):>9} {fts.get('cpu_p95_ms', ''):>9}")


def report_ocr(result: dict[str, Any]) -> None:
    print(f"\n== OCR-heavy folder: {result['files']} scanned files (evidence ingest FOLDER) ==")
    print(f"{'mode':>8} {'load':>5} {'wall s':>8} {'client CPU-s':>13} {'workers CPU-s':>14} {'worker peak MB':>15}  result")
    walls = {}
    for r in result["runs"]:
        walls[r["mode"]] = r["wall_s"]
        print(f"{r['mode']:>8} {r['load_average_at_start']:>5} {r['wall_s']:>8} {r['client_cpu_s']:>13} "
              f"{r.get('workers_cpu_s', '-'):>14} {r.get('worker_peak_mb', '-'):>15}  {r['summary']}")
    if "1" in walls and "2" in walls:
        print(f"2 workers over 1: {walls['1'] / walls['2']:.2f}x (goal 1.7x; wall, so depressed by other load)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--modes", default="single,1,2", help="import modes: single and/or worker counts")
    parser.add_argument("--ocr-files", type=int, default=12, help="scanned files in the OCR folder (0: none)")
    parser.add_argument("--ocr-modes", default="single,1,2")
    parser.add_argument("--no-search", action="store_true", help="skip the reindex and the search comparison")
    parser.add_argument("--queries", type=int, default=40, help="queries per kind")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw numbers here")
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for every evidence command (EVIDENCE_NAME=VALUE), e.g. bulk_task_documents=64")
    args = parser.parse_args()
    for pair in args.setting:
        name, _, value = pair.partition("=")
        SETTINGS[name.strip()] = value.strip()
    if args.records and not LARGE.exists():
        raise SystemExit(f"{LARGE} is missing (the corpus-large of ../shared/)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bulk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"cores": os.cpu_count(), "imports": []}
    try:
        for n in args.records:
            result = bench_import(n, args.modes.split(","), work, not args.no_search, args.queries)
            report_import(result)
            results["imports"].append(result)
            sys.stdout.flush()
        if args.ocr_files:
            results["ocr"] = bench_ocr(args.ocr_files, args.ocr_modes.split(","), work)
            report_ocr(results["ocr"])
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n(bench process itself: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB peak)")


if __name__ == "__main__":
    main()
