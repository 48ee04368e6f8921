"""The jobs the CLI and the web app share: ingest-store-index, and keeping the index in step.

"Ingest these files, store them, index them" is `ingest_items`, the one orchestration: `evidence
ingest` calls it through `ingest_paths` (files and folders), the upload page with the files it
saved. It mends the crash windows of an earlier run (a record stored but not indexed is indexed when
its file comes again; `Store.save` finishes a replacement cut short) and writes the index in batches
(`search.IndexBatch`: every `ingest_batch_records` records or `ingest_batch_seconds` seconds, and
before it returns), so what it ingested is searchable when it returns. The ingest and search packages are imported where they are
used: the command line starts without them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import (
    CORRECTABLE,
    DOC_TYPES,
    Record,
    RecordCorrupt,
    RecordNotFound,
    Settings,
    Store,
    dump_record,
    exclusive_lock,
    load_vocabulary,
)

if TYPE_CHECKING:
    from search import IndexBatch

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


def ingest_one(path: Path, settings: Settings, store: Store, shown: str | None = None,
               batch: IndexBatch | None = None) -> FileResult:
    """Read, store and index one file (indexed now, or added to `batch`). The record is written
    before the index; a crash between the two is mended by the next index write (the batch's ids
    are journaled), the next ingest or upload of the same file (see `ingest_items`) or `evidence check`."""
    from ingest import IngestError, read_document

    try:
        doc = read_document(path, settings, shown)
    except IngestError as exc:
        return FileResult(exc.path, "failed", reason=exc.reason)
    return store_record(doc.record, doc.data, settings, store, batch, doc.record.source.path or str(path))


def store_record(record: Record, data: bytes, settings: Settings, store: Store, batch: IndexBatch | None,
                 shown: str) -> FileResult:
    """Store one read document (its original bytes, then the record) and index it now or in `batch`."""
    with write_lock(settings):
        store.put_original(data)
        keep_editor_choices(settings, store, record)
        saved = store.save(record)
        written = [record] if saved.status != "unchanged" else []
        if batch is None:
            index_records(settings, written, saved.replaced_ids)
        else:
            batch.add(written, saved.replaced_ids)
    return FileResult(shown, saved.status, saved.record_id)


@contextlib.contextmanager
def index_batch(settings: Settings) -> Iterator[IndexBatch]:
    """A batch of index writes for an ingest of many files (see the module docstring), written out
    when the block ends, however it ends."""
    import search

    from .reuse_links import update_links

    batch = search.IndexBatch(_index(settings), settings.ingest.ingest_batch_records, settings.ingest.ingest_batch_seconds,
                              after_write=lambda records, removed: update_links(settings, records, removed))
    try:
        yield batch
    finally:
        with write_lock(settings):
            batch.close()


def _outside(path: Path, root: Path) -> bool:
    """A symbolic link in a folder being ingested that points out of that folder."""
    try:
        return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return True


def iter_ingest_targets(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file to ingest, with a refusal reason for links that lead out of a folder given."""
    from ingest import iter_files

    for given in paths:
        for path in iter_files([given]):
            refused = given.is_dir() and _outside(path, given)
            yield path, "a symbolic link to a file outside the folder being ingested (refused)" if refused else None


@dataclass(frozen=True)
class IngestItem:
    """One file to ingest: where its bytes are, the name to record and show (None: from the path),
    or why it is refused unread."""

    path: Path
    shown: str | None = None
    refusal: str | None = None


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    store: Store | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Ingest, store and index files and folders (`ingest_items`)."""
    items = (IngestItem(path, refusal=refusal) for path, refusal in iter_ingest_targets(paths))
    return ingest_items(items, settings, store, on_result)


def ingest_items(
    items: Iterable[IngestItem],
    settings: Settings,
    store: Store | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """Ingest, store and index files; one result per file, in order. Everything ingested is in the
    index when this returns (also when it is interrupted)."""
    from ingest import display_path

    store = store or Store(settings)
    report = BatchReport()
    indexed: set[str] | None = None  # read once, only if some file turns out unchanged
    with index_batch(settings) as batch:
        for item in items:
            if item.refusal:
                result = FileResult(item.shown or display_path(item.path), "failed", reason=item.refusal)
            else:
                result = ingest_one(item.path, settings, store, shown=item.shown, batch=batch)
            if result.status == "unchanged" and result.record_id:
                indexed = index_if_missing(settings, store, batch, result.record_id, indexed)
            report.results.append(result)
            if on_result:
                on_result(result)
    return report


def index_if_missing(settings: Settings, store: Store, batch: IndexBatch, record_id: str,
                     indexed: set[str] | None) -> set[str]:
    """A stored record that a crash kept out of the index (stored, then killed before the index
    write) goes into `batch`. Returns the index's ids, read once (pass them back in)."""
    if indexed is None:
        indexed = _index(settings).record_ids()
    if record_id not in indexed:
        with write_lock(settings):
            if store.exists(record_id):  # (another process may have replaced it since)
                batch.add([store.get(record_id)])
        indexed.add(record_id)
    return indexed


def indexed_ids(settings: Settings) -> set[str]:
    """The ids the index holds (an index is created, or mended after a crash, as it opens)."""
    return _index(settings).record_ids()


