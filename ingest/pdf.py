"""PDF ingestion with pdfminer.six: positioned lines per page -> paragraphs (ingest.layout).

Guards run before any text is read: an incomplete file (no end-of-file marker), a password,
a page tree claiming more pages than `settings.ingest.pdf_max_pages`, any stream that decodes past
`settings.ingest.pdf_max_stream_mb` whatever its filters, and images that would (ingest.pdf_guard). Pages without a usable text layer (scans) go to OCR when it is
available; a document with no text anywhere and no OCR raises NeedsOCR instead of storing nothing.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTComponent, LTContainer, LTImage, LTPage, LTTextLineHorizontal
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text

from archive import Settings

from . import letter, ocr, pdf_guard
from .errors import CorruptFile, Encrypted, IngestError, NeedsOCR, TooLarge
from .layout import Line, lines_to_blocks
from .model import Extracted
from .registry import register

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/pdf"
# A page-sized image with fewer visible text-layer characters than this is a scan.
_MIN_PAGE_CHARS = 20
# Text made mostly of unmapped glyphs ("(cid:12)") is not usable text.
_CID = re.compile(r"\(cid:\d+\)")
_MAX_CID_SHARE = 0.3
# Bullets that pdfminer leaves unmapped: WinAnsi 127 and 149 (PDF 32000 Annex D), Symbol 183.
_CID_BULLET = re.compile(r"^\(cid:(?:127|149|183)\)\s*")
# An image covering this share of the page makes a text-less page a scan, not a blank page.
_MIN_SCAN_AREA = 0.25
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$", re.IGNORECASE)
_JUNK_TITLE = re.compile(r"^(untitled|document\d*|microsoft word|unknown|title|slide \d+|\W*)$", re.IGNORECASE)
_FILE_TITLE = re.compile(r"\.(docx?|pdf|rtf|odt|pages|txt|indd|qxd)$", re.IGNORECASE)
_APP_PREFIX = re.compile(r"^(Microsoft (Word|PowerPoint) - |Word - )", re.IGNORECASE)
# boxes_flow=None: only lines are used, so pdfminer need not order text boxes (the slow part of its analysis).
_ADDRESSEE = re.compile(r"^The Honorable\s", re.IGNORECASE)
_LAPARAMS = LAParams(line_margin=0.3, char_margin=2.0, word_margin=0.1, all_texts=True, boxes_flow=None)


@dataclass
class PageText:
    """What one page's text layer holds."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    image_area: float = 0.0  # share of the page covered by images, 0-1

    @property
    def chars(self) -> int:
        return sum(len(_CID.sub("", ln.text).replace(" ", "")) for ln in self.lines)

    @property
    def garbled(self) -> bool:
        """Mostly unmapped glyphs: a text layer that cannot be read as text."""
        text = "".join(ln.text for ln in self.lines)
        return sum(len(m) for m in _CID.findall(text)) > _MAX_CID_SHARE * max(len(text), 1)

    @property
    def usable(self) -> bool:
        # A page-sized image with a few characters on it (a stamped page number) is still a scan.
        if self.image_area >= _MIN_SCAN_AREA and self.chars < _MIN_PAGE_CHARS:
            return False
        return self.chars > 0 and not self.garbled

    @property
    def scanned(self) -> bool:
        """No usable text layer, but something to read: a page-sized image, or unmapped glyphs."""
        return not self.usable and (self.image_area >= _MIN_SCAN_AREA or self.garbled)


@register(MEDIA_TYPE, "pdf")
def ingest_pdf(data: bytes, shown: str, settings: Settings) -> Extracted:
    """Extract a PDF's paragraphs (with page numbers), title and creation date.

    Raises an IngestError subclass for any file it cannot read: pdfminer's own failures on
    malformed input (bad filters, broken objects) become CorruptFile naming the file."""
    try:
        with pdf_guard.bounded(int(settings.ingest.pdf_max_stream_mb * 1024 * 1024)):
            return _extract(data, shown, settings)
    except IngestError:
        raise
    except pdf_guard.StreamTooLarge as exc:
        raise TooLarge(shown, f"{exc} (a PDF bomb? setting pdf_max_stream_mb)") from None
    except RecursionError:
        raise CorruptFile(shown, "damaged PDF: its objects are nested too deeply to read") from None
    except MemoryError:
        raise TooLarge(shown, "the PDF needs too much memory to read") from None
    except Exception as exc:  # malformed input makes pdfminer fail in many ways
        log.debug("pdfminer failed on %s", shown, exc_info=True)
        raise CorruptFile(shown, f"damaged PDF ({exc.__class__.__name__}: {exc})") from None


