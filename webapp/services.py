"""The jobs the CLI and the web app share: ingest-store-index, and keeping the index in step.

"Ingest these files, store them, index them" is `ingest_paths`; the upload page and
`evidence ingest` both call it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive import Record, Settings, Store, exclusive_lock
from ingest import IngestError, iter_files, read_document

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    path: str
    status: str  # ingested | replaced | unchanged | failed
    record_id: str | None = None
    reason: str | None = None


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        new = self.count("ingested") + self.count("replaced")
        return f"{new} ingested, {self.count('unchanged')} unchanged, {self.count('failed')} failed"


def write_lock(settings: Settings):
    """One writer at a time across processes: held around each store + index update."""
    return exclusive_lock(settings.data_dir / ".write.lock")


def _index(settings: Settings):
    import search  # imported here so commands that never touch the index stay light

    return search.SearchIndex(settings)


def index_records(settings: Settings, records: Iterable[Record], removed_ids: Iterable[str] = ()) -> None:
    """Bring the index in step with records that were written and ids that were removed."""
    records = list(records)
    removed = list(removed_ids)
    if not records and not removed:
        return
    index = _index(settings)
    if removed:
        index.delete(removed)
    if records:
        index.upsert(records)


def ingest_one(path: Path, settings: Settings, store: Store, shown: str | None = None) -> FileResult:
    try:
        doc = read_document(path, settings, shown)
    except IngestError as exc:
        return FileResult(exc.path, "failed", reason=exc.reason)
    record = doc.record
    with write_lock(settings):
        sha = store.put_original(doc.data)
        assert sha == record.source.sha256
        saved = store.save(record)
        if saved.status != "unchanged":
            index_records(settings, [record], saved.replaced_ids)
    return FileResult(record.source.path or str(path), saved.status, saved.record_id)


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    store: Store | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    store = store or Store(settings)
    report = BatchReport()
    for path in iter_files(paths):
        result = ingest_one(path, settings, store)
        report.results.append(result)
        if on_result:
            on_result(result)
    return report


def count_files(paths: list[Path]) -> int:
    return sum(1 for _ in iter_files(paths))
