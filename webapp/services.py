"""The jobs the CLI and the web app share: ingest-store-index, and keeping the index in step.

"Ingest these files, store them, index them" is `ingest_paths`; the upload page and
`evidence ingest` both call it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive import Record, Settings, Store, exclusive_lock
from ingest import IngestError, display_path, iter_files, read_document

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
    """Read, store and index one file. The record is written before the index; a crash between the
    two is mended by the next ingest of the same file (see `ingest_paths`) or by `evidence check`."""
    try:
        doc = read_document(path, settings, shown)
    except IngestError as exc:
        return FileResult(exc.path, "failed", reason=exc.reason)
    record = doc.record
    with write_lock(settings):
        store.put_original(doc.data)
        saved = store.save(record)
        written = [record] if saved.status != "unchanged" else []
        index_records(settings, written, saved.replaced_ids)
    return FileResult(record.source.path or str(path), saved.status, saved.record_id)


def _outside(path: Path, root: Path) -> bool:
    """A symbolic link in a folder being ingested that points out of that folder."""
    try:
        return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return True


def _batch(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file to ingest, with a refusal reason for links that lead out of a folder given."""
    for given in paths:
        for path in iter_files([given]):
            refused = given.is_dir() and _outside(path, given)
            yield path, "a symbolic link to a file outside the folder being ingested (refused)" if refused else None


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    store: Store | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Ingest, store and index files and folders; one result per file, in order."""
    store = store or Store(settings)
    report = BatchReport()
    indexed: set[str] | None = None  # read once, only if some file turns out unchanged
    for path, refusal in _batch(paths):
        if refusal:
            result = FileResult(display_path(path), "failed", reason=refusal)
        else:
            result = ingest_one(path, settings, store)
        if result.status == "unchanged" and result.record_id:
            if indexed is None:
                indexed = _index(settings).record_ids()
            if result.record_id not in indexed:  # stored, but a crash came before the index update
                with write_lock(settings):
                    index_records(settings, [store.get(result.record_id)])
                indexed.add(result.record_id)
        report.results.append(result)
        if on_result:
            on_result(result)
    return report


def count_files(paths: list[Path]) -> int:
    return sum(1 for _ in iter_files(paths))
