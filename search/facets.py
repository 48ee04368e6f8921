"""Facet counts (topic, doc type, organization, year) counted over distinct records.

Each passage carries its record's facet values in a column. They are read once per index segment
(segments never change once written) into a list indexed by document number, so counting the
facets of a result is a loop over its documents, not a walk over the index.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from whoosh.reading import IndexReader

from .documents import SEP


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


def _decode(raw: bytes, interned: dict[bytes, RecordFacets]) -> RecordFacets | None:
    if not raw:
        return None
    row = interned.get(raw)
    if row is None:
        rid, doc_type, org, year, topics, date = raw.decode("utf-8").split(SEP)
        row = interned[raw] = RecordFacets(rid, doc_type, org, year, tuple(t for t in topics.split(",") if t),
                                           int(date or 0))
    return row


def _segment_rows(segreader: IndexReader, key: str) -> list[RecordFacets | None]:
    with _SEGMENTS_LOCK:
        rows = _SEGMENTS.get(key)
    if rows is not None:
        return rows
    interned: dict[bytes, RecordFacets] = {}
    if segreader.has_column("facet"):
        rows = [_decode(raw, interned) for raw in segreader.column_reader("facet")]
    else:
        rows = [None] * segreader.doc_count_all()
    with _SEGMENTS_LOCK:
        if len(_SEGMENTS) > _MAX_CACHED_SEGMENTS:
            _SEGMENTS.clear()
        _SEGMENTS[key] = rows
    return rows


def facet_rows(reader: IndexReader, index_path: str) -> list[RecordFacets | None]:
    """For every document number of `reader`, its record's facet values (None for non-passages)."""
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


def distinct_records(rows: list[RecordFacets | None], docnums: Iterable[int]) -> set[RecordFacets]:
    return {row for d in docnums if (row := rows[d]) is not None}


def count_facets(records: Iterable[RecordFacets]) -> dict[str, list[dict[str, object]]]:
    """{"topic": [{"value", "count"}...], ...}: most frequent first (years newest first)."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for row in records:
        counters["topic"].update(row.topics)
        counters["doc_type"][row.doc_type] += 1
        if row.org:
            counters["org"][row.org] += 1
        if row.year:
            counters["year"][row.year] += 1
    out: dict[str, list[dict[str, object]]] = {}
    for name, counter in counters.items():
        if name == "year":
            items = sorted(counter.items(), reverse=True)
        else:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = [{"value": value, "count": count} for value, count in items]
    return out
