"""The archive store: one YAML file per record under DATA/records/, originals by sha256.

The YAML files are the source of truth; everything else (the search index, the in-memory
catalog here) is derived from them.

Several processes may share one data folder (`evidence serve --processes N`, a CLI ingest beside
the server). Each keeps its own catalog (sha256 -> id, source path -> ids), so each write and
delete also leaves a fresh token in `DATA/.records-changed`; `save`, which decides "new, unchanged or
replacing", first compares that token with the last one this process saw and re-reads the folder's
listing when another process has written since. Callers hold the data folder's write lock
(`webapp.jobs.write_lock`) around `save`, so the check and the write it decides are one step.

`evidence check --repair` goes through the store too: `temp_files` / `remove_temp_files` for what a
killed writer left, `quarantine` to move a torn or duplicate record file or a corrupt original
aside (to DATA/quarantine/<batch>/, never deleted), telling other processes the records changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ArchiveError, RecordCorrupt, RecordNotFound
from .fsutil import atomic_write, remove_stale_temp_files, write_temp
from .ids import is_valid_id
from .record import Record
from .settings import Settings

log = logging.getLogger(__name__)

CHANGES_FILE = ".records-changed"  # in the data folder, beside .write.lock
QUARANTINE_DIR = "quarantine"  # in the data folder: what a repair moved aside
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_record(record: Record) -> bytes:
    return yaml.dump(
        record.to_dict(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000
    ).encode("utf-8")


def load_record_bytes(data: bytes, name: str = "record") -> Record:
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=_Loader)  # a safe loader, never yaml.load's full one
        return Record.from_dict(raw)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise RecordCorrupt(f"{name}: not a valid record ({exc.__class__.__name__}: {exc})") from None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _put_in_place(staged: Path, target: Path) -> bool:
    """Rename a synced temp file to its place; False when it is gone (another process starting up
    removed it as a killed writer's leftover): the caller then writes the file itself."""
    try:
        os.replace(staged, target)
        return True
    except FileNotFoundError:
        log.debug("%s: its temp file was removed meanwhile; written again", target.name)
        return False


@dataclass(frozen=True)
class SaveResult:
    status: str  # "ingested" | "unchanged" | "replaced"
    record_id: str
    replaced_ids: tuple[str, ...] = ()


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.records_dir = settings.records_dir
        self.originals_dir = settings.originals_dir
        self.changes_path = settings.data_dir / CHANGES_FILE
        self._lock = threading.RLock()
        self._by_sha: dict[str, str] | None = None
        self._by_path: dict[str, set[str]] | None = None
        self._known: set[str] = set()  # the ids the catalog holds
        self._seen_token: str | None = None  # the token when the catalog was last in step
        self._torn: dict[str, list[Path]] | None = None  # temp files of originals killed writes left

    # -- grouped writes ------------------------------------------------------
    # A bulk writer stores many records at a time: it writes each file's bytes to a temp file first
    # (`stage_original`, `stage_record`), makes them all durable at once (`fsutil.sync_files`), then
    # stores them as usual with `staged=` (each temp file is renamed into place, or removed when not
    # needed) and syncs the two folders once (`fsutil.sync_folders`). Each file is still old or new
    # after a crash, never torn, for about two syncs a group instead of four a record.

    def stage_original(self, data: bytes) -> Path | None:
        """The original's bytes in a temp file (not synced), or None when the archive has it."""
        target = self.originals_dir / sha256_hex(data)
        self._torn_originals()  # listed before this temp file is made: it is no killed write's
        return None if target.exists() else write_temp(target, data)

    def stage_record(self, record_id: str, data: bytes) -> Path:
        """A record file's bytes in a temp file beside it (not synced)."""
        self._ensure_catalog()  # built first: building it removes the temp files killed writers left
        return write_temp(self.path_for(record_id), data)

    # -- originals -----------------------------------------------------------
    def put_original(self, data: bytes, staged: Path | None = None) -> str:
        """Keep the bytes under their sha256 (callers hold the write lock). A temp file an earlier,
        killed write of the same bytes left behind is removed: this write completes what it began.
        `staged`: the bytes' synced temp file (see grouped writes), put in place or removed."""
        sha = sha256_hex(data)
        target = self.originals_dir / sha
        for torn in self._torn_originals().pop(sha, ()):
            if torn != staged:
                with contextlib.suppress(FileNotFoundError):
                    torn.unlink()
        if target.exists():
            if staged is not None:
                staged.unlink(missing_ok=True)
        elif staged is None or not _put_in_place(staged, target):
            atomic_write(target, data)
        return sha

    def _torn_originals(self) -> dict[str, list[Path]]:
        """The temp files killed writes of originals left ({sha: files}), listed once per Store: a
        listing per original made each bulk write read the whole folder (100,000 names at 100,000)."""
        if self._torn is None:
            self._torn = {}
            if self.originals_dir.is_dir():
                for tmp in self.originals_dir.glob(".*.tmp"):
                    self._torn.setdefault(tmp.name[1:].split(".", 1)[0], []).append(tmp)
        return self._torn

    def original_path(self, sha: str) -> Path:
        if not (len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
            raise RecordNotFound(f"no original {sha!r}")
        path = self.originals_dir / sha
        if not path.is_file():
            raise RecordNotFound(f"no original {sha}")
        return path

    # -- records -------------------------------------------------------------
    def path_for(self, record_id: str) -> Path:
        if not is_valid_id(record_id):
            raise RecordNotFound(f"no record {record_id!r}")
        return self.records_dir / f"{record_id}.yaml"

    def exists(self, record_id: str) -> bool:
        try:
            return self.path_for(record_id).is_file()
        except RecordNotFound:
            return False

    def stamp(self, record_id: str) -> tuple[int, int, int] | None:
        """What tells this version of the record's file from any other (every write replaces the file),
        or None when the archive does not hold the record: a writer that let go of the write lock
        compares stamps to learn whether another process rewrote or removed the record meanwhile."""
        try:
            st = self.path_for(record_id).stat()
        except (FileNotFoundError, RecordNotFound):
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def get(self, record_id: str) -> Record:
        path = self.path_for(record_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise RecordNotFound(f"no record {record_id!r}") from None
        return load_record_bytes(data, str(path))

    def ids(self) -> list[str]:
        if not self.records_dir.is_dir():
            return []
        return sorted(p.stem for p in self.records_dir.glob("*.yaml") if not p.name.startswith("."))

    def __iter__(self) -> Iterator[Record]:
        for record_id in self.ids():
            yield self.get(record_id)

    def __len__(self) -> int:
        return len(self.ids())

    def write(self, record: Record, data: bytes | None = None, staged: Path | None = None) -> None:
        """Write (or overwrite) one record atomically (`data`: `dump_record(record)`, if made already;
        `staged`: a synced temp file of `data` to put in place, see grouped writes)."""
        with self._lock:
            if staged is None or not _put_in_place(staged, self.path_for(record.id)):
                atomic_write(self.path_for(record.id), dump_record(record) if data is None else data)
            self._remember(record)
            self._mark_changed()

    def delete(self, record_id: str) -> bool:
        with self._lock:
            path = self.path_for(record_id)
            try:
                path.unlink()
            except FileNotFoundError:
                return False
            self._forget(record_id)
            self._mark_changed()
            return True

    def save(self, record: Record, data: bytes | None = None, staged: Path | None = None) -> SaveResult:
        """Store a freshly ingested record, applying the identity rules (`data`: `dump_record(record)`,
        if another process, a bulk import's reader, made it already; `staged`: a synced temp file of
        `data`, put in place or removed, see grouped writes).

        Same bytes as an existing record: unchanged (nothing written). Same source path with
        other bytes: the old record is replaced (its original is kept). Call it under the data
        folder's write lock: it first takes in what other processes have written.
        """
        with self._lock:
            self._sync_catalog()
            sha = record.source.sha256 or ""
            existing = self.find_by_sha(sha)
            if existing and self.exists(existing):
                # Finish a replacement a crash cut short: older versions at this path still on disk.
                stale = self._others_at_path(record.source.path, existing)
                for old_id in stale:
                    self.delete(old_id)
                if staged is not None:
                    staged.unlink(missing_ok=True)
                return SaveResult("unchanged", existing, stale)
            replaced = self._others_at_path(record.source.path, record.id)
            self.write(record, data, staged)  # the new version first: a crash here leaves both, which a rerun mends
            for old_id in replaced:
                self.delete(old_id)
            return SaveResult("replaced" if replaced else "ingested", record.id, replaced)

    def _others_at_path(self, path: str | None, keep: str) -> tuple[str, ...]:
        if not path:
            return ()
        self._ensure_catalog()
        assert self._by_path is not None
        return tuple(sorted(i for i in self._by_path.get(path, ()) if i != keep and self.exists(i)))

    # -- repair (callers hold the write lock) -----------------------------------
    def temp_files(self) -> list[Path]:
        """Temp files a killed writer left in records/ and originals/."""
        return sorted(tmp for folder in (self.records_dir, self.originals_dir) if folder.is_dir()
                      for tmp in folder.glob(".*.tmp"))

    def remove_temp_files(self) -> list[Path]:
        """Remove the temp files a killed writer left; returns those removed."""
        removed = []
        for tmp in self.temp_files():
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
        return removed

    def quarantine(self, path: Path, batch: str) -> Path:
        """Move a record file or an original out of the archive to DATA/quarantine/<batch>/ (at the
        same place under it; nothing is deleted) and return where it went. Other processes see the
        records changed, as after a delete."""
        folder = path.parent.resolve()
        if folder not in (self.records_dir.resolve(), self.originals_dir.resolve()):
            raise ArchiveError(f"{path}: not a record file or an original of this archive")
        target = self.settings.data_dir / QUARANTINE_DIR / batch / folder.name / path.name
        with self._lock:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            if folder == self.records_dir.resolve():
                self._forget(path.stem)
                self._mark_changed()
        return target

    # -- catalog (derived, in memory) ------------------------------------------
    def find_by_sha(self, sha: str) -> str | None:
        self._ensure_catalog()
        assert self._by_sha is not None
        return self._by_sha.get(sha)

    def find_by_path(self, path: str) -> str | None:
        """The record of this source path (if a crash left two, the last by id; `save` mends that),
        as of the last committed write of any process."""
        with self._lock:
            self._sync_catalog()
        assert self._by_path is not None
        ids = self._by_path.get(path)
        return max(ids) if ids else None

    def _ensure_catalog(self) -> None:
        with self._lock:
            if self._by_sha is not None:
                return
            remove_stale_temp_files(self.records_dir)
            self._seen_token = self._read_token()  # before the listing: a later change shows as a new token
            self._by_sha, self._by_path, self._known = {}, {}, set()
            for record_id in self.ids():
                self._load_into_catalog(record_id)

    def _sync_catalog(self) -> None:
        """Bring the catalog in step with writes and deletes made by other processes since it was built."""
        if self._by_sha is None:
            self._ensure_catalog()
            return
        token = self._read_token()
        if token == self._seen_token:
            return
        self._seen_token = token
        on_disk = set(self.ids())
        for gone in self._known - on_disk:
            self._forget(gone)
        for new in sorted(on_disk - self._known):
            self._load_into_catalog(new)
        log.debug("catalog brought in step with other processes' writes")

    def _load_into_catalog(self, record_id: str) -> None:
        try:
            record = self.get(record_id)
        except RecordCorrupt as exc:
            log.warning("skipping unreadable record: %s", exc)
            return
        except RecordNotFound:  # deleted meanwhile (a reader without the write lock)
            return
        self._remember(record)

    def _read_token(self) -> str:
        try:
            return self.changes_path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return ""

    def _mark_changed(self) -> None:
        """Leave a fresh token for other processes: "the records changed". Written by rename, so a
        reader sees the old token or the new one; no fsync (losing it in a crash only means the next
        process builds its catalog from the folder, as it does anyway)."""
        if self._by_sha is not None:
            self._sync_catalog()  # take in other processes' changes before this token hides them
        token = uuid.uuid4().hex
        target = self.changes_path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{CHANGES_FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(token, encoding="ascii")
        os.replace(tmp, target)
        if self._by_sha is not None:
            self._seen_token = token

    def _remember(self, record: Record) -> None:
        if self._by_sha is None or self._by_path is None:
            return
        self._known.add(record.id)
        if record.source.sha256:
            self._by_sha[record.source.sha256] = record.id
        if record.source.path:
            self._by_path.setdefault(record.source.path, set()).add(record.id)

    def _forget(self, record_id: str) -> None:
        self._known.discard(record_id)
        if self._by_sha is not None:
            for key in [k for k, v in self._by_sha.items() if v == record_id]:
                del self._by_sha[key]
        if self._by_path is not None:
            for ids in self._by_path.values():
                ids.discard(record_id)
