"""Segments of a Whoosh index: naming them, and committing segments written apart.

A full rebuild writes one segment per worker process (`RebuildWriter`), none of them listed in a
table of contents; the parent then lists them all in one new table of contents. That, and the
segment ids a reader or an index holds, go through Whoosh-Reloaded 2.7.5's private writer and
index methods (`_close_segment`, `_commit_toc`, `_finish`, `FileIndex._segments`), all here.
"""

from __future__ import annotations

from typing import Any

from whoosh.index import FileIndex


def segment_ids(ix: FileIndex) -> list[str]:
    """The ids of the segments the index's latest table of contents lists."""
    return [segment.segment_id() for segment in ix._segments()]


def segments_of(ix: FileIndex) -> list[Any]:
    """The segment objects the index's latest table of contents lists."""
    return list(ix._segments())


def segment_id_of(reader: Any) -> str | None:
    """The segment a leaf reader reads, or None (an empty index's reader has none)."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    return None if segment is None else segment.segment_id()


def commit_segments(ix: FileIndex, segments: list[Any]) -> None:
    """Write a table of contents listing exactly `segments` (written apart, e.g. by worker
    processes into the index's folder), and remove any other segment files."""
    writer = ix.writer()
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


def add_segments(ix: FileIndex, segments: list[Any], delete_ids: list[str], id_field: str = "rid") -> None:
    """Write a table of contents listing the index's segments (with the documents of `delete_ids`
    marked deleted in them) and `segments` after them: segments written apart (by another process,
    another machine), whose files are already in the index's folder. Nothing is merged."""
    writer = ix.writer()
    try:
        for record_id in delete_ids:
            writer.delete_by_term(id_field, record_id)
    except BaseException:
        writer.cancel()
        raise
    writer._close_segment()
    writer._commit_toc([*writer.segments, *segments])
    writer._finish()
