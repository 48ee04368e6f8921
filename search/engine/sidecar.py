"""Posting arrays beside each index segment, for scoring plain words without unpickling.

Whoosh's W3 codec stores a word's postings in blocks of 128, each a zlib-compressed pickle of
(document numbers, weights, positions). Reading every posting of a word that is in most records
means a decompress, an unpickle and a Python loop per block: about 0.1 ms a block, 70 ms for a word
in 90,000 records, before any scoring. Segments never change once written, so for each segment we
write its postings once more, as flat little-endian arrays in a file beside it
(`MAIN_<segment>.evpost`, which Whoosh deletes with its segment): document numbers (uint32),
weights (float32) and word positions (uint16 or uint32) for the scored fields. A query maps the
file and reads a word's postings as numpy views, with no copy and no Python loop.

The file is derived from the segment alone, written to a temporary name and renamed, and checked
when opened (magic, version, segment id and document count). A missing or unreadable file is not an
error: the caller reads that segment's postings through Whoosh instead, as before. The arrays are
the postings Whoosh reads (`test_search_sidecar.py` compares them), including those of deleted
documents: the caller intersects with the live documents.

File layout: magic, the arrays (each 8-byte aligned), a pickled header {version, segment, docs,
pos_dtype, fields: {name: positions?}, terms: {(field, term bytes): (start, count, pos_start)}},
then the header's offset (uint64) and the magic again.
"""

from __future__ import annotations

import logging
import mmap
import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader

from .formats import ArrayPositions
from .segments import segments_of
from .zerocopy import ZeroCopyStorage

log = logging.getLogger(__name__)

MAGIC = b"EVPOST01"
VERSION = 1
SUFFIX = ".evpost"
FIELDS = ("text", "title", "org")  # the fields plain-word queries score
_TAIL = struct.Struct("<Q8s")


class SidecarError(Exception):
    """A sidecar file that cannot be used (the caller falls back to Whoosh's postings)."""


def sidecar_path(folder: Path, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}{SUFFIX}"


# -- writing -----------------------------------------------------------------------------------

def _positions_bytes(fmt: Any, values: list[bytes]) -> bytes:
    """The positions of `values` (one encoded value per posting) as little-endian uint32s."""
    if type(fmt) is ArrayPositions and all(v[:1] == b"H" for v in values):  # the common case, in C
        return np.frombuffer(b"".join(v[1:] for v in values), dtype="<u2").astype("<u4").tobytes()
    return np.array([p for v in values for p in fmt.decode_positions(v)], dtype="<u4").tobytes()


def read_blocks(matcher: Any, positions: bool) -> tuple[list[int], list[float], list[bytes]] | None:
    """Every posting of a W3 leaf matcher, read a block at a time: ids, weights and (when
    `positions`) the encoded values; None for a matcher of another kind. Deleted documents are
    included (a deletion wrapper is looked through)."""
    matcher = getattr(matcher, "child", matcher)
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block",
                                             "is_active")):
        return None
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        if positions:
            matcher._read_values()
            values.extend(matcher._values)
        matcher._next_block()
    return ids, weights, values


def _term_postings(matcher: Any, positions: bool) -> tuple[list[int], bytes, list[bytes]]:
    """All postings of one word: ids, weights (float32 bytes) and, when `positions`, each posting's
    encoded value."""
    found = read_blocks(matcher, positions)
    if found is None:  # inlined postings (a rare word) come as a plain list matcher
        found = [], [], []
        matcher = getattr(matcher, "child", matcher)
        while matcher.is_active():
            found[0].append(matcher.id())
            found[1].append(matcher.weight())
            if positions:
                found[2].append(matcher.value())
            matcher.next()
    ids, weights, values = found
    return ids, np.array(weights, dtype="<f4").tobytes(), values


def _copy(source: Any, out: Any, convert: str | None = None, chunk: int = 1 << 22) -> None:
    """Copy a temporary file of uint32s into `out`, converted to dtype `convert` if given."""
    source.seek(0)
    while True:
        data = source.read(chunk)
        if not data:
            return
        out.write(np.frombuffer(data, dtype="<u4").astype(convert).tobytes() if convert else data)


