"""`evidence check [--repair]`: verify the archive and say how to repair what is wrong.

Checks: every record file parses and is named by its id; every original's bytes hash to its
name; each record's original is present; no source file is archived twice; no temp files left
by a killed writer; the search index holds exactly the archive's records.

`--repair` (under the data-folder write lock, through the Store): removes stale temp files, moves
torn, misnamed and duplicate records and corrupt originals to DATA/quarantine/<time>/, and rebuilds
the index from the archive. Nothing is deleted outright: quarantined files can be inspected and
restored. Other processes (a running server) see the records changed, as after any store write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from archive import Record, RecordCorrupt, Settings, Store, load_record_bytes
from webapp.jobs import write_lock

from . import main
from .context import CliContext

log = logging.getLogger(__name__)

_HASH_CHUNK = 1 << 20


@dataclass
class Problem:
    kind: str       # torn-record | misnamed-record | duplicate-record | missing-original | corrupt-original
    #                 | stale-temp | index-missing | index-extra | index-damaged
    subject: str    # the file or record id concerned
    reason: str
    fix: str        # what the user can do about it
    repairable: bool = True

    def line(self) -> str:
        return f"{self.kind}: {self.subject}: {self.reason}. Fix: {self.fix}"


@dataclass
class CheckReport:
    records: int = 0
    originals: int = 0
    indexed: int | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    good_ids: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "ok": self.ok, "records": self.records, "originals": self.originals, "indexed": self.indexed,
            "problems": [asdict(p) for p in self.problems], "notes": self.notes,
        }


def _rel(settings: Settings, path: Path) -> str:
    try:
        return str(path.relative_to(settings.data_dir))
    except ValueError:
        return str(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stale_temps(settings: Settings, report: CheckReport) -> None:
    for tmp in Store(settings).temp_files():
        report.problems.append(Problem(
            "stale-temp", _rel(settings, tmp), "a temp file left by an interrupted write",
            "evidence check --repair removes it"))


def _read_records(settings: Settings, report: CheckReport) -> dict[str, Record]:
    good: dict[str, Record] = {}
    if not settings.records_dir.is_dir():
        return good
    for path in sorted(settings.records_dir.glob("*.yaml")):
        if path.name.startswith("."):
            continue
        report.records += 1
        try:
            record = load_record_bytes(path.read_bytes(), _rel(settings, path))
        except RecordCorrupt as exc:
            report.problems.append(Problem(
                "torn-record", _rel(settings, path), str(exc).split(": ", 1)[-1],
                "evidence check --repair moves it to quarantine/; then ingest its source file again"))
            continue
        except OSError as exc:
            report.problems.append(Problem(
                "torn-record", _rel(settings, path), f"cannot be read ({exc.strerror})",
                "check the file's permissions", repairable=False))
            continue
        if record.id != path.stem:
            report.problems.append(Problem(
                "misnamed-record", _rel(settings, path), f"holds record {record.id!r}",
                "evidence check --repair moves it to quarantine/; then ingest its source file again"))
            continue
        good[record.id] = record
    return good


def _newest_first(settings: Settings, records: list[Record]) -> list[Record]:
    """By ingest time, then by when the record file was written (ingest times have 1 s resolution)."""
    def written(record: Record) -> int:
        try:
            return (settings.records_dir / f"{record.id}.yaml").stat().st_mtime_ns
        except OSError:
            return 0

    return sorted(records, key=lambda r: (r.ingested_at or "", written(r), r.id), reverse=True)


def _duplicates(settings: Settings, good: dict[str, Record], report: CheckReport) -> None:
    """One record per original and per source path; a crash between writing a replacement and
    deleting the record it replaces could leave two."""
    seen_dupes: set[str] = set()
    for attr in ("sha256", "path"):
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in good.values():
            key = getattr(record.source, attr)
            if key:
                groups[key].append(record)
        for key, group in sorted(groups.items()):
            if len(group) < 2:
                continue
            keep, *extra = _newest_first(settings, group)
            for record in extra:
                if record.id in seen_dupes:
                    continue
                seen_dupes.add(record.id)
                report.problems.append(Problem(
                    "duplicate-record", record.id,
                    f"same source {attr} ({key}) as {keep.id}, which is newer",
                    f"evidence check --repair moves the older record to quarantine/ and keeps {keep.id}"))
    for record_id in seen_dupes:
        good.pop(record_id, None)


def _originals(settings: Settings, good: dict[str, Record], report: CheckReport) -> None:
    referenced = {r.source.sha256: r for r in good.values() if r.source.sha256}
    present: set[str] = set()
    if settings.originals_dir.is_dir():
        for path in sorted(settings.originals_dir.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            report.originals += 1
            present.add(path.name)
            actual = file_sha256(path)
            if actual != path.name:
                owner = referenced.get(path.name)
                again = f"; then ingest {owner.source.path} again" if owner and owner.source.path else ""
                report.problems.append(Problem(
                    "corrupt-original", _rel(settings, path), f"its bytes hash to {actual[:12]}…, not to its name",
                    f"evidence check --repair moves it to quarantine/{again}"))
                present.discard(path.name)
    orphans = present - set(referenced)
    if orphans:
        report.notes.append(f"{len(orphans)} original(s) belong to no record (harmless; an interrupted "
                            "ingest stores the original before the record)")
    for sha, record in sorted(referenced.items()):
        if sha not in present and not (settings.originals_dir / sha).is_file():
            src = record.source.path or "its source file"
            report.problems.append(Problem(
                "missing-original", record.id, f"its original {sha[:12]}… is not in originals/",
                f"ingest {src} again to restore it", repairable=False))


def _index(settings: Settings, good: dict[str, Record], report: CheckReport) -> None:
    try:
        import search

        indexed = set(search.SearchIndex(settings).record_ids())
    except Exception as exc:  # a damaged or missing index is a finding, not a crash
        log.debug("index could not be read", exc_info=True)
        report.problems.append(Problem(
            "index-damaged", _rel(settings, settings.index_dir), f"cannot be read ({exc.__class__.__name__}: {exc})",
            "evidence check --repair (or evidence reindex) rebuilds it from the archive"))
        return
    report.indexed = len(indexed)
    archive_ids = set(good)
    for record_id in sorted(archive_ids - indexed):
        report.problems.append(Problem(
            "index-missing", record_id, "in the archive but not in the search index",
            "evidence check --repair (or evidence reindex) rebuilds the index"))
    for record_id in sorted(indexed - archive_ids):
        report.problems.append(Problem(
            "index-extra", record_id, "in the search index but not (or not intact) in the archive",
            "evidence check --repair (or evidence reindex) rebuilds the index"))


def check_archive(settings: Settings) -> CheckReport:
    report = CheckReport()
    _stale_temps(settings, report)
    good = _read_records(settings, report)
    _duplicates(settings, good, report)
    _originals(settings, good, report)
    _index(settings, good, report)
    report.good_ids = set(good)
    return report


def repair_archive(settings: Settings, report: CheckReport, store: Store | None = None) -> list[str]:
    """Fix what `report` found, through the store (hold the write lock around it). Returns one line
    per action."""
    done: list[str] = []
    batch = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    store = store or Store(settings)
    rebuild = False
    if any(p.kind == "stale-temp" for p in report.problems):
        done += [f"removed {_rel(settings, tmp)}" for tmp in store.remove_temp_files()]
    for p in report.problems:
        if not p.repairable:
            continue
        if p.kind in ("torn-record", "misnamed-record", "corrupt-original", "duplicate-record"):
            src = store.path_for(p.subject) if p.kind == "duplicate-record" else settings.data_dir / p.subject
            if src.exists():
                target = store.quarantine(src, batch)
                done.append(f"moved {_rel(settings, src)} to {_rel(settings, target)}")
            rebuild = True
        elif p.kind.startswith("index-"):
            rebuild = True
    if rebuild:
        import search

        stats = search.SearchIndex(settings).rebuild(store)
        done.append(f"rebuilt the search index ({_stats_text(stats)})")
    return done


def _stats_text(stats: object) -> str:
    if isinstance(stats, dict):
        count = stats.get("records", stats.get("count"))
        if count is not None:
            return f"{count} records"
    return "from the archive"


def _print_report(report: CheckReport) -> None:
    indexed = "unreadable" if report.indexed is None else str(report.indexed)
    click.echo(f"checked {report.records} record file(s), {report.originals} original(s); index holds {indexed}")
    for note in report.notes:
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(problem.line())
    if report.ok:
        click.echo("archive OK")
    else:
        fixable = sum(p.repairable for p in report.problems)
        click.echo(f"{len(report.problems)} problem(s); {fixable} can be repaired with: evidence check --repair")


@main.command("check")
@click.option("--repair", is_flag=True, help="Quarantine torn records, remove temp files, rebuild the index.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as one JSON object.")
@click.pass_obj
def check(obj: CliContext, repair: bool, as_json: bool) -> None:
    """Verify the archive: records parse, originals' hashes match, the index agrees."""
    settings = obj.settings
    if not settings.data_dir.is_dir():
        raise click.ClickException(f"{settings.data_dir}: no such data folder")
    if repair:
        with write_lock(settings):
            report = check_archive(settings)
            actions = repair_archive(settings, report) if not report.ok else []
            if actions:
                from webapp.auth import write_audit

                from .user_cmd import cli_actor

                write_audit(settings, cli_actor(), "archive.repair", None, {"actions": actions})
            for line in actions:
                click.echo(f"repaired: {line}", err=True)
            report = check_archive(settings)
    else:
        report = check_archive(settings)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        _print_report(report)
    if not report.ok:
        raise SystemExit(1)
