"""From a file on disk to a complete Record (not yet stored).

load (read + size check) -> detect media type -> extract (the registered ingestor)
-> normalize -> sidecar -> fill fields from the text (letter fields, dates, doc type)
-> enrich -> id.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive import Paragraph, Record, Settings, Source, Vocabulary, human_date, make_record_id, sha256_hex

from . import describe, doctype, letter, release, runon, textdates
from .detect import detect_media_type
from .enrich import enrich_record, enrich_with
from .errors import EmptyDocument, IngestError, TooLarge, Unreadable, UnsupportedType
from .metafile import is_sidecar, load_sidecar
from .model import Block, Extracted
from .normalize import normalize_text
from .registry import ingestor_for

log = logging.getLogger(__name__)

# Files a folder walk passes over: vocabularies, sidecars, provenance notes, hidden files.
_SKIP_SUFFIXES = (".yaml", ".yml", ".json")
_SKIP_NAMES = ("readme", "readme.md", "readme.txt", "license", "provenance.md")


@dataclass
class Document:
    record: Record
    data: bytes


def display_path(path: Path) -> str:
    """The path as stored in `source.path`: relative to the working folder when inside it. A symbolic
    link is named by its own name, never by its target's."""
    try:
        full = path.parent.resolve() / path.name
        return os.path.relpath(full, Path.cwd()) if full.is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named directly, and the documents inside folders (recursively, in name order)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for name in sorted(files):
                    child = Path(root) / name
                    if _skipped_in_walk(child):
                        continue
                    yield child
        elif is_sidecar(path):
            continue  # metadata for the file beside it, not a document
        else:
            yield path


def _skipped_in_walk(path: Path) -> bool:
    name = path.name.lower()
    return name.startswith(".") or is_sidecar(path) or name.endswith(_SKIP_SUFFIXES) or name in _SKIP_NAMES


