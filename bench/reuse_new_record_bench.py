#!/usr/bin/env python3
"""A new record's reuse links in a large archive: releases after the archive's first 100,000, each
read by the real ingest pipeline and linked with ReuseIndex.update (the ingest path), timed.

The archive's links are never written: each run links the new records into a copy of
DATA/reuse.sqlite3 in a temporary folder. `--code DIR` first runs another checkout's
ReuseIndex.update on the same records and its own copy, as the reference in the same run.

    .venv/bin/python bench/reuse_new_record_bench.py DATA [--new 50] [--code DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
SKIP = 100_000  # the archive holds the corpus's first 100,000 releases (bench/draft_bench.py --build-large)


def new_docs(data: Path, count: int) -> list[tuple]:
    """The next `count` releases of at least 50 words, read by the ingest pipeline, as plain tuples
    (record_id, date, dated, [(n, text, kind, quotes)]) that any checkout's child can rebuild."""
    from archive import load_settings
    from ingest import build_record
    from search.reuse import doc_of

    settings = load_settings(data)
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < SKIP:
                continue
            text = json.loads(line).get("text") or ""
            if len(text.split()) < 50:
                continue
            doc = doc_of(build_record(text.encode(), f"new-{len(out)}.txt", settings))
            out.append((doc.record_id, doc.date, doc.dated,
                        [(p.n, p.text, p.kind, list(p.quotes)) for p in doc.paragraphs]))
            if len(out) == count:
                break
    return out


def child(db: Path, docs_path: Path) -> None:
    """In a child (its checkout first on sys.path): link each new record, print one JSON line."""
    from search.reuse import Para, ReuseDoc, ReuseIndex

    with docs_path.open("rb") as fh:
        rows = pickle.load(fh)
    reuse = ReuseIndex(db)
    walls, cpus, links = [], [], 0
    for record_id, date, dated, paras in rows:
        doc = ReuseDoc(record_id, date, tuple(Para(n, text, kind, tuple(q)) for n, text, kind, q in paras), dated)
        t0, c0 = time.perf_counter(), time.process_time()
        links += reuse.update([doc])
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    reuse.close()
    print(json.dumps({"walls": walls, "cpus": cpus, "links": links}))


def run(code: Path, data: Path, docs_path: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="reuse-new-") as tmp:
        db = Path(tmp) / "reuse.sqlite3"
        shutil.copyfile(data / "reuse.sqlite3", db)
        env = {**os.environ, "PYTHONPATH": str(code)}
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(db), str(docs_path)]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env, cwd=code).stdout
    return json.loads(out.strip().splitlines()[-1])


def line(label: str, result: dict) -> str:
    walls, cpus = sorted(result["walls"]), sorted(result["cpus"])
    n = len(walls)
    at50, at95 = n // 2, min(n - 1, int(n * 0.95))
    return (f"[{label}] new records linked: {n}, links written {result['links']}; wall p50 {walls[at50]:.1f} ms "
            f"p95 {walls[at95]:.1f} max {walls[-1]:.1f}; CPU p50 {cpus[at50]:.1f} p95 {cpus[at95]:.1f} ms")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="an archive of the first 100,000 releases with its reuse links")
    ap.add_argument("--new", type=int, default=50, help="new releases linked one at a time")
    ap.add_argument("--code", type=Path, help="another checkout whose ReuseIndex.update runs first as the reference")
    args = ap.parse_args()
    if not (args.data / "reuse.sqlite3").is_file():
        sys.exit(f"error: {args.data / 'reuse.sqlite3'}: not found (run `evidence --data DATA reuse --all` first)")
    sys.path.insert(0, str(ROOT))
    docs = new_docs(args.data, args.new)
    with tempfile.TemporaryDirectory(prefix="reuse-new-docs-") as tmp:
        docs_path = Path(tmp) / "docs.pickle"
        with docs_path.open("wb") as fh:
            pickle.dump(docs, fh)
        runs = ([("reference " + str(args.code), args.code.resolve())] if args.code else []) + [("this checkout", ROOT)]
        for label, code in runs:
            print(line(label, run(code, args.data, docs_path)), flush=True)


if __name__ == "__main__":
    main()
