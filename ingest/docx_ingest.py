"""Word .docx ingestor (python-docx): paragraphs, headings, list items, tables."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError

from archive import Settings

from .detect import DOCX
from .errors import CorruptFile
from .model import Block, Extracted
from .registry import register

# A .docx is a ZIP: refuse packages that would inflate beyond this (a zip bomb).
_MAX_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_RATIO = 200


@register(DOCX, "docx")
def ingest_docx(data: bytes, shown: str, settings: Settings) -> Extracted:
    _check_package(data, shown)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(shown, f"damaged Word document ({exc.__class__.__name__})") from None
    blocks: list[Block] = []
    title: str | None = None
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        kind = _kind(style, para)
        if style == "Title" and title is None:
            title = text
            continue
        blocks.append(Block(text, kind))
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(Block(" | ".join(dict.fromkeys(cells)), "body"))
    props = document.core_properties
    if title is None and props.title:
        title = props.title.strip() or None
    authors = [props.author.strip()] if props.author and props.author.strip() else []
    return Extracted(blocks=blocks, media_type=DOCX, title=title, authors=authors)


def _kind(style: str, para) -> str:
    lowered = style.lower()
    if lowered.startswith("heading") or lowered == "subtitle":
        return "heading"
    if "list" in lowered or (para._p.pPr is not None and para._p.pPr.numPr is not None):
        return "list_item"
    if "quote" in lowered:
        return "quote"
    return "body"


def _check_package(data: bytes, shown: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            bad = zf.testzip() if total <= _MAX_UNCOMPRESSED else None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise CorruptFile(shown, "damaged or truncated Word document (the ZIP package is incomplete)") from None
    if total > _MAX_UNCOMPRESSED or total / packed > _MAX_RATIO:
        raise CorruptFile(shown, f"refused: the package would expand to {total / 1048576:.0f} MB (a ZIP bomb?)")
    if bad is not None:
        raise CorruptFile(shown, f"damaged Word document (part {bad} fails its checksum)")
