#!/usr/bin/env python3
"""A new record's reuse links at 100,000 records: 50 releases after the archive's first 100,000, each
read by the real ingest pipeline and linked with ReuseIndex.update (the ingest path), timed."""
import gzip
import json
import sys
import time
from pathlib import Path

from archive import load_settings
from ingest import build_record
from search.reuse import ReuseIndex, doc_of

data = Path(sys.argv[1])  # an archive of the first 100,000 releases (bench/draft_bench.py --build-large DATA)
settings = load_settings(data)
reuse = ReuseIndex.of(settings)
texts = []
with gzip.open(Path(__file__).resolve().parents[2] / "shared" / "corpus-large" / "house-press-releases.jsonl.gz", "rt", encoding="utf-8") as fh:
    for i, line in enumerate(fh):
        if i < 100_000:
            continue
        item = json.loads(line)
        text = item.get("text") or ""
        if len(text.split()) >= 50:
            texts.append(text)
        if len(texts) == 50:
            break
walls, cpus = [], []
for i, text in enumerate(texts):
    record = build_record(text.encode(), f"new-{i}.txt", settings)
    doc = doc_of(record)
    t0, c0 = time.perf_counter(), time.process_time()
    reuse.update([doc])
    walls.append((time.perf_counter() - t0) * 1000)
    cpus.append((time.process_time() - c0) * 1000)
walls.sort()
cpus.sort()
print(f"new records linked: {len(walls)}; wall p50 {walls[25]:.1f} ms p95 {walls[47]:.1f} max {walls[-1]:.1f}; "
      f"CPU p50 {cpus[25]:.1f} p95 {cpus[47]:.1f} ms")
