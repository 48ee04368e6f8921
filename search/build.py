"""Full rebuilds: records split across worker processes, each writing its own segment.

Workers load their own records (YAML parsing is a large share of the work) and write one Whoosh
segment each into the new generation folder with RebuildWriter (search/engine/writer.py), which keeps
postings in memory up to settings.search.search_build_limit_mb and spills sorted runs beyond it; the
parent then writes the table of contents that lists them all. The result answers queries exactly
as an incrementally built index does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

from archive import Record, RecordCorrupt, load_record_bytes

from . import vectors
from .documents import record_docs
from .engine import RebuildWriter, ZeroCopyStorage, write_sidecar_or_warn
from .engine import commit_segments as commit_toc
from .storage import INDEX_NAME

log = logging.getLogger(__name__)

# Below this many records one process is faster than starting workers.
PARALLEL_MIN_RECORDS = 2000

Item = str | dict[str, Any] | bytes  # a record file path, a record as a dict, or a record file's bytes


def _load(item: Item) -> Record:
    if isinstance(item, dict):
        return Record.from_dict(item)
    if isinstance(item, bytes):
        return load_record_bytes(item)
    return load_record_bytes(Path(item).read_bytes(), item)


Part = tuple[list[Any], int, int, list[str], list[str]]


def _write_segment(path: str, items: list[Item], limitmb: int, meaning: bool = False) -> Part:
    """Index `items` into a new segment of the index at `path`; returns it (in a list, empty when
    no document was added), the records and documents added, the records skipped, and the
    segment of dense vectors written (in a list; with `meaning`). Neither segment is listed in a
    table of contents or manifest yet."""
    ix = ZeroCopyStorage(path).open_index(INDEX_NAME)
    records = docs = 0
    skipped: list[str] = []
    writer = RebuildWriter(ix, _lk=False, limitmb=limitmb, sidecar=True)  # posting arrays from its memory
    embedded = vectors.SegmentWriter(Path(path)) if meaning else None
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
        if embedded is not None:
            embedded.add(record)
        records += 1
    dense = [name] if embedded is not None and (name := embedded.finish()) else []
    segment = writer.finish()
    if segment is None:
        return [], records, docs, skipped, dense
    if not writer.sidecar_written:  # (logged): read the segment back for them
        write_sidecar_or_warn(Path(path), segment, ix.schema)
    return [segment], records, docs, skipped, dense


def _build_segment(args: tuple[str, list[Item], int, bool]) -> Part:
    """Worker: index `items` into a new segment of the index at `path`."""
    return _write_segment(*args)


def commit_segments(path: Path, segments: list[Any]) -> None:
    """Write the table of contents listing `segments` (and remove any other segment files)."""
    commit_toc(ZeroCopyStorage(str(path)).open_index(INDEX_NAME), segments)


def build(path: Path, items: list[Item], procs: int, limitmb: int, meaning: bool = False) -> dict[str, Any]:
    """Fill the empty index at `path` with `items` (and, with `meaning`, its dense vectors);
    returns build statistics."""
    started = time.perf_counter()
    procs = max(1, min(procs, len(items)))
    if procs == 1:
        parts = [_write_segment(str(path), items, limitmb, meaning)]
    else:
        chunks = [items[i::procs] for i in range(procs)]
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(procs) as pool:
            parts = pool.map(_build_segment, [(str(path), chunk, limitmb, meaning) for chunk in chunks],
                             chunksize=1)
    segments = [seg for part in parts for seg in part[0]]
    if meaning:
        vectors.start(path, [name for part in parts for name in part[4]])
    commit_segments(path, segments)
    records = sum(p[1] for p in parts)
    docs = sum(p[2] for p in parts)
    seconds = time.perf_counter() - started
    return {
        "records": records,
        "documents": docs,
        "skipped": [s for p in parts for s in p[3]],
        "procs": procs,
        "segments": len(segments),
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
