"""Bulk input: rows of a JSON-lines or CSV file, and the work a Dask worker does (bytes in, Records out).

A row is one document: `text` (the document's text) or `path` (a file, relative to the import file's
folder), plus any record fields by their names (FIELDS). `--map SRC=DEST` renames other columns.
Every row becomes either an `Item` (what to read, with the row's fields as its sidecar) or a
`RowError` naming the file, the line and the reason.

`read_items` runs on any machine (it imports nothing but `ingest/` and `archive/`): it is what a
worker runs, on the bytes the client sent, and what a single process runs in place.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import Record, Settings, Vocabulary, dump_record

from .errors import IngestError
from .metafile import load_sidecar, validate_fields
from .pipeline import build_record, display_path, read_bytes

log = logging.getLogger(__name__)

# The record fields a row may give by name (the sidecar's fields), and the two ways to give the document.
FIELDS = ("title", "date", "doc_type", "org", "url", "authors", "recipients", "topics", "notes")
CONTENT = ("text", "path")
ROW_COLUMNS = FIELDS + CONTENT  # the columns a row may have without --map
LIST_SEPARATOR = ";"  # between names in a CSV cell ("Jane Doe; John Roe"); JSON rows may give a list
MAX_ROW_CHARS = 60 * 1024 * 1024  # a row longer than this is refused (a document is capped by max_file_mb)


class ImportFileError(IngestError):
    """The import file as a whole cannot be read (missing, not JSON lines or CSV, no header)."""


class RowError(IngestError):
    """One row is not valid; `path` is "FILE line N"."""


@dataclass
class Item:
    """One document to read: its bytes, the name it is shown under, and its fields (a sidecar's)."""

    name: str  # "FILE line N" for a row, the file's path for a file
    data: bytes
    fields: dict[str, Any] = field(default_factory=dict)
    source_path: str | None = None  # the record's source.path (None for a row's text)
    origin: dict[str, Any] | None = None  # kept in the record's `extraction.imported_from`


# Documents read from their text in milliseconds; anything else (PDFs, scans for OCR, Word files) may
# take seconds a page and travels in a task of its own.
LIGHT_TYPES = ("text/plain", "text/html", "text/markdown")


def is_light(item: Item) -> bool:
    """A document that is quick to read (text, HTML, Markdown): several go in one task."""
    from .detect import detect_media_type

    try:
        return detect_media_type(item.data, item.name) in LIGHT_TYPES
    except IngestError:
        return True  # refused by the reader in no time


@dataclass
class Outcome:
    """What reading one Item gave: a Record (and its record file's bytes, made by the reader: the
    writer stores them as they are), or the reason it failed."""

    name: str
    record: Record | None = None
    reason: str | None = None
    data: bytes | None = None


# -- reading an import file ------------------------------------------------------------------------

def parse_mapping(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`SRC=DEST` pairs as a dict; ValueError naming the pair when one is malformed or DEST unknown."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        src, sep, dest = pair.partition("=")
        src, dest = src.strip(), dest.strip()
        if not sep or not src or not dest:
            raise ValueError(f"--map {pair!r}: expected SRC=DEST (a column name, '=', a record field)")
        if dest not in FIELDS + CONTENT:
            raise ValueError(f"--map {pair!r}: {dest!r} is not a record field ({', '.join(FIELDS + CONTENT)})")
        mapping[src] = dest
    return mapping


def file_format(path: Path) -> str:
    """"jsonl" or "csv", from the name (a .gz ending is unpacked as it is read)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    raise ImportFileError(str(path), "not a .jsonl, .jsonl.gz or .csv file (the name says which it is)")


def _open_text(path: Path) -> io.TextIOBase:
    try:
        raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ImportFileError(str(path), f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def read_rows(path: Path, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """(line number, the row's fields renamed by `mapping`) for each row, or a RowError for a row that
    cannot be parsed. Raises ImportFileError when the file as a whole cannot be read."""
    fmt = file_format(path)
    shown = path.name
    with _open_text(path) as fh:
        try:
            rows = _json_rows(fh, shown) if fmt == "jsonl" else _csv_rows(fh, shown)
            for number, row in rows:
                yield number, row if isinstance(row, RowError) else {mapping.get(k, k): v for k, v in row.items()}
        except UnicodeDecodeError as exc:
            raise ImportFileError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except (OSError, EOFError) as exc:  # a truncated .gz
            raise ImportFileError(str(path), f"cannot be read to the end ({exc})") from None


def _json_rows(fh: io.TextIOBase, shown: str) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    for number, line in enumerate(fh, 1):
        if not line.strip():
            continue
        where = f"{shown} line {number}"
        if len(line) > MAX_ROW_CHARS:
            yield number, RowError(where, f"the row is over {MAX_ROW_CHARS // 1048576} MB")
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield number, RowError(where, f"not valid JSON ({getattr(exc, 'msg', exc.__class__.__name__)})")
            continue
        if not isinstance(row, dict):
            yield number, RowError(where, "not a JSON object ({...})")
            continue
        yield number, row


def _csv_rows(fh: io.TextIOBase, shown: str) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    csv.field_size_limit(MAX_ROW_CHARS)
    reader = csv.reader(fh)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise ImportFileError(shown, f"the header line is not valid CSV ({exc})") from None
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        twice = next(h for h in header if header.count(h) > 1)
        raise ImportFileError(shown, f"the column {twice!r} is named twice in the header")
    while True:
        number = reader.line_num + 1  # a quoted cell may span lines: the row is named by its first
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield number, RowError(f"{shown} line {number}", f"not valid CSV ({exc})")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield number, RowError(f"{shown} line {number}",
                                   f"{len(cells)} cells where the header names {len(header)} columns")
            continue
        yield number, {h: c for h, c in zip(header, cells, strict=True) if c != ""}


def row_item(number: int, row: dict[str, Any], import_file: Path, settings: Settings) -> Item:
    """The Item of one parsed row; RowError naming the line and the reason when the row is not valid.
    A row's `path` is read here (relative to the import file's folder)."""
    where = f"{import_file.name} line {number}"
    text, given_path = row.get("text"), row.get("path")
    if text is not None and given_path is not None:
        raise RowError(where, "gives both 'text' and 'path' (a row is one document: give one of them)")
    raw = {k: _listed(k, v) for k, v in row.items() if k in FIELDS and v is not None}
    try:
        fields = validate_fields(where, raw)
    except IngestError as exc:
        raise RowError(where, exc.reason) from None
    origin = {"file": import_file.name, "line": number}
    if text is not None:
        if not isinstance(text, str):
            raise RowError(where, "'text' must be text")
        if not text.strip():
            raise RowError(where, "'text' is empty")
        return Item(where, text.encode("utf-8"), fields, None, origin)
    if given_path is None:
        raise RowError(where, "no 'text' and no 'path' (use --map COLUMN=text to name the text's column)")
    if not isinstance(given_path, str) or not given_path.strip():
        raise RowError(where, "'path' must be a file name")
    target = Path(given_path)
    if not target.is_absolute():
        target = import_file.parent / target
    shown = display_path(target)
    try:
        data = read_bytes(target, settings, shown)
    except IngestError as exc:
        raise RowError(where, f"{exc.path}: {exc.reason}") from None
    return Item(shown, data, fields, shown, origin)


def file_item(path: Path, settings: Settings) -> Item:
    """The Item of a file to ingest: its bytes and its sidecar's fields (read by the client, which
    sends them: workers need no access to the files). IngestError names the file and the reason."""
    shown = display_path(path)
    data = read_bytes(path, settings, shown)
    return Item(shown, data, load_sidecar(path), shown)


def _listed(key: str, value: Any) -> Any:
    """A list field given as one text ("A; B") as a list; other values as they are."""
    if key in ("authors", "recipients", "topics") and isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    if key not in ("authors", "recipients", "topics") and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


# -- the work of a worker ----------------------------------------------------------------------------

def read_items(items: list[Item], settings: Settings, vocab: Vocabulary | None = None) -> list[Outcome]:
    """Read, extract, OCR and enrich each Item into a Record (not stored). A bad document is an
    Outcome with its reason; one document never fails the others."""
    out = []
    for item in items:
        try:
            record = build_record(item.data, item.name, settings, item.fields, vocab=vocab)
        except IngestError as exc:
            out.append(Outcome(item.name, reason=exc.reason))
            continue
        except Exception as exc:  # a bug met on this document: named, and the rest goes on
            log.exception("reading %s failed", item.name)
            out.append(Outcome(item.name, reason=f"could not be read ({exc.__class__.__name__}: {exc})"))
            continue
        record.source.path = item.source_path
        if item.origin:
            record.extraction["imported_from"] = dict(item.origin)
        out.append(Outcome(item.name, record, data=dump_record(record)))
    return out
