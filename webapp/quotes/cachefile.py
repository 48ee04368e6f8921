"""The quotes catalog's copy on disk (DATA/cache/quotes.json), so a new process need not read every record.

It is derived, like the search index: deleting it loses nothing, and an unreadable or outdated one
is ignored. Each record file's entry carries the stat signature it was read under; the catalog
trusts an entry only while the file still has that signature, so a stale copy costs re-reading
the changed files, never a wrong answer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive import atomic_write

from .quoteset import Row

log = logging.getLogger(__name__)

FORMAT = 1  # raise when the rows' fields or this layout change: older files are then ignored

Signature = tuple[int, int, int, int]  # inode, size, mtime_ns, ctime_ns of a record file


@dataclass(frozen=True)
class Entry:
    """What one record file holds for the quotes page."""

    sig: Signature | None  # None: the file changed too recently to trust its stat; read it again next time
    key: tuple[str, str]  # (date or "", record id): records sort newest first by it
    rows: tuple[Row, ...]  # its quotes, in page order


_RECORD_FIELDS = ("record_id", "title", "date", "doc_type", "topics")
_QUOTE_FIELDS = ("text", "speaker", "speaker_role", "via", "paragraph")


def _encode(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"sig": entry.sig, "key": entry.key}
    if entry.rows:
        out["record"] = {f: entry.rows[0][f] for f in _RECORD_FIELDS}
        out["quotes"] = [[row[f] for f in _QUOTE_FIELDS] for row in entry.rows]
    return out


def _signature(raw: Any) -> Signature | None:
    if raw is None:
        return None
    ino, size, mtime_ns, ctime_ns = raw
    return int(ino), int(size), int(mtime_ns), int(ctime_ns)


def _decode(raw: dict[str, Any]) -> Entry:
    record = raw.get("record") or {}
    rows = tuple({**dict(zip(_QUOTE_FIELDS, q, strict=True)), **record} for q in raw.get("quotes") or [])
    date, record_id = raw["key"]
    return Entry(_signature(raw["sig"]), (str(date), str(record_id)), rows)


def load(path: Path) -> dict[str, Entry]:
    """Entries by record file name; empty when the file is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            log.info("quotes cache %s is of another format; reading the records", path)
            return {}
        return {str(name): _decode(raw) for name, raw in data["records"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("quotes cache %s unreadable (%s: %s); reading the records", path, exc.__class__.__name__, exc)
        return {}


def save(path: Path, entries: dict[str, Entry]) -> bool:
    """Write the entries atomically; a failure (read-only data folder, full disk) is logged, not raised."""
    data = {"format": FORMAT, "records": {name: _encode(e) for name, e in entries.items()}}
    try:
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError as exc:
        log.warning("quotes cache %s not written: %s", path, exc)
        return False
    return True
