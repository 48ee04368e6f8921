"""Ranking: BM25F with a fixed average record length.

Whoosh's average field length comes from per-segment totals that drift when segments merge (a
merge re-adds lengths in quantized form), so an incrementally built index would rank slightly
differently from a rebuilt one. A constant keeps scores a function of the documents alone.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

# Typical indexed words per record (after stop words): a press release or a letter; long reports
# are ranked down a little against it, as BM25 intends.
AVERAGE_RECORD_TERMS = 400.0


_LENGTH_OF_BYTE = [1] + [byte_to_length(b) for b in range(1, 256)]
_LENGTHS: dict[tuple[str, str, str], tuple[list[int], np.ndarray]] = {}
_LENGTHS_LOCK = threading.Lock()
_MAX_LENGTH_TABLES = 256


def _length_tables(searcher: Any, fieldname: str) -> tuple[list[int], np.ndarray] | None:
    """Every document's length in `fieldname` for a one-segment searcher, as a list and as a
    float64 array, read once per segment of an index folder (segments never change). None when the
    reader is not a plain segment reader."""
    reader = searcher.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    perdoc = getattr(reader, "_perdoc", None)
    if segment is None or perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    # Segment ids are random names, unique within an index folder only (a process whose random
    # state repeats writes the same ids into another index): the folder is part of the key.
    ix = getattr(searcher.get_parent(), "_ix", None)
    key = (str(getattr(getattr(ix, "storage", None), "folder", "")), segment.segment_id(), fieldname)
    with _LENGTHS_LOCK:
        tables = _LENGTHS.get(key)
    if tables is None:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        lengths = [_LENGTH_OF_BYTE[b] for b in column]
        tables = (lengths, np.array(lengths, dtype=np.float64))
        with _LENGTHS_LOCK:
            if len(_LENGTHS) >= _MAX_LENGTH_TABLES:
                _LENGTHS.clear()
            _LENGTHS[key] = tables
    return tables


def segment_lengths(searcher: Any, fieldname: str) -> list[int] | None:
    """Document lengths as a list: Whoosh otherwise reads the length column once per scored
    document, half the cost of scoring."""
    tables = _length_tables(searcher, fieldname)
    return None if tables is None else tables[0]


def segment_length_array(searcher: Any, fieldname: str) -> np.ndarray | None:
    """Document lengths as a float64 numpy array, for vectorized scoring."""
    tables = _length_tables(searcher, fieldname)
    return None if tables is None else tables[1]


class _StableScorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1):  # type: ignore[no-untyped-def]
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = AVERAGE_RECORD_TERMS
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)
        lengths = segment_lengths(searcher, fieldname)
        if lengths is not None:
            self.dfl = lengths.__getitem__


class StableBM25F(BM25F):
    def scorer(self, searcher, fieldname, text, qf=1):  # type: ignore[no-untyped-def]
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return _StableScorer(searcher, fieldname, text, B, self.K1, qf=qf)


WEIGHTING = StableBM25F()