class SidecarWriter:
    """Writes one segment's posting arrays: `add` each term's postings (fields in any order, terms of a
    field in order), then `write`. The arrays go through temporary files in the segment's folder, so
    memory holds one word's postings at a time; `close` (or `write`) removes them."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.terms: dict[tuple[str, bytes], tuple[int, int, int]] = {}
        self.fields: dict[str, bool] = {}
        self.n_ids = self.n_pos = self.max_pos = 0
        self._files = [tempfile.TemporaryFile(dir=self.folder) for _ in range(3)]  # noqa: SIM115 - closed in close()

    def add(self, fieldname: str, term: bytes, fmt: Any, ids: Any, weights: bytes, values: list[bytes] | None) -> None:
        """One word's postings: document numbers, weights (float32 bytes) and, for a field that keeps
        positions, each posting's encoded value (`values`; None for a field without positions)."""
        positions = values is not None
        self.fields[fieldname] = positions
        pos = _positions_bytes(fmt, values) if values is not None else b""
        count = len(pos) // 4
        if positions and count != int(np.frombuffer(weights, dtype="<f4").sum(dtype=np.float64)):
            raise SidecarError(f"{fieldname}: weights are not position counts")
        ids_f, weights_f, pos_f = self._files
        n_ids = len(ids)
        self.terms[(fieldname, bytes(term))] = (self.n_ids, n_ids, self.n_pos if positions else -1)
        ids_f.write(np.asarray(ids, dtype="<u4").tobytes())
        weights_f.write(weights)
        if count:
            pos_f.write(pos)
            self.max_pos = max(self.max_pos, int(np.frombuffer(pos, dtype="<u4").max()))
        self.n_ids += n_ids
        self.n_pos += count

    def write(self, segment_id: str, docs: int) -> Path:
        """The file beside the segment (written to a temporary name, synced and renamed)."""
        path = sidecar_path(self.folder, segment_id)
        tmp = path.with_name(path.name + ".tmp")
        try:
            pos_dtype = "<u2" if self.max_pos <= 0xFFFF else "<u4"
            offsets = {}
            with open(tmp, "wb") as out:
                out.write(MAGIC)
                for name, source, count, convert in (
                        ("ids", self._files[0], self.n_ids, None), ("weights", self._files[1], self.n_ids, None),
                        ("pos", self._files[2], self.n_pos, "<u2" if pos_dtype == "<u2" else None)):
                    out.write(b"\0" * (-out.tell() % 8))
                    offsets[name] = (out.tell(), count)
                    _copy(source, out, convert)
                header = {"version": VERSION, "segment": segment_id, "docs": docs, "pos_dtype": pos_dtype,
                          "fields": self.fields, "terms": self.terms, "arrays": offsets}
                at = out.tell()
                out.write(pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
                out.write(_TAIL.pack(at, MAGIC))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        finally:
            self.close()
        return path

    def close(self) -> None:
        for f in self._files:
            f.close()


def write_sidecar(folder: Path, segment: Any, schema: Any) -> Path:
    """Write the posting arrays of `segment` (of the index in `folder`) beside it, read back from the
    segment's own postings; returns the path. (A segment written by `RebuildWriter` gets its arrays
    from the writer's memory instead: `RebuildWriter(..., sidecar=True)`.)"""
    folder = Path(folder)
    reader = SegmentReader(ZeroCopyStorage(str(folder)), schema, segment)
    writer = SidecarWriter(folder)
    try:
        for fieldname in FIELDS:
            if fieldname not in schema or fieldname not in reader.indexed_field_names():
                continue
            fmt = schema[fieldname].format
            positions = fmt.supports("positions")
            writer.fields[fieldname] = positions
            for term in reader.lexicon(fieldname):
                ids, weights, values = _term_postings(reader.postings(fieldname, term), positions)
                writer.add(fieldname, term, fmt, ids, weights, values if positions else None)
        docs = reader.doc_count_all()
    except BaseException:
        writer.close()
        raise
    finally:
        reader.close()
    return writer.write(segment.segment_id(), docs)


def write_or_warn(folder: Path, segment: Any, schema: Any) -> bool:
    """`write_sidecar`; a failure is logged and leaves that segment on Whoosh's postings."""
    try:
        write_sidecar(folder, segment, schema)
        return True
    except (OSError, SidecarError) as exc:
        log.warning("posting arrays for segment %s not written (searches of it read Whoosh's postings): %s",
                    segment.segment_id(), exc)
        return False


def complete(folder: Path, ix: Any) -> list[str]:
    """Write the sidecar of every segment of `ix` (the index in `folder`) that has none; returns
    the segment ids written."""
    return [segment.segment_id() for segment in segments_of(ix)
            if not sidecar_path(folder, segment.segment_id()).exists() and write_or_warn(folder, segment, ix.schema)]


# -- reading -----------------------------------------------------------------------------------

class Sidecar:
    """One segment's posting arrays, memory-mapped."""

    def __init__(self, path: Path, segment_id: str, docs: int) -> None:
        try:
            with open(path, "rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise SidecarError(f"{path}: {exc}") from exc
        data = self._map
        if len(data) < len(MAGIC) + _TAIL.size or data[: len(MAGIC)] != MAGIC:
            raise SidecarError(f"{path}: not a posting-arrays file")
        at, magic = _TAIL.unpack_from(data, len(data) - _TAIL.size)
        if magic != MAGIC or not len(MAGIC) <= at < len(data) - _TAIL.size:
            raise SidecarError(f"{path}: truncated")
        try:
            header = pickle.loads(data[at : len(data) - _TAIL.size])
        except Exception as exc:  # any unpickling failure means a damaged file
            raise SidecarError(f"{path}: unreadable header ({exc})") from exc
        if header.get("version") != VERSION or header.get("segment") != segment_id or header.get("docs") != docs:
            raise SidecarError(f"{path}: written for another segment or version")
        self.fields: dict[str, bool] = header["fields"]
        self._terms: dict[tuple[str, bytes], tuple[int, int, int]] = header["terms"]
        arrays = header["arrays"]
        views = {}
        for name, dtype in (("ids", "<u4"), ("weights", "<f4"), ("pos", header["pos_dtype"])):
            offset, count = arrays[name]
            if offset + count * np.dtype(dtype).itemsize > at:
                raise SidecarError(f"{path}: truncated")
            views[name] = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
        self._ids, self._weights, self._pos = views["ids"], views["weights"], views["pos"]

    def has_field(self, fieldname: str) -> bool:
        return fieldname in self.fields

    def postings(self, fieldname: str, term: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers ascending, weights) of `term`; empty when the segment lacks it."""
        entry = self._terms.get((fieldname, term))
        if entry is None:
            return np.empty(0, np.uint32), np.empty(0, np.float32)
        start, count, _ = entry
        return self._ids[start : start + count], self._weights[start : start + count]

    def positions(self, fieldname: str, term: bytes) -> np.ndarray | None:
        """Every position of `term`, document after document (each document's count is its weight),
        or None when the field keeps no positions."""
        entry = self._terms.get((fieldname, term))
        if not self.fields.get(fieldname):
            return None
        if entry is None:
            return np.empty(0, np.uint32)
        start, count, pos_start = entry
        total = int(self._weights[start : start + count].sum(dtype=np.float64))
        return self._pos[pos_start : pos_start + total]


def open_sidecar(folder: Path, segment_id: str, docs: int) -> Sidecar | None:
    """The segment's sidecar, or None (missing or unusable: logged) to read Whoosh's postings."""
    path = sidecar_path(folder, segment_id)
    if not path.exists():
        return None
    try:
        return Sidecar(path, segment_id, docs)
    except SidecarError as exc:
        log.warning("posting arrays ignored (searches of this segment read Whoosh's postings): %s", exc)
        return None
