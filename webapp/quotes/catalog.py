"""All quotes of the archive, read once from the records and re-read when the records change."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from typing import Any

from archive import RecordCorrupt, Store

log = logging.getLogger(__name__)


class QuoteCatalog:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._stamp: int | None = None
        self._quotes: list[dict[str, Any]] = []

    def _current_stamp(self) -> int:
        """The records folder's mtime: every write, replace or delete (atomic renames) changes it."""
        try:
            return self.store.records_dir.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def quotes(self) -> list[dict[str, Any]]:
        with self._lock:
            stamp = self._current_stamp()
            if stamp != self._stamp:
                self._quotes = self._load()
                self._stamp = stamp
            return self._quotes

    def _load(self) -> list[dict[str, Any]]:
        out = []
        for record_id in self.store.ids():
            try:
                record = self.store.get(record_id)
            except RecordCorrupt as exc:
                log.warning("quotes: skipping %s", exc)
                continue
            for q in record.quotes:
                out.append({"text": q.text, "speaker": q.speaker, "speaker_role": q.speaker_role, "via": q.via,
                            "record_id": record.id, "paragraph": q.paragraph, "title": record.title,
                            "date": record.date, "doc_type": record.doc_type, "topics": list(record.topics)})
        out.sort(key=lambda q: (q["date"] or "", q["record_id"], q["paragraph"] or 0), reverse=True)
        return out


def speaker_counts(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = Counter(q["speaker"] or "" for q in quotes)
    return [{"speaker": s or None, "count": c} for s, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
