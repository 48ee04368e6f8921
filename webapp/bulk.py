"""Bulk import and distributed ingest: the client side (one writer), with the reading done in place or
on a Dask cluster.

The client reads the input (files and their sidecars, or the rows of an import file), skips what the
archive already holds (same bytes: a rerun after a crash resumes there), and sends the rest in small
tasks to the readers: `read_items` of `ingest/` (extraction, OCR, enrichment; bytes in, Records and
their record files' bytes out). It stores each record as the results arrive, and hands every
`bulk_segment_records` stored records back to a reader, which builds their index segment
(`search.SegmentBatch`); the client only lists the finished segment. The client is the only process
that writes to the data folder. Reuse links are brought up to date once, when the import ends.

Readers are this process (`LocalReader`) or the workers of a Dask cluster (`DaskReader`: a scheduler's
address, or a local cluster of N worker processes). The client sends the bytes of every file with its
task, so workers need no access to the files or the data folder, only this project installed.

Failures: a worker killed mid-task has its tasks run again on another worker (Dask does that); a task
whose worker died `allowed-failures` times is split into one task per document, so the documents
beside a bad one are read, and a document that still kills its worker is reported by name, never
retried without end.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import (
    Settings,
    Store,
    Vocabulary,
    dump_record,
    load_vocabulary,
    sha256_hex,
    sync_files,
    sync_folders,
)

from .jobs import (
    BatchReport,
    FileResult,
    index_batch,
    index_if_missing,
    indexed_ids,
    iter_ingest_targets,
    keep_editor_choices,
    store_record,
    write_lock,
)

if TYPE_CHECKING:
    from ingest import Item, Outcome
    from search import BuiltSegment, SegmentBatch

log = logging.getLogger(__name__)

# How often a local cluster's scheduler lets a task's worker die before it gives up on the task.
LOCAL_ALLOWED_FAILURES = 2
# How long the client waits for a scheduler's first worker before it gives up with a message.
WAIT_FOR_WORKERS_S = 60


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or started; the message says which and why."""


@dataclass(frozen=True)
class ClusterOptions:
    """Where the reading runs: a scheduler's address, or N local worker processes; neither: in place."""

    scheduler: str | None = None
    workers: int | None = None

    @property
    def distributed(self) -> bool:
        return bool(self.scheduler or self.workers)


# -- readers -----------------------------------------------------------------------------------------

Done = tuple[list["Item"], list["Outcome"]]


class LocalReader:
    """Reads each task in this process, one after another."""

    def __init__(self, settings: Settings, vocab: Vocabulary) -> None:
        self.settings, self.vocab = settings, vocab

    def run(self, tasks: Iterable[list[Item]]) -> Iterator[Done]:
        from ingest import read_items

        for items in tasks:
            yield items, read_items(items, self.settings, self.vocab)

    def build_segment(self, records: list[bytes]) -> Built:
        """The index segment of these records (record files' bytes), built here and now."""
        from search import build_segment

        return Built(build_segment(records, self.settings.search.search_build_limit_mb))

    def close(self) -> None:
        pass


@dataclass
class Built:
    """A segment built in this process (what a Dask future is for a worker's)."""

    segment: BuiltSegment | None

    def done(self) -> bool:
        return True

    def result(self) -> BuiltSegment | None:
        return self.segment


