"""The dense vectors of an index generation: ``<generation>/dense/``, derived data like the index.

Layout (every file written to a temporary name and renamed; the manifest last):

- ``seg-<name>.npy``: float16 vectors (chunks x DIM), read memory-mapped (older builds wrote
  float32, still read);
- ``seg-<name>.low.npy``: float32 unit vectors of the first ``COARSE_DIM`` dimensions, for the
  first pass of a search (computed when it is missing, as in builds that predate it);
- ``seg-<name>.json``: for each vector row, ``[record id, first paragraph, last paragraph]``;
- ``words-<name>.txt``: the words of the records that segment added (for word forms);
- ``MANIFEST.json``: the model id and the segments in order. A segment not listed (a write that
  died before the manifest) is never read and is removed by the next write.

A record's live vectors are those of the *last* segment that holds it: an update appends a segment
and leaves the old rows behind (a record deleted from the index is left out when rows are mapped
to index documents). When the segments pass ``_MAX_SEGMENTS`` they are merged into one, the
superseded rows dropped. Writers hold the index's write lock.

A search reads every row's short vector (a quarter of the bytes, and float32 so that numpy's BLAS
does the product), keeps the best ``rows`` and scores only those with the full vectors: the model
is trained so that its leading dimensions are a coarser vector of their own (Matryoshka).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from archive import Record, atomic_write

from .dense import COARSE_DIM, DIM, MODEL_ID, chunks_of, embedder, similarities, words_of

log = logging.getLogger(__name__)

FOLDER = "dense"
MANIFEST = "MANIFEST.json"
_MAX_SEGMENTS = 12


def _folder(generation: Path) -> Path:
    return generation / FOLDER


def read_manifest(generation: Path) -> list[str] | None:
    """The live segment names, or None when there are no vectors (or another model made them)."""
    try:
        data = json.loads((_folder(generation) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("model") != MODEL_ID or data.get("dim") != DIM:
        return None
    return [str(s) for s in data.get("segments") or []]


def _write_manifest(generation: Path, segments: list[str]) -> None:
    body = json.dumps({"model": MODEL_ID, "dim": DIM, "segments": segments})
    atomic_write(_folder(generation) / MANIFEST, body.encode())


class SegmentWriter:
    """Embeds records a batch at a time into one new segment (not listed until the manifest is)."""

    _BATCH = 2048  # chunks embedded together

    def __init__(self, generation: Path) -> None:
        self.folder = _folder(generation)
        self.rows: list[list[object]] = []
        self.parts: list[np.ndarray] = []
        self.words: set[str] = set()
        self._texts: list[str] = []

    def add(self, record: Record) -> None:
        for chunk in chunks_of(record):
            self.rows.append([record.id, chunk.first, chunk.last])
            self._texts.append(chunk.text)
        self.words |= words_of(record)
        if len(self._texts) >= self._BATCH:
            self._embed()

    def _embed(self) -> None:
        if self._texts:
            self.parts.append(embedder().embed(self._texts))
            self._texts = []

    def finish(self) -> str | None:
        """Write the segment; its name, or None when there was nothing to embed."""
        self._embed()
        if not self.rows:
            return None
        return _write_files(self.folder, np.concatenate(self.parts), self.rows, self.words)


def _write_files(folder: Path, matrix: np.ndarray, rows: list[list[object]], words: set[str]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex[:16]
    _save(folder / f"seg-{name}.low.npy", coarse_of(matrix))
    _save(folder / f"seg-{name}.npy", np.asarray(matrix, dtype=np.float16))
    atomic_write(folder / f"seg-{name}.json", json.dumps(rows).encode())
    atomic_write(folder / f"words-{name}.txt", "\n".join(sorted(words)).encode())
    return name


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, np.ascontiguousarray(array))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def coarse_of(matrix: np.ndarray) -> np.ndarray:
    """The rows' first COARSE_DIM dimensions as float32 unit vectors (zero rows stay zero)."""
    low = np.asarray(matrix[:, :COARSE_DIM], dtype=np.float32)
    norms = np.linalg.norm(low, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(low / norms)


def start(generation: Path, segments: list[str]) -> None:
    """List the segments a full build wrote (in the order given)."""
    _folder(generation).mkdir(parents=True, exist_ok=True)
    _write_manifest(generation, segments)


def add(generation: Path, records: list[Record]) -> None:
    """Append the vectors of `records` (new or replaced) to the generation's vectors."""
    segments = read_manifest(generation)
    if segments is None:
        log.info("no vectors in %s yet: search by meaning waits for `evidence reindex`", generation)
        return
    folder = _folder(generation)
    writer = SegmentWriter(generation)
    for record in records:
        writer.add(record)
    name = writer.finish()
    if name is not None:
        segments = [*segments, name]
        if len(segments) > _MAX_SEGMENTS:
            segments = [_merge(folder, segments)]
        _write_manifest(generation, segments)
    _remove_unlisted(folder, segments)


def _merge(folder: Path, segments: list[str]) -> str:
    """One segment holding each record's latest rows (and every segment's words)."""
    newest: dict[str, int] = {}
    loaded = []
    for i, name in enumerate(segments):
        rows = json.loads((folder / f"seg-{name}.json").read_text(encoding="utf-8"))
        loaded.append(rows)
        for rid, _, _ in rows:
            newest[rid] = i
    keep_rows: list[list[object]] = []
    parts: list[np.ndarray] = []
    words: set[str] = set()
    for i, (name, rows) in enumerate(zip(segments, loaded, strict=True)):
        keep = [j for j, row in enumerate(rows) if newest[row[0]] == i]
        if keep:
            parts.append(np.asarray(np.load(folder / f"seg-{name}.npy", mmap_mode="r")[keep], np.float32))
            keep_rows.extend(rows[j] for j in keep)
        words.update(_read_words(folder, name))
    return _write_files(folder, np.concatenate(parts) if parts else np.zeros((0, DIM), np.float32),
                        keep_rows, words)


def _read_words(folder: Path, name: str) -> list[str]:
    try:
        return (folder / f"words-{name}.txt").read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        return []


def _remove_unlisted(folder: Path, segments: list[str]) -> None:
    listed = set(segments)
    for child in folder.iterdir():
        stem = child.name.split(".")[0]
        kind, _, name = stem.partition("-")
        if child.name.startswith(".") or (kind in ("seg", "words") and name not in listed):
            with contextlib.suppress(FileNotFoundError):
                child.unlink()


@dataclass
class VectorSet:
    """A generation's live vectors as read by a searcher: the matrices (memory-mapped), each row's
    record id and paragraphs, and the sorted vocabulary."""

    segments: list[str]
    matrices: list[np.ndarray]  # full vectors (float16, or float32 from older builds)
    coarse: list[np.ndarray]  # the same rows' short vectors (float32)
    rids: list[str]
    spans: np.ndarray  # (rows, 2): first and last paragraph
    superseded: np.ndarray  # bool per row: a later segment holds the record
    words: list[str]
    _docnums: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.rids)

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Each row's exact cosine similarity to `vector` (a unit vector): every full vector read."""
        if not self.matrices:
            return np.zeros(0, np.float32)
        return np.concatenate([similarities(np.asarray(m, np.float32), vector) for m in self.matrices])

    def nearest(self, vector: np.ndarray, eligible: np.ndarray | None, rows: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows closest to `vector` (a unit vector) among the `eligible` ones (bool per row),
        most similar first, with their exact cosine similarities: the short vectors choose `rows`
        candidates, which the full vectors then score."""
        if not self.rids:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        low = vector[:COARSE_DIM].astype(np.float32)
        low /= float(np.linalg.norm(low)) or 1.0
        rough = np.concatenate([similarities(c, low) for c in self.coarse])
        if eligible is not None:
            rough[~eligible] = -np.inf
        picked = np.argpartition(-rough, rows)[:rows] if rows < len(rough) else np.arange(len(rough))
        picked = picked[np.isfinite(rough[picked])]
        exact = np.empty(len(picked), np.float32)
        order = np.argsort(picked)
        starts = np.cumsum([0, *(len(m) for m in self.matrices)])
        for i, matrix in enumerate(self.matrices):  # each segment's candidates read in file order
            lo, hi = np.searchsorted(picked[order], [starts[i], starts[i + 1]])
            which = order[lo:hi]
            if len(which):
                exact[which] = similarities(np.asarray(matrix[picked[which] - starts[i]], np.float32), vector)
        best = np.argsort(-exact, kind="stable")
        return picked[best], exact[best]

    def docnums(self, key: int, docnum_of: dict[str, int]) -> np.ndarray:
        """Each row's index document (-1: superseded, or its record is not in the index), for the
        searcher identified by `key` (computed once per searcher)."""
        if key not in self._docnums:
            self._docnums.clear()
            mapped = np.fromiter((docnum_of.get(r, -1) for r in self.rids), dtype=np.int64, count=self.rows)
            mapped[self.superseded] = -1
            self._docnums[key] = mapped
        return self._docnums[key]


def open_vectors(generation: Path) -> VectorSet | None:
    segments = read_manifest(generation)
    if segments is None:
        return None
    folder = _folder(generation)
    matrices: list[np.ndarray] = []
    coarse: list[np.ndarray] = []
    rids: list[str] = []
    spans: list[tuple[int, int]] = []
    seg_of_row: list[int] = []
    words: set[str] = set()
    try:
        for i, name in enumerate(segments):
            matrix = np.load(folder / f"seg-{name}.npy", mmap_mode="r")
            rows = json.loads((folder / f"seg-{name}.json").read_text(encoding="utf-8"))
            if matrix.shape != (len(rows), DIM):
                raise ValueError(f"seg-{name}: {matrix.shape[0]} vectors for {len(rows)} rows")
            matrices.append(matrix)
            coarse.append(_coarse(folder, name, matrix))
            for rid, first, last in rows:
                rids.append(rid)
                spans.append((first, last))
                seg_of_row.append(i)
            words.update(_read_words(folder, name))
    except (OSError, ValueError) as exc:
        log.warning("vectors in %s cannot be read (%s): search by meaning is off until `evidence reindex`",
                    folder, exc)
        return None
    newest: dict[str, int] = {}
    for rid, seg in zip(rids, seg_of_row, strict=True):
        newest[rid] = seg
    superseded = np.array([newest[r] != s for r, s in zip(rids, seg_of_row, strict=True)], dtype=bool)
    words.discard("")
    return VectorSet(segments, matrices, coarse, rids, np.array(spans, dtype=np.int64).reshape(-1, 2), superseded,
                     sorted(words))


def _coarse(folder: Path, name: str, matrix: np.ndarray) -> np.ndarray:
    """The segment's short vectors: its file, or computed from the full ones when it has none."""
    try:
        low = np.load(folder / f"seg-{name}.low.npy", mmap_mode="r")
    except FileNotFoundError:
        return coarse_of(matrix)
    if low.shape != (len(matrix), COARSE_DIM):
        raise ValueError(f"seg-{name}.low: {low.shape} for {len(matrix)} rows")
    return low


_OPEN: dict[str, tuple[list[str], VectorSet]] = {}
_OPEN_LOCK = threading.Lock()


def current(generation: Path) -> VectorSet | None:
    """The generation's vectors, re-read only when its manifest changed."""
    segments = read_manifest(generation)
    if segments is None:
        return None
    key = str(generation)
    with _OPEN_LOCK:
        cached = _OPEN.get(key)
        if cached is not None and cached[0] == segments:
            return cached[1]
    opened = open_vectors(generation)
    if opened is not None:
        with _OPEN_LOCK:
            _OPEN.clear()  # one generation is live at a time
            _OPEN[key] = (segments, opened)
    return opened