def read_bytes(path: Path, settings: Settings, shown: str) -> bytes:
    try:
        if path.is_symlink() and not path.resolve().exists():
            raise Unreadable(shown, "broken symbolic link")
        if not path.exists():
            raise Unreadable(shown, "no such file")
        if path.is_dir():
            raise Unreadable(shown, "is a folder, not a file")
        size = path.stat().st_size
        if size > settings.ingest.max_file_bytes:
            raise TooLarge(
                shown, f"{size / 1048576:.1f} MB is over the {settings.ingest.max_file_mb:g} MB limit (setting max_file_mb)"
            )
        with open(path, "rb") as fh:
            data = fh.read(settings.ingest.max_file_bytes + 1)
    except PermissionError:
        raise Unreadable(shown, "permission denied") from None
    except OSError as exc:
        raise Unreadable(shown, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > settings.ingest.max_file_bytes:
        raise TooLarge(shown, f"over the {settings.ingest.max_file_mb:g} MB limit (setting max_file_mb)")
    return data


def read_document(path: Path, settings: Settings, shown: str | None = None) -> Document:
    """Read and extract one file into a Record. Raises an IngestError subclass on bad input."""
    shown = shown or display_path(path)
    data = read_bytes(path, settings, shown)
    sidecar = load_sidecar(path)
    record = build_record(data, shown, settings, sidecar)
    return Document(record, data)


def extract(data: bytes, shown: str, settings: Settings) -> Extracted:
    if not data.strip(b" \t\r\n\x00"):
        raise EmptyDocument(shown, "the file is empty")
    media = detect_media_type(data, shown)
    ingestor = ingestor_for(media)
    if ingestor is None:
        raise UnsupportedType(shown, f"cannot read files of type {media}")
    try:
        return ingestor(data, shown, settings)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(shown, f"the {media} structure is nested too deeply to read") from None
    except MemoryError:
        raise IngestError(shown, "the file needs too much memory to read") from None
    except Exception as exc:  # a library failing on malformed input is still the file's fault
        log.debug("ingestor for %s failed on %s", media, shown, exc_info=True)
        raise IngestError(shown, f"could not be read as {media} ({exc.__class__.__name__}: {exc})") from None


def build_record(data: bytes, shown: str, settings: Settings, sidecar: dict | None = None,
                 vocab: Vocabulary | None = None) -> Record:
    """A Record from a file's bytes (enriched with `vocab`, else the vocabularies of settings.vocab_dir)."""
    sidecar = sidecar or {}
    ex = extract(data, shown, settings)
    blocks = [Block(normalize_text(b.text), b.kind, b.page) for b in ex.blocks]
    blocks = [b for b in blocks if b.text]
    if not blocks or sum(len(b.text) for b in blocks) < 2:
        raise EmptyDocument(shown, "no text found in the document")

    org = sidecar.get("org") or ex.org
    blocks = _drop_site_footer(blocks, org)
    if not blocks:
        raise EmptyDocument(shown, "no text found in the document")
    blocks, anatomy = release.read_front(blocks)
    blocks = release.split_tail(blocks)
    if ex.media_type != "text/html":  # a web page's paragraphs are its own markup's; scraped text lost them
        blocks = letter.split_letter_parts(blocks)
    if ex.media_type != "text/markdown":  # Markdown marks its paragraphs with blank lines: they are meant
        blocks = runon.split_run_on(blocks)
    fields = letter.letter_fields(blocks)
    _mark_signature(blocks, fields)
    title = sidecar.get("title") or (ex.title and release.clean_title(ex.title)) or anatomy.headline
    title = title or _supplied_title(blocks, fields, anatomy)
    paragraphs = [Paragraph(n=i, text=b.text, page=b.page, kind=b.kind) for i, b in enumerate(blocks, 1)]
    texts = [b.text for b in blocks if b.kind != "heading" or b is blocks[-1]]  # release lines say nothing about it
    sha = sha256_hex(data)
    record = Record(
        id="",
        title=title or "",
        source=Source(
            org=org,
            url=sidecar.get("url") or ex.url,
            path=shown,
            sha256=sha,
            media_type=ex.media_type,
        ),
        authors=_authors(sidecar.get("authors") or ex.authors or fields.signatories
                         or ([anatomy.byline] if anatomy.byline else []), texts, title, org),
        recipients=list(sidecar.get("recipients") or ex.recipients or fields.recipients),
        paragraphs=paragraphs,
        extraction=dict(ex.extraction),
        notes=sidecar.get("notes"),
        ingested_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    )
    record.doc_type = sidecar.get("doc_type") or ex.doc_type or doctype.classify(record, fields)
    record.date, record.date_source = _pick_date(sidecar, ex, fields, blocks, record.doc_type, anatomy)
    if record.date_source == "letter" and ex.date and ex.date != record.date:
        # a letter reposted on a page: the letter's own date line wins; the page's date is kept here
        record.extraction["published"] = {"date": ex.date, "date_source": ex.date_source or "meta"}
    if not title:
        title = record.title = _letter_title(record.doc_type, fields) or describe.describe(
            record.doc_type, org, record.authors, record.date, texts
        )
    record.id = make_record_id(record.date, title, sha)
    if sidecar.get("topics"):
        record.topics_manual = {"add": list(sidecar["topics"]), "remove": []}
    if vocab is None:
        enrich_record(record, settings)
    else:
        enrich_with(record, vocab, settings)
    return record


def _authors(given: list[str], texts: list[str], title: str | None, org: str | None) -> list[str]:
    """Signers or supplied authors (names in capitals in their proper case), else the people whose
    own statement the document is."""
    if given:
        return list(dict.fromkeys(describe.proper_case(name) for name in given))
    return describe.statement_authors(texts, title, org)


def _supplied_title(blocks: list[Block], fields: letter.LetterFields, anatomy: release.Anatomy) -> str | None:
    """A letter's supplied title when the document opens as a letter (letterhead, date, address: no
    narrative before the salutation), else its first heading."""
    opens_as_letter = all(len(b.text) < 250 for b in blocks[: fields.salutation_index or 0])
    if opens_as_letter and (title := _letter_title("letter", fields)):
        return title
    return _first_heading(blocks[1:] if anatomy.front else blocks)


def _letter_title(doc_type: str | None, fields: letter.LetterFields) -> str | None:
    """A letter's supplied title; a release or statement quoting a letter is described as what it is."""
    if doc_type == "letter" and fields.is_letter and fields.recipients and (fields.salutation_index or 0) <= 12:
        when = f", {human_date(fields.date)}" if fields.date else ""
        return f"[Letter to {fields.recipients[0]}{when}]"
    return None


def _first_heading(blocks: list[Block]) -> str | None:
    """A title when the document states none: its first heading; else None (the pipeline then
    supplies a bracketed description, never a cut-off sentence)."""
    for b in blocks[:3]:
        if b.kind == "heading" and not textdates.is_date_line(b.text):
            return b.text
    return None


def _drop_site_footer(blocks: list[Block], org: str | None) -> list[Block]:
    """A last line that is only the site's or organization's name is page chrome, not text
    (unless it closes a letter's signature)."""
    is_footer = org and len(blocks) > 1 and blocks[-1].text.strip().rstrip(".") == org.strip()
    return blocks[:-1] if is_footer and not letter.is_closing(blocks[-2].text) else blocks


def _mark_signature(blocks: list[Block], fields: letter.LetterFields) -> None:
    """The closing ("Sincerely,") and the names and cc: lines after it are the signature."""
    if fields.closing_index is None:
        return
    tail = blocks[fields.closing_index:]
    if all(len(b.text) < 200 for b in tail):
        for b in tail:
            b.kind = "signature"


def _pick_date(
    sidecar: dict, ex: Extracted, fields: letter.LetterFields, blocks: list[Block], doc_type: str,
    anatomy: release.Anatomy,
) -> tuple[str | None, str | None]:
    """Sidecar, then a letter's own date line (for letters), then the file's metadata, then a release
    line, then the text."""
    if sidecar.get("date"):
        return sidecar["date"], "sidecar"
    if doc_type == "letter" and fields.date:
        return fields.date, "letter"
    if ex.date:
        return ex.date, ex.date_source or "meta"
    if anatomy.release_date:  # "FOR IMMEDIATE RELEASE April 15, 2008"
        return anatomy.release_date, "dateline"
    # A letter quoted inside a press release or statement dates the letter, not the document.
    found = textdates.find_publication_date(blocks)
    if found:
        return found
    return None, None
