"""Reuse links kept in step with the archive: the jobs the CLI and the web app share.

Links are derived data (DATA/reuse.sqlite3, owned by `search.reuse`): a failure to update them
never fails an ingest; it is logged, and `evidence reuse --all` (or `evidence reindex`) mends it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from archive import Record, RecordNotFound, Settings, Store

log = logging.getLogger(__name__)


def update_links(settings: Settings, records: Iterable[Record], removed_ids: Iterable[str] = ()) -> None:
    """Links of records just written or removed (called under the write lock, after the index)."""
    from search.reuse import ReuseIndex, doc_of

    records, removed = list(records), list(removed_ids)
    if not records and not removed:
        return
    try:
        with ReuseIndex.of(settings) as reuse:
            reuse.update((doc_of(r) for r in records), removed)
    except sqlite3.Error as exc:
        log.warning("reuse links not updated (%s); `evidence reuse --all` will bring them up to date", exc)


def archive_docs(settings: Settings, store: Store, on_error: Callable[[str], None]) -> Iterator[Any]:
    """What reuse detection reads of every record of the archive (read on `reuse_procs` processes for a
    large archive); a torn record is named and passed over."""
    from search.reuse import read_docs, worker_count

    paths = []
    for record_id in store.ids():
        try:
            paths.append(store.path_for(record_id))
        except RecordNotFound as exc:  # a file in records/ whose name is no record id
            on_error(str(exc))
    for doc in read_docs(paths, worker_count(settings.reuse.reuse_procs, len(paths))):
        if isinstance(doc, str):
            on_error(doc)
        else:
            yield doc


def rebuild_links(settings: Settings, store: Store, fresh: bool, on_error: Callable[[str], None],
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """The whole-archive pass (resumable unless `fresh`)."""
    from search.reuse import ReuseIndex

    with ReuseIndex.of(settings) as reuse:
        return reuse.run_all(archive_docs(settings, store, on_error), fresh=fresh, progress=progress)


def record_links(settings: Settings, record: Record) -> dict[str, Any]:
    """{"record_id", "links", "rendition_of", "linked"} of one record, read only: a page view never
    writes links (they are derived at ingest, `reindex` and `evidence reuse --all`). `linked` is False
    while the record has not been compared with the archive yet."""
    from search.reuse import ReuseIndex

    empty: dict[str, Any] = {"record_id": record.id, "links": [], "rendition_of": [], "linked": False}
    reuse = ReuseIndex.of(settings, readonly=True)
    if not reuse.exists():
        return empty
    try:
        with reuse:
            return {"record_id": record.id, "links": reuse.links(record.id),
                    "rendition_of": reuse.renditions([record.id]).get(record.id, []),
                    "linked": reuse.is_linked(record.id)}
    except sqlite3.Error as exc:
        log.warning("reuse links of %s unavailable: %s", record.id, exc)
        return empty


def fold_renditions(settings: Settings, data: dict[str, Any]) -> dict[str, Any]:
    """A search result with renditions folded: the hits of a record that is a rendition of another
    record on the same page are dropped, and that record lists it under `renditions` ({shown id:
    [folded ids]}). A rendition whose original is not on the page stays."""
    hits = data.get("hits") or []
    ids = list(dict.fromkeys(hit["record_id"] for hit in hits))
    if len(ids) < 2 or not (settings.data_dir / "reuse.sqlite3").exists():
        return data
    from search.reuse import ReuseIndex

    try:
        with ReuseIndex.of(settings, readonly=True) as reuse:
            originals = reuse.renditions(ids)
    except sqlite3.Error as exc:
        log.warning("renditions not folded: %s", exc)
        return data
    shown = set(ids)
    folded: dict[str, list[str]] = {}
    for record_id, of in originals.items():
        original = next((o for o in of if o in shown and o not in originals), None)
        if original is not None:
            folded.setdefault(original, []).append(record_id)
    if not folded:
        return data
    gone = {r for rs in folded.values() for r in rs}
    more = {k: v for k, v in (data.get("more") or {}).items() if k not in gone}
    return {**data, "hits": [h for h in hits if h["record_id"] not in gone], "more": more, "renditions": folded}
