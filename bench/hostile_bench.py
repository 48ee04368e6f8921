"""Hostile inputs: how long `evidence ingest` takes to refuse (or ingest) each one, and its peak memory.

Each file of tests/data/hostile/ (the committed ones and the big ones `make_hostile.make_big` writes)
is ingested by a fresh `evidence` process into an empty data folder, under a time limit and a
memory cap, so a bomb that gets through shows as "killed" instead of taking the machine down.
Prints one row per file: outcome (refused / ingested / killed), wall and CPU seconds, peak
resident memory. Point --code at another checkout (e.g. an export of main) to measure the
reference in the same run.

    .venv/bin/python bench/hostile_bench.py
    .venv/bin/python bench/hostile_bench.py --code /tmp/main-export --files pdf-chain-bomb.pdf alias-bomb.txt
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

DEFAULT_FILES = [
    "alias-bomb.txt", "pdf-stream-bomb.pdf", "pdf-chain-bomb.pdf", "pdf-lzw-bomb.pdf", "pdf-runlength-bomb.pdf",
    "pdf-object-stream-bomb.pdf", "pdf-image-bomb.pdf", "zip-bomb.docx", "zip-bomb-lying-header.docx",
    "hard-wrapped-8mb.txt", "long-name",
]


def _stage(name: str, folder: Path) -> Path:
    """Copy (or make) one hostile input into `folder`, with its sidecar; returns the path to ingest."""
    if name == "long-name":
        path = folder / ("n" * 246 + ".txt")  # 250 characters: the sidecar name would be too long
        path.write_text("A statement whose file name is as long as the file system allows for it.\n")
        return path
    if name in make_hostile.BIG:
        return make_hostile.make_big(name, folder)
    path = folder / name
    path.write_bytes((HOSTILE / name).read_bytes())
    side = HOSTILE / (name + ".meta.yaml")
    if side.exists():
        (folder / side.name).write_bytes(side.read_bytes())
    return path


def run_one(name: str, code: Path, timeout: float, mem_mb: int, ocr: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        path = _stage(name, folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
        env["PYTHONPATH"] = str(code)
        env["EVIDENCE_OCR_ENABLED"] = "true" if ocr else "false"
        cmd = [sys.executable, "-c", "from webapp.cli import main; main()", "--data", str(Path(tmp) / "data"),
               "ingest", "--quiet", str(path)]

        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))

        start = time.monotonic()
        with open(Path(tmp) / "out", "w+") as log:
            proc = subprocess.Popen(cmd, cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
                                    preexec_fn=cap)
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time and peak memory
            killer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.monotonic() - start
            log.seek(0)
            err = out = log.read()
        if proc.returncode == -9 and wall >= timeout:
            outcome = f"killed after {timeout:g} s"
        elif "MemoryError" in err or "Traceback" in err:
            outcome = f"crashed ({err.strip().splitlines()[-1][:40]})"
        else:
            outcome = "refused" if proc.returncode == 1 else "ingested" if proc.returncode == 0 else f"exit {proc.returncode}"
        line = next((ln for ln in (out + err).splitlines() if "failed" not in ln and ": " in ln), "")
        return {"file": name, "outcome": outcome, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024, "message": line[:110]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code to run (default: this one)")
    parser.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--ocr", action="store_true", help="with OCR on (the default setting): scans are rendered")
    parser.add_argument("--mem-mb", type=int, default=3072, help="address-space cap per run")
    args = parser.parse_args()
    print(f"code: {args.code}")
    print(f"{'file':<28} {'outcome':<26} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  message")
    for name in args.files:
        row = run_one(name, args.code.resolve(), args.timeout, args.mem_mb, args.ocr)
        print(f"{row['file']:<28} {row['outcome']:<26} {row['wall']:>7.1f} {row['cpu']:>7.1f} "
              f"{row['peak_mb']:>8.0f}  {row['message']}", flush=True)


if __name__ == "__main__":
    main()