class DaskReader:
    """Reads tasks on the workers of a Dask cluster, a few tasks per worker in flight at a time."""

    def __init__(self, settings: Settings, vocab: Vocabulary, options: ClusterOptions) -> None:
        quiet = not logging.getLogger().isEnabledFor(logging.INFO)  # Dask's own log only with -v
        if quiet:
            os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # read by the local workers as they start
        import dask
        from distributed import Client, LocalCluster

        if quiet:
            logging.getLogger("distributed").setLevel(logging.WARNING)
        self.settings, self.vocab = settings, vocab
        self.vocab_key = _fingerprint(vocab)
        self.cluster = None
        try:
            if options.scheduler:
                self.client = Client(options.scheduler, timeout="20s", set_as_default=False)
                self._wait_for_a_worker(options.scheduler)
            else:
                with dask.config.set({"distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES}):
                    self.cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True,
                                                host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            where = options.scheduler or f"a local cluster of {options.workers} workers"
            raise ClusterError(f"cannot reach {where}: {exc}") from None

    def _wait_for_a_worker(self, address: str) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except TimeoutError:
            self.client.close()
            raise ClusterError(f"the scheduler at {address} has no workers (start some: dask worker {address} "
                               "--nthreads 1)") from None

    def threads(self) -> int:
        workers = self.client.scheduler_info(n_workers=-1).get("workers", {})
        return max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def run(self, tasks: Iterable[list[Item]]) -> Iterator[Done]:
        from distributed import as_completed

        pending: dict[Any, list[Item]] = {}
        suspects: list[Item] = []
        waiting = as_completed(loop=self.client.loop)
        queue = iter(tasks)
        window = 3 * self.threads() + 2  # tasks in flight: each worker busy, the next few sent

        def send(items: list[Item]) -> None:
            future = self._submit(items)
            pending[future] = items
            waiting.add(future)

        def fill() -> None:
            while len(pending) < window:
                items = next(queue, None)
                if items is None:
                    return
                send(items)

        fill()
        for future in waiting:
            items = pending.pop(future)
            try:
                outcomes = future.result()
            except Exception as exc:  # KilledWorker, a lost scheduler: reported, never a traceback
                yield from self._failed(items, exc, send, suspects)
            else:
                yield items, outcomes
            future.release()
            fill()
        yield from self._on_probation(suspects)

    def build_segment(self, records: list[bytes]) -> Any:
        """A worker builds the index segment of these records (record files' bytes): a Dask future."""
        [sent] = self.client.scatter([records], hash=False)
        return self.client.submit(_build_segment, sent, self.settings.search.search_build_limit_mb, pure=False,
                                  key=f"evidence-segment-{uuid.uuid4().hex}")

    def _submit(self, items: list[Item]) -> Any:
        return self.client.submit(_read_items, items, self.settings, self.vocab, self.vocab_key, pure=False,
                                  key=f"evidence-read-{uuid.uuid4().hex}")

    def _failed(self, items: list[Item], exc: Exception, send: Callable[[list[Item]], None],
                suspects: list[Item]) -> Iterator[Done]:
        from distributed import KilledWorker

        from ingest import Outcome

        if isinstance(exc, KilledWorker):
            # Every task a dying worker held is blamed: the one that killed it, and those waiting beside it.
            if len(items) > 1:
                log.warning("a task of %d documents was on workers that died; reading them one by one", len(items))
                for item in items:
                    send([item])
            else:
                suspects.extend(items)
            return
        reason = f"not read: the cluster lost the task ({exc.__class__.__name__}: {exc})"
        yield items, [Outcome(item.name, reason=reason) for item in items]

    def _on_probation(self, suspects: list[Item]) -> Iterator[Done]:
        """Documents whose workers died each time they were tried, tried again each alone (nothing else
        of ours in flight), so that a document is named only when it kills its worker by itself."""
        from distributed import KilledWorker

        from ingest import Outcome

        for item in suspects:
            log.warning("%s: its workers died; trying it alone", item.name)
            future = self._submit([item])
            try:
                yield [item], future.result()
            except KilledWorker:
                reason = "crashed the worker reading it each time it was tried, alone too (reported, not retried)"
                yield [item], [Outcome(item.name, reason=reason)]
            except Exception as exc:
                yield [item], [Outcome(item.name, reason=f"not read: the cluster lost the task ({exc})")]
            finally:
                future.release()

    def close(self) -> None:
        """Disconnect once every result is stored: a slow goodbye from a busy scheduler (Dask logs a
        TimeoutError) changes nothing the import did, so it is noted with -v and not shown after the
        summary line."""
        dask_log = logging.getLogger("distributed")
        level = dask_log.level
        if not log.isEnabledFor(logging.DEBUG):
            dask_log.setLevel(logging.CRITICAL)
        try:
            for closing in (self.client, self.cluster):
                if closing is None:
                    continue
                try:
                    closing.close()
                except (OSError, TimeoutError, RuntimeError) as exc:
                    log.debug("closing the Dask %s: %s", type(closing).__name__, exc)
        finally:
            dask_log.setLevel(level)


# On a worker: the vocabularies last sent, by fingerprint. Every task brings them (a worker may join
# at any time), but the worker reads with the first copy it kept, so what enrichment compiles from
# them (the name finder, the topics' patterns) is made once per worker, not once per task.
_kept_vocab: dict[str, Vocabulary] = {}


def _fingerprint(vocab: Vocabulary) -> str:
    import hashlib
    import pickle

    return hashlib.sha256(pickle.dumps(vocab, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _read_items(items: list[Item], settings: Settings, vocab: Vocabulary, vocab_key: str | None = None) -> list[Outcome]:
    """What a worker runs (a module-level function: pickled by reference, found in `ingest/`)."""
    from ingest import read_items

    if vocab_key is not None:
        kept = _kept_vocab.get(vocab_key)
        if kept is None:
            _kept_vocab.clear()
            kept = _kept_vocab[vocab_key] = vocab
        vocab = kept
    return read_items(items, settings, vocab)


def _build_segment(records: list[bytes], limitmb: int) -> BuiltSegment | None:
    """What a worker runs for an index segment (found in `search/`)."""
    from search import build_segment

    return build_segment(records, limitmb)


def open_reader(settings: Settings, options: ClusterOptions) -> LocalReader | DaskReader:
    """The reader for these options; the vocabularies are loaded here and sent with each task."""
    vocab = load_vocabulary(settings.vocab_dir)
    return DaskReader(settings, vocab, options) if options.distributed else LocalReader(settings, vocab)


# -- the client: what to read, and storing what was read -----------------------------------------------

def tasks_of(items: Iterable[Item], max_items: int, max_bytes: int) -> Iterator[list[Item]]:
    """Items grouped into tasks: text documents together, at most `max_items` of them or `max_bytes`
    bytes; a PDF, a scan or a Word file (seconds a page) in a task of its own, so OCR spreads over
    every worker."""
    from ingest import is_light

    task: list[Item] = []
    size = 0
    for item in items:
        if not is_light(item):
            yield [item]
            continue
        if task and (len(task) >= max_items or size + len(item.data) > max_bytes):
            yield task
            task, size = [], 0
        task.append(item)
        size += len(item.data)
    if task:
        yield task


def run_bulk(sources: Iterable[Item | FileResult], settings: Settings, store: Store,
             reader: LocalReader | DaskReader, on_result: Callable[[FileResult], None] | None = None) -> BatchReport:
    """Read the sources (an Item to read, or a FileResult already decided), store and index what was
    read; one result per source. Documents whose bytes the archive holds are not read again.

    The index segments are built by the readers (`search.SegmentBatch`), and reuse links are brought
    up to date once, after the import (see `link_imported`)."""
    report = BatchReport()
    # Read before the batch opens (opening the index mends what a killed run left unindexed).
    indexed = indexed_ids(settings)

    def emit(result: FileResult) -> None:
        report.results.append(result)
        if on_result:
            on_result(result)

    if settings.search.search_meaning:  # dense vectors are written by the writer's index batches only
        with index_batch(settings) as batch:
            _read_and_store(sources, store, reader, emit, settings.ingest,
                            on_known=lambda known: index_if_missing(settings, store, batch, known, indexed),
                            on_task=lambda read: [store_record(outcome.record, item.data, settings, store, batch,
                                                               outcome.name) for item, outcome in read])
        return report
    stored: list[str] = []
    removed: list[str] = []
    with segment_batch(settings, reader, indexed) as segments:
        def on_known(known: str) -> None:
            if known not in indexed and known not in segments:  # a killed run stored it, unindexed
                with write_lock(settings):
                    if store.exists(known):
                        segments.add(known, store.path_for(known).read_bytes())
                        stored.append(known)

        def on_task(read: list[tuple[Item, Outcome]]) -> list[FileResult]:
            results = []
            for result, replaced in store_task(read, settings, store, segments):
                if result.status != "unchanged" and result.record_id:
                    stored.append(result.record_id)
                removed.extend(replaced)
                results.append(result)
            return results

        _read_and_store(sources, store, reader, emit, settings.ingest, on_known, on_task, after_task=segments.poll)
    if settings.ingest.bulk_reuse_links:
        link_imported(settings, store, stored, removed)
    elif stored or removed:
        log.warning("reuse links not brought up to date (bulk_reuse_links is off): run `evidence reuse --all`")
    return report


def _read_and_store(sources: Iterable[Item | FileResult], store: Store, reader: LocalReader | DaskReader,
                    emit: Callable[[FileResult], None], limits: Any, on_known: Callable[[str], Any],
                    on_task: Callable[[list[tuple[Item, Outcome]]], list[FileResult]],
                    after_task: Callable[[], None] = lambda: None) -> None:
    """The sources through the reader: a source whose bytes the archive holds is `unchanged` unread
    (`on_known` with its id), every other is read; the documents of a task that were read are handed
    to `on_task` together, which stores them (a result each, in order)."""
    def unread() -> Iterator[Item]:
        for source in sources:
            if isinstance(source, FileResult):
                emit(source)
                continue
            known = store.find_by_sha(sha256_hex(source.data))
            if known and store.exists(known):  # stored before (a rerun, a resumed run): not read again
                on_known(known)
                emit(FileResult(source.name, "unchanged", known))
                continue
            yield source

    for items, outcomes in reader.run(tasks_of(unread(), limits.bulk_task_documents, limits.bulk_task_kb * 1024)):
        read = [(item, outcome) for item, outcome in zip(items, outcomes, strict=True) if outcome.record is not None]
        stored = iter(on_task(read) if read else [])
        for outcome in outcomes:
            emit(FileResult(outcome.name, "failed", reason=outcome.reason) if outcome.record is None
                 else next(stored))
        after_task()


def segment_batch(settings: Settings, reader: LocalReader | DaskReader, indexed: set[str]) -> SegmentBatch:
    """The index batch of a bulk import: segments built by `reader`, listed by this process."""
    import search

    return search.SegmentBatch(search.SearchIndex(settings), settings.ingest.bulk_segment_records,
                               reader.build_segment, lambda: write_lock(settings), held=indexed)


Stored = tuple[FileResult, tuple[str, ...]]  # a result, and the ids the record replaced


def store_task(read: list[tuple[Item, Outcome]], settings: Settings, store: Store,
               segments: SegmentBatch) -> list[Stored]:
    """Store the documents of one task (each its original, then the record file its reader made) in
    one grouped write: every file's bytes are written to a temp file and made durable together, then
    each is stored as `store_read` stores it, and the folders are synced once. A crash leaves each file
    old or new, never torn (see `Store.stage_record`)."""
    with write_lock(settings):
        staged: list[tuple[Path | None, Path | None]] = []
        try:
            for item, outcome in read:
                assert outcome.record is not None
                staged.append((store.stage_original(item.data),
                               store.stage_record(outcome.record.id, outcome.data) if outcome.data else None))
            sync_files([path for pair in staged for path in pair if path is not None])
            results = [store_read(outcome, item.data, settings, store, segments, pair)
                       for (item, outcome), pair in zip(read, staged, strict=True)]
            sync_folders([store.records_dir, store.originals_dir])
            return results
        finally:  # what was not put in place (an error part way): removed, as a killed writer's would be
            for pair in staged:
                for path in pair:
                    if path is not None:
                        path.unlink(missing_ok=True)


def store_read(outcome: Outcome, data: bytes, settings: Settings, store: Store, segments: SegmentBatch,
               staged: tuple[Path | None, Path | None] = (None, None)) -> Stored:
    """Store one document a reader read (its original, then the record file the reader made) and
    hand the record to the segment batch; the result and the ids it replaced. Call under the write
    lock. `staged`: synced temp files of the original and of the record file (`store_task`), put in
    place or removed."""
    record = outcome.record
    assert record is not None
    staged_original, staged_record = staged
    store.put_original(data, staged_original)
    dumped = outcome.data
    previous = store.find_by_path(record.source.path) if record.source.path else None
    if previous and previous != record.id:  # a new version of a file: the editors' choices are kept
        keep_editor_choices(settings, store, record)
        dumped = None
    if dumped is None:
        dumped = dump_record(record)
        if staged_record is not None:  # made before the editors' choices were kept
            staged_record.unlink(missing_ok=True)
            staged_record = None
    saved = store.save(record, dumped, staged_record)
    if saved.status != "unchanged":
        segments.add(record.id, dumped, saved.replaced_ids)
    elif saved.replaced_ids:
        segments.remove(saved.replaced_ids)
    return FileResult(outcome.name, saved.status, saved.record_id), saved.replaced_ids


# Up to this many records imported, their reuse links are made one record at a time; more, by the
# resumable whole-archive pass, which reads every record once and finds all candidates in one join.
LINK_ONE_BY_ONE = 1000


def link_imported(settings: Settings, store: Store, stored: list[str], removed: list[str]) -> None:
    """Reuse links of the records an import stored (and of those it replaced), once, after it."""
    from archive import RecordCorrupt, RecordNotFound

    from .reuse_links import rebuild_links, update_links

    if not stored and not removed:
        return
    if len(stored) > LINK_ONE_BY_ONE:  # (as `evidence reuse --all`: its own transactions, no write lock)
        log.info("reuse links: the whole-archive pass for %d imported records", len(stored))
        rebuild_links(settings, store, fresh=False, on_error=log.warning)
        return
    with write_lock(settings):
        records = []
        for record_id in stored:
            try:
                records.append(store.get(record_id))
            except (RecordNotFound, RecordCorrupt):
                continue
        update_links(settings, records, removed)


def file_sources(paths: list[Path], settings: Settings) -> Iterator[Item | FileResult]:
    """The files under `paths` as Items (bytes and sidecar read here), or their failures."""
    from ingest import IngestError, display_path, file_item

    for path, refusal in iter_ingest_targets(paths):
        if refusal:
            yield FileResult(display_path(path), "failed", reason=refusal)
            continue
        try:
            yield file_item(path, settings)
        except IngestError as exc:
            yield FileResult(exc.path, "failed", reason=exc.reason)


def row_sources(import_file: Path, mapping: dict[str, str], settings: Settings) -> Iterator[Item | FileResult]:
    """The rows of an import file as Items, or their failures (named by line). Raises ImportFileError
    when the file as a whole cannot be read."""
    from ingest import IngestError, read_rows, row_item

    for number, row in read_rows(import_file, mapping):
        if isinstance(row, IngestError):
            yield FileResult(row.path, "failed", reason=row.reason)
            continue
        try:
            yield row_item(number, row, import_file, settings)
        except IngestError as exc:
            yield FileResult(exc.path, "failed", reason=exc.reason)


def unknown_columns(import_file: Path, mapping: dict[str, str], rows: int = 100) -> list[str]:
    """Columns of the first rows that are neither a record field nor mapped to one (they are passed over)."""
    from ingest import ROW_COLUMNS, IngestError, read_rows

    seen: dict[str, None] = {}
    for count, (_, row) in enumerate(read_rows(import_file, mapping)):
        if count >= rows:
            break
        if not isinstance(row, IngestError):
            seen.update((k, None) for k in row if k not in ROW_COLUMNS)
    return list(seen)
