"""The jobs the CLI and the web app share: ingest-store-index, and keeping the index in step.

"Ingest these files, store them, index them" is `ingest_paths`; the upload page and
`evidence ingest` both call it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive import (
    Record,
    RecordCorrupt,
    Settings,
    Store,
    dump_record,
    exclusive_lock,
    load_vocabulary,
)
from ingest import IngestError, display_path, iter_files, read_document
from ingest.enrich import apply_topics, enrich_with

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
    from .reuse_links import update_links

    update_links(settings, records, removed)


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


@dataclass
class RetagReport:
    changed: list[Record] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    topics_added: Counter[str] = field(default_factory=Counter)
    topics_removed: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        total = len(self.changed) + self.unchanged + len(self.failed)
        line = f"{total} records: {len(self.changed)} changed, {self.unchanged} unchanged, {len(self.failed)} failed"
        parts = [f"+{t} ×{n}" for t, n in sorted(self.topics_added.items())]
        parts += [f"-{t} ×{n}" for t, n in sorted(self.topics_removed.items())]
        return line + (f"\ntopics: {', '.join(parts)}" if parts else "")

    def to_dict(self) -> dict:
        return {"changed": [r.id for r in self.changed], "unchanged": self.unchanged, "failed": list(self.failed),
                "topics_added": dict(sorted(self.topics_added.items())),
                "topics_removed": dict(sorted(self.topics_removed.items()))}


def retag_store(settings: Settings, store: Store, write: bool = True) -> RetagReport:
    """Re-enrich every record in the store; write (and index) the ones that changed.

    Raises VocabularyError when a vocabulary file is broken (before anything is written).
    """
    vocab = load_vocabulary(settings.vocab_dir)
    report = RetagReport()
    with write_lock(settings):
        for record_id in store.ids():
            try:
                record = store.get(record_id)
            except RecordCorrupt as exc:
                report.failed.append(str(exc))
                continue
            before = dump_record(record)
            old_topics = set(record.topics)
            enrich_with(record, vocab, settings)
            if dump_record(record) == before:
                report.unchanged += 1
                continue
            report.topics_added.update(set(record.topics) - old_topics)
            report.topics_removed.update(old_topics - set(record.topics))
            if write:
                store.write(record)
            report.changed.append(record)
        if write and report.changed:
            index_records(settings, report.changed)
    return report


def delete_record(settings: Settings, store: Store, record_id: str, actor: object = None) -> Record:
    """Delete one record from the store and the index; its original bytes are kept.

    Raises RecordNotFound for an unknown id. `actor` is only logged here (the caller audits).
    """
    with write_lock(settings):
        record = store.get(record_id)
        store.delete(record_id)
        index_records(settings, [], [record_id])
    log.info("record %s deleted by %s", record_id, getattr(actor, "name", actor))
    return record


class UnknownTopic(ValueError):
    """A manual topic decision names a topic id the vocabulary does not have."""

    def __init__(self, topic_id: str, path: Path) -> None:
        self.topic_id = topic_id
        super().__init__(f"topic: {topic_id!r} is not a topic id in {path}")


def set_manual_topic(settings: Settings, store: Store, record_id: str, topic_id: str, add: bool) -> Record:
    """Record an editor's decision to add (or remove) a topic; a later decision overrides an earlier one.

    Re-applies topics, writes the record atomically and re-indexes it. Raises RecordNotFound,
    UnknownTopic, or VocabularyError (broken vocabulary; nothing written).
    """
    vocab = load_vocabulary(settings.vocab_dir)
    if topic_id not in vocab.topic_ids:
        raise UnknownTopic(topic_id, Path(settings.vocab_dir) / "topics.yaml")
    with write_lock(settings):
        record = store.get(record_id)
        manual = record.topics_manual or {}
        adds = [t for t in manual.get("add") or [] if t != topic_id]
        removes = [t for t in manual.get("remove") or [] if t != topic_id]
        (adds if add else removes).append(topic_id)
        record.topics_manual = {"add": adds, "remove": removes}
        apply_topics(record, vocab, settings)
        store.write(record)
        index_records(settings, [record])
    return record

