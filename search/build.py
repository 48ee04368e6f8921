"""Full rebuilds: records split across worker processes, each writing its own segment.

Workers load their own records (YAML parsing is a large share of the work) and write one Whoosh
segment each into the new generation folder; the parent then writes the table of contents that
lists them all. The result answers queries exactly as an incrementally built index does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from archive import Record, RecordCorrupt, load_record_bytes

from .documents import record_docs
from .storage import INDEX_NAME

log = logging.getLogger(__name__)

# Below this many records one process is faster than starting workers.
PARALLEL_MIN_RECORDS = 2000

Item = str | dict[str, Any]  # a record file path, or a record as a dict


def _load(item: Item) -> Record:
    if isinstance(item, dict):
        return Record.from_dict(item)
    return load_record_bytes(Path(item).read_bytes(), item)


def _add_items(writer: Any, items: list[Item]) -> tuple[int, int, list[str]]:
    records = docs = 0
    skipped: list[str] = []
    for item in items:
        try:
            record = _load(item)
        except (RecordCorrupt, OSError, ValueError, TypeError) as exc:
            log.warning("not indexed: %s", exc)
            skipped.append(str(exc))
            continue
        for doc in record_docs(record):
            writer.add_document(**doc)
            docs += 1
        records += 1
    return records, docs, skipped


def _build_segment(args: tuple[str, list[Item], int]) -> tuple[Any, int, int, list[str]]:
    """Worker: index `items` into one new segment of the index at `path`; returns the segment."""
    path, items, limitmb = args
    ix = FileStorage(path).open_index(INDEX_NAME)
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)
    records, docs, skipped = _add_items(writer, items)
    if not docs:
        writer.cancel()
        return None, records, docs, skipped
    return writer._finalize_segment(), records, docs, skipped


def build(path: Path, items: list[Item], procs: int, limitmb: int) -> dict[str, Any]:
    """Fill the empty index at `path` with `items`; returns build statistics."""
    started = time.perf_counter()
    procs = max(1, min(procs, len(items)))
    ix = FileStorage(str(path)).open_index(INDEX_NAME)
    if procs == 1:
        writer = ix.writer(limitmb=limitmb)
        records, docs, skipped = _add_items(writer, items)
        writer.commit(optimize=False)
    else:
        chunks = [items[i::procs] for i in range(procs)]
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(procs) as pool:
            parts = pool.map(_build_segment, [(str(path), chunk, limitmb) for chunk in chunks], chunksize=1)
        segments = [seg for seg, _, _, _ in parts if seg is not None]
        records = sum(p[1] for p in parts)
        docs = sum(p[2] for p in parts)
        skipped = [s for p in parts for s in p[3]]
        writer = ix.writer()
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
    seconds = time.perf_counter() - started
    return {
        "records": records,
        "documents": docs,
        "skipped": skipped,
        "procs": procs,
        "seconds": round(seconds, 3),
        "records_per_second": round(records / seconds, 1) if seconds else None,
    }


def choose_procs(requested: int | None, setting: int, count: int) -> int:
    """Worker count: as requested, else the setting (0 = all cores) when the archive is large enough."""
    if requested:
        return max(1, requested)
    if count < PARALLEL_MIN_RECORDS:
        return 1
    return setting if setting > 0 else (os.cpu_count() or 1)