def _extract(data: bytes, shown: str, settings: Settings) -> Extracted:
    _check_complete(data, shown)
    document = _open(data, shown)
    declared = declared_page_count(document)
    if declared > settings.ingest.pdf_max_pages:
        raise TooLarge(
            shown, f"the PDF claims {declared:,} pages, over the limit of {settings.ingest.pdf_max_pages:,} (setting pdf_max_pages)"
        )
    pages = list(_read_pages(document, shown, settings))
    if not pages:
        raise CorruptFile(shown, "the PDF has no pages (damaged page tree)")
    lines, extraction = _choose_sources(data, shown, settings, pages)
    blocks = lines_to_blocks(lines)
    info = _info(document)
    created = pdf_date(info.get("CreationDate"))
    if created:
        extraction["pdf_created"] = created
    return Extracted(
        blocks=blocks,
        media_type=MEDIA_TYPE,
        title=clean_title(info.get("Title")) if _opens_as_letter(blocks) else _title(info.get("Title"), pages, blocks),
        authors=[],
        extraction=extraction,
    )


# -- opening and guards ----------------------------------------------------------------------------


def _check_complete(data: bytes, shown: str) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFile(shown, "the PDF is incomplete (truncated: its end-of-file marker is missing)")


def _open(data: bytes, shown: str) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise Encrypted(shown, "the PDF is password-protected; save an unlocked copy and ingest that") from None
    except PDFEncryptionError as exc:
        raise Encrypted(shown, f"the PDF is encrypted in a way that cannot be read ({exc})") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError) as exc:
        raise CorruptFile(shown, f"damaged PDF structure ({exc.__class__.__name__}: {exc})") from None


def declared_page_count(document: PDFDocument) -> int:
    """The page count the page tree's root claims (0 when it has none)."""
    try:
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else 0
        return int(count) if isinstance(count, int | float) else 0
    except (PSException, ValueError, TypeError, AttributeError):
        return 0


def _check_streams(page: PDFPage, number: int, shown: str, settings: Settings) -> None:
    """Refuse a page with an image larger than the limit (a decompression bomb a renderer would have
    to hold). Streams that pdfminer decodes are bounded as it decodes them (ingest.pdf_guard)."""
    limit = settings.ingest.pdf_max_image_megapixels * 1_000_000
    for image in _page_images(page.resources or {}, depth=0):
        pixels = pdf_guard.image_pixels(image)
        if pixels > limit:
            raise TooLarge(
                shown,
                f"page {number}: an image of {pixels / 1e6:,.0f} megapixels, over the limit of "
                f"{settings.ingest.pdf_max_image_megapixels:g} (a PDF bomb? setting pdf_max_image_megapixels)",
            )


def _page_images(resources: Any, depth: int) -> Iterator[PDFStream]:
    """The image XObjects of a page's resources, and of the forms it draws (a few levels deep)."""
    resources = resolve1(resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return
    for ref in list(xobjects.values())[:10_000]:
        obj = resolve1(ref)
        if pdf_guard.is_image(obj):
            yield obj
        elif pdf_guard.is_form(obj) and depth < 8:
            yield from _page_images(obj.get("Resources"), depth + 1)


# -- reading pages ----------------------------------------------------------------------------------


def _read_pages(document: PDFDocument, shown: str, settings: Settings) -> Iterator[PageText]:
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=_LAPARAMS)
    interpreter = PDFPageInterpreter(manager, device)
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if number > settings.ingest.pdf_max_pages:
                raise TooLarge(
                    shown, f"the PDF has more than {settings.ingest.pdf_max_pages:,} pages (setting pdf_max_pages)"
                )
            _check_streams(page, number, shown, settings)
            interpreter.process_page(page)
            yield page_text(device.get_result(), number)
    except IngestError:
        raise
    except (PDFSyntaxError, PSException, zlib.error) as exc:
        raise CorruptFile(shown, f"damaged PDF content ({exc.__class__.__name__}: {exc})") from None


def page_text(layout: LTPage, number: int) -> PageText:
    """Positioned lines (top-left origin) and image coverage of one laid-out page."""
    width, height = layout.width, layout.height
    page = PageText(number, width, height)
    page_top = layout.y1  # the media box need not start at 0
    image_area = 0.0
    for item in _walk(layout):
        if isinstance(item, LTTextLineHorizontal):
            line = _line(item, number, page_top)
            if line is not None:
                page.lines.append(line)
        elif isinstance(item, LTImage):
            image_area += max(item.width, 0) * max(item.height, 0)
    page.image_area = min(image_area / max(width * height, 1.0), 1.0)
    return page