def count_files(paths: list[Path]) -> int:
    from ingest import iter_files

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
    from ingest.enrich import enrich_with

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
            record.apply_corrections()  # an editor's corrections stay over whatever enrichment read
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


def keep_editor_choices(settings: Settings, store: Store, record: Record) -> None:
    """A new version of a file already in the archive keeps the editors' choices made on the old one:
    metadata corrections, and topic decisions when the new version brings none (from a sidecar).
    Call under the write lock."""
    previous_id = store.find_by_path(record.source.path) if record.source.path else None
    if not previous_id or previous_id == record.id:
        return
    try:
        previous = store.get(previous_id)
    except (RecordNotFound, RecordCorrupt):
        return
    if previous.source.sha256 == record.source.sha256:
        return
    if previous.corrections:
        record.corrections = dict(previous.corrections)
        record.apply_corrections()
    manual = previous.topics_manual or {}
    mine = record.topics_manual or {}
    if (manual.get("add") or manual.get("remove")) and not (mine.get("add") or mine.get("remove")):
        from ingest.enrich import apply_topics

        record.topics_manual = {"add": list(manual.get("add") or []), "remove": list(manual.get("remove") or [])}
        apply_topics(record, load_vocabulary(settings.vocab_dir), settings)


class InvalidCorrection(ValueError):
    """A metadata correction an editor submitted is not valid; the message names the field."""

    def __init__(self, field_name: str, reason: str) -> None:
        self.field = field_name
        super().__init__(f"{field_name}: {reason}")


_PRECISION_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_MAX_CHARS = {"title": 1000, "org": 300, "url": 2000}
_MAX_NAMES, _MAX_NAME_CHARS = 100, 300


def check_correction_date(value: Any, precision: Any) -> str | None:
    """An ISO date of the given precision (day | month | year), or None for "no date"."""
    text = str(value or "").strip()
    if not text:
        return None
    precision = str(precision or "day")
    if precision not in _PRECISION_FORMS:
        raise InvalidCorrection("date_precision", f"{precision!r} is not one of day, month, year")
    text = text[:{"day": 10, "month": 7, "year": 4}[precision]]  # a fuller date cut to the precision chosen
    if not re.fullmatch(_PRECISION_FORMS[precision], text):
        example = {"day": "2024-03-05", "month": "2024-03", "year": "2024"}[precision]
        raise InvalidCorrection("date", f"{value!r} is not a date like {example} (precision: {precision})")
    try:
        dt.date.fromisoformat({"day": text, "month": text + "-01", "year": text + "-01-01"}[precision])
    except ValueError:
        raise InvalidCorrection("date", f"{value!r} is not a real date") from None
    return text


def _names(field_name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidCorrection(field_name, "must be a list of names (one per line)")
    names = [" ".join(v.split()) for v in value if v.strip()]
    if len(names) > _MAX_NAMES:
        raise InvalidCorrection(field_name, f"at most {_MAX_NAMES} names")
    if any(len(n) > _MAX_NAME_CHARS for n in names):
        raise InvalidCorrection(field_name, f"a name is over {_MAX_NAME_CHARS} characters")
    return names


def check_corrections(submitted: dict[str, Any]) -> dict[str, Any]:
    """The submitted fields, checked and normalised (only the fields given; CORRECTABLE names)."""
    checked: dict[str, Any] = {}
    for name in CORRECTABLE:
        if name not in submitted:
            continue
        value = submitted[name]
        if name == "date":
            checked[name] = check_correction_date(value, submitted.get("date_precision"))
        elif name == "doc_type":
            if value not in DOC_TYPES:
                raise InvalidCorrection(name, f"{value!r} is not one of {', '.join(DOC_TYPES)}")
            checked[name] = value
        elif name in ("authors", "recipients"):
            checked[name] = _names(name, value)
        else:
            if value is not None and not isinstance(value, str):
                raise InvalidCorrection(name, "must be text")
            text = " ".join((value or "").split())
            if len(text) > _MAX_CHARS[name]:
                raise InvalidCorrection(name, f"over {_MAX_CHARS[name]:,} characters")
            if name == "title" and not text:
                raise InvalidCorrection(name, "a record needs a title")
            if name == "url" and text and not text.lower().startswith(("http://", "https://")):
                raise InvalidCorrection(name, "must start with http:// or https://")
            checked[name] = text or None
    return checked


def correct_metadata(settings: Settings, store: Store, record_id: str, submitted: dict[str, Any]) -> tuple[Record, list[str]]:
    """Apply an editor's corrections to one record: fields whose value differs from the record's
    become corrections (kept through re-ingest and retag); writes and re-indexes the record.

    Returns the record and the names of the fields changed. Raises RecordNotFound, InvalidCorrection."""
    checked = check_corrections(submitted)
    with write_lock(settings):
        record = store.get(record_id)
        current = record.metadata_values()
        changed = [name for name, value in checked.items() if value != current[name]]
        if not changed:
            return record, []
        record.corrections = {**(record.corrections or {}), **{name: checked[name] for name in changed}}
        record.apply_corrections()
        store.write(record)
        index_records(settings, [record])
    return record, changed


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
    from ingest.enrich import apply_topics

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

