"""Facet counts (topic, doc type, organization, year) over the matching records.

Each record document carries its facet values in a column. They are read once per index segment
(segments never change once written) into a list indexed by document number; from it each facet
value gets a bitmap of its documents, so counting the facets of a result is one `&` and one bit
count per value, whatever the number of matches.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import NamedTuple

from whoosh.reading import IndexReader

from .documents import SEP
from .engine import to_bits


class RecordFacets(NamedTuple):
    rid: str
    doc_type: str
    org: str
    year: str
    topics: tuple[str, ...]
    date: int  # YYYYMMDD, 0 when undated


FACET_NAMES = ("topic", "doc_type", "org", "year")

_SEGMENTS: dict[str, list[RecordFacets | None]] = {}
_SEGMENTS_LOCK = threading.Lock()
_MAX_CACHED_SEGMENTS = 512


def _decode(raw: bytes) -> RecordFacets | None:
    if not raw:
        return None
    rid, doc_type, org, year, topics, date = raw.decode("utf-8").split(SEP)
    return RecordFacets(rid, doc_type, org, year, tuple(t for t in topics.split(",") if t), int(date or 0))


def _segment_rows(segreader: IndexReader, key: str) -> list[RecordFacets | None]:
    with _SEGMENTS_LOCK:
        rows = _SEGMENTS.get(key)
    if rows is not None:
        return rows
    if segreader.has_column("facet"):
        rows = [_decode(raw) for raw in segreader.column_reader("facet")]
    else:
        rows = [None] * segreader.doc_count_all()
    with _SEGMENTS_LOCK:
        if len(_SEGMENTS) > _MAX_CACHED_SEGMENTS:
            _SEGMENTS.clear()
        _SEGMENTS[key] = rows
    return rows


def facet_rows(reader: IndexReader, index_path: str) -> list[RecordFacets | None]:
    """For every document number of `reader`, its record's facet values (None for other documents)."""
    rows: list[RecordFacets | None] = []
    for segreader, offset in reader.leaf_readers():
        segment = segreader.segment()
        if segment is None:  # the empty reader of an index with no documents yet
            continue
        key = f"{index_path}:{segment.segment_id()}"
        seg_rows = _segment_rows(segreader, key)
        assert offset == len(rows)
        rows.extend(seg_rows)
    return rows


class FacetBits:
    """For each facet value, the bitmap of the live record documents that have it."""

    def __init__(self, rows: list[RecordFacets | None], live: int) -> None:
        docs: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in FACET_NAMES}
        for d, row in enumerate(rows):
            if row is None:
                continue
            for topic in row.topics:
                docs["topic"][topic].append(d)
            docs["doc_type"][row.doc_type].append(d)
            if row.org:
                docs["org"][row.org].append(d)
            if row.year:
                docs["year"][row.year].append(d)
        size = len(rows)
        self.values = {name: {value: to_bits(ids, size) & live for value, ids in per.items()}
                       for name, per in docs.items()}

    def count(self, matched: int) -> dict[str, list[dict[str, object]]]:
        """{"topic": [{"value", "count"}...], ...} for the records in `matched`: most frequent first
        (years newest first)."""
        out: dict[str, list[dict[str, object]]] = {}
        for name, values in self.values.items():
            counts = [(value, n) for value, bits in values.items() if (n := (matched & bits).bit_count())]
            if name == "year":
                counts.sort(reverse=True)
            else:
                counts.sort(key=lambda kv: (-kv[1], kv[0]))
            out[name] = [{"value": value, "count": n} for value, n in counts]
        return out