def _walk(item: LTComponent) -> Iterator[LTComponent]:
    yield item
    if isinstance(item, LTContainer) and not isinstance(item, LTTextLineHorizontal):
        for child in item:
            yield from _walk(child)


def _line(item: LTTextLineHorizontal, number: int, page_top: float) -> Line | None:
    text = _CID_BULLET.sub("• ", item.get_text().strip())
    if not text:
        return None
    chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
    sizes = sorted(c.size for c in chars)
    bold = sum(1 for c in chars if _BOLD_FONT.search(c.fontname or "")) >= 0.9 * len(chars) if chars else False
    return Line(
        text=text,
        page=number,
        x0=item.x0,
        top=page_top - item.y1,
        x1=item.x1,
        bottom=page_top - item.y0,
        font_size=round(sizes[len(sizes) // 2], 2) if sizes else None,
        bold=bold,
    )


# -- text layer or OCR, page by page -----------------------------------------------------------------


def _choose_sources(
    data: bytes, shown: str, settings: Settings, pages: list[PageText]
) -> tuple[list[Line], dict[str, Any]]:
    scanned = [p.number for p in pages if p.scanned]
    text_pages = [p for p in pages if p.usable]
    extraction: dict[str, Any] = {"method": "text", "pages": len(pages), "ocr_pages": []}
    ocr_results: dict[int, Any] = {}
    if scanned:
        if settings.ocr.ocr_enabled and ocr.ocr_available(settings):
            ocr_results = ocr.ocr_pdf_pages(data, shown, settings, scanned)
        elif not text_pages:
            why = "OCR is turned off (setting ocr_enabled)" if not settings.ocr.ocr_enabled else "OCR is not installed"
            raise NeedsOCR(shown, f"no text layer (a scanned document): needs OCR, and {why}")
        else:
            extraction["warnings"] = [
                f"page {n} has no text layer and was not read (needs OCR)" for n in scanned
            ]
    lines: list[Line] = []
    for page in pages:
        if page.number in ocr_results:
            lines.extend(ocr_results[page.number].lines)
        elif page.usable:
            lines.extend(page.lines)
    page_warnings = [w for n in sorted(ocr_results) for w in ocr_results[n].warnings]
    if page_warnings:
        extraction["warnings"] = extraction.get("warnings", []) + page_warnings
    read = sorted(n for n, r in ocr_results.items() if not r.blank and r.lines)
    if read:
        extraction["ocr_pages"] = read
        extraction["ocr_confidence"] = ocr.mean_confidence([ocr_results[n] for n in read])
        extraction["method"] = "ocr" if not text_pages else "mixed"
    return lines, extraction


# -- metadata ----------------------------------------------------------------------------------------


def _info(document: PDFDocument) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for info in document.info or []:
        for key, value in (info or {}).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = _decode_pdf_string(value)
            if isinstance(value, str) and value.strip():
                out.setdefault(str(key), value.strip())
    return out


def _decode_pdf_string(raw: bytes) -> str:
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", errors="replace")
    return decode_text(raw)


def pdf_date(value: Any) -> str | None:
    """ISO date from a PDF date string like D:20231002093000-04'00'."""
    if not isinstance(value, str):
        return None
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not m or not m.group(2) or not m.group(3):
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def clean_title(raw: str | None) -> str | None:
    """A metadata title fit to show, or None for application and file-name junk."""
    if not raw:
        return None
    title = " ".join(raw.split())
    if _APP_PREFIX.match(title) or _FILE_TITLE.search(title):
        return None  # "Microsoft Word - draft v3.docx" names the file, not the document
    title = title.strip()
    if _JUNK_TITLE.match(title) or len(title) < 4:
        return None
    if " " not in title and ("_" in title or title.lower() == title):
        return None  # a file name, not a title
    return title


def _opens_as_letter(blocks: list[Any]) -> bool:
    """A letter from its first lines (an addressee near the top): its letterhead is not its title."""
    fields = letter.letter_fields(blocks)
    return fields.is_letter and any(_ADDRESSEE.match(b.text) for b in blocks[:8])


def _title(raw: str | None, pages: list[PageText], blocks: list[Any]) -> str | None:
    """The largest heading on the first page when it is the page's largest type, else the metadata title."""
    first = [b for b in blocks[:4] if b.kind == "heading" and b.page == pages[0].number]
    if first and pages[0].lines:
        largest = max((ln.font_size or 0) for ln in pages[0].lines)
        for block in first:
            sizes = [ln.font_size or 0 for ln in pages[0].lines if ln.text and ln.text in block.text]
            if sizes and max(sizes) >= largest - 0.1:
                return block.text
    return clean_title(raw)
