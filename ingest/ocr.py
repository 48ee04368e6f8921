"""OCR for scanned PDF pages and images (PNG, JPEG, TIFF), with Tesseract.

The PDF ingestor calls `ocr_available(settings)` and `ocr_pdf_pages(data, shown, settings, pages)` for
pages without a usable text layer; images are ingested here directly. Each page is made grayscale,
brought to ~300 dpi, checked for blankness, cleared of specks (3x3 median), levelled (deskew), read
(evened out first when the paper is unevenly lit), and turned upright when it reads badly the
first way or its words stand on end (upside-down or sideways scans). Paragraphs are rebuilt from the
lines by `layout.lines_to_blocks`, as for text PDFs. The record's `extraction` then says method
"ocr", the mean word confidence (0-100) and the page count, so the UI can warn that a quote should
be checked against the page image; `warnings` name blank, turned and low-confidence pages.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pytesseract
from PIL import Image, UnidentifiedImageError

from archive import Settings

from . import ocr_engine, ocr_image
from .errors import CorruptFile, EmptyDocument, Encrypted, IngestError, NeedsOCR, TooLarge
from .layout import Line, lines_to_blocks
from .model import Extracted
from .registry import register

log = logging.getLogger(__name__)

# Below this mean word confidence (or with hardly any readable word) a page is also tried turned.
_RETRY_TURNED_BELOW = 70.0
_MIN_READABLE_WORDS = 3
# A turned reading must beat the first by this much to be kept.
_TURN_MARGIN = 5.0
# Pages read with a lower mean word confidence get a warning to check quotes against the image.
LOW_CONFIDENCE = 80.0


@dataclass
class OcrPage:
    """One page as OCR read it. Line boxes are in points from the top-left of the upright page."""

    lines: list[Line]
    confidence: float  # mean word confidence, 0-100 (0 for a blank page)
    words: int = 0  # words with a letter or digit
    width: float = 0.0  # page size in points (after turning upright)
    height: float = 0.0
    blank: bool = False
    rotation: int = 0  # degrees the page was turned clockwise to read it (0, 90, 180, 270)
    skew: float = 0.0  # degrees the page was levelled by
    warnings: list[str] = field(default_factory=list)


def ocr_available(settings: Settings) -> bool:
    """True when OCR is on and the tesseract program and the configured language data are installed."""
    return ocr_engine.unavailable_reason(settings) is None


def require_ocr(shown: str, settings: Settings, what: str = "a scan with no text layer") -> None:
    """Raise NeedsOCR naming the file and why OCR cannot run, when it cannot."""
    reason = ocr_engine.unavailable_reason(settings)
    if reason is not None:
        raise NeedsOCR(shown, f"{what} needs OCR: {reason}")


def check_page_limit(shown: str, count: int, settings: Settings) -> None:
    if count > settings.ocr.ocr_max_pages:
        raise TooLarge(
            shown,
            f"{count} scanned pages to OCR is over the limit of {settings.ocr.ocr_max_pages} (setting ocr_max_pages)",
        )


def ocr_page_image(image: Image.Image, page: int, dpi: float, settings: Settings) -> OcrPage:
    """OCR one page image scanned at `dpi`; `page` is its 1-based number in the document."""
    gray, dpi = ocr_image.at_working_resolution(ocr_image.to_gray(image), dpi)
    to_pt = 72.0 / dpi
    if ocr_image.is_blank(gray):
        return OcrPage(
            [],
            0.0,
            width=gray.width * to_pt,
            height=gray.height * to_pt,
            blank=True,
            warnings=[f"page {page}: blank, skipped"],
        )
    if ocr_image.uneven_lighting(gray):
        gray = ocr_image.flattened(gray)
    best = _read_upright(ocr_image.remove_speckle(gray), page, dpi, settings)
    if best.words == 0 or best.text.readable_words == 0:
        best.page.blank = True
        best.page.warnings.append(f"page {page}: no readable text (blank or not a text page), skipped")
        best.page.lines = []
    elif best.page.confidence < LOW_CONFIDENCE:
        best.page.warnings.append(
            f"page {page}: low OCR confidence ({best.page.confidence:.0f}); check quotes against the page image"
        )
    return best.page


@dataclass
class _Reading:
    page: OcrPage
    text: ocr_engine.PageText

    @property
    def words(self) -> int:
        return self.text.words

    def better_than(self, other: _Reading) -> bool:
        return (
            self.text.readable_words > other.text.readable_words
            and self.text.confidence > other.text.confidence + _TURN_MARGIN
        )


def _read_upright(gray: Image.Image, page: int, dpi: float, settings: Settings) -> _Reading:
    best = _read_turned(gray, 0, page, dpi, settings)
    reads_well = (
        best.text.confidence >= _RETRY_TURNED_BELOW and best.text.readable_words >= _MIN_READABLE_WORDS
    )
    if reads_well and not best.text.sideways:
        return best
    guess = ocr_engine.detect_rotation(gray, dpi)
    degrees = guess if guess in (90, 180, 270) else 180
    if best.text.sideways and degrees == 180:
        degrees = 90
    other = _read_turned(gray, degrees, page, dpi, settings)
    if other.better_than(best) or (best.text.sideways and not other.text.sideways and other.words):
        best = other
    if best.page.rotation:
        best.page.warnings.append(f"page {page}: turned {best.page.rotation} degrees clockwise to read it")
    return best


def _read_turned(gray: Image.Image, degrees: int, page: int, dpi: float, settings: Settings) -> _Reading:
    upright = ocr_image.turned_clockwise(gray, degrees)
    level, angle, (dx, dy) = ocr_image.deskewed(upright)
    text = ocr_engine.read_page(level, page, dpi, settings)
    to_pt = 72.0 / dpi
    shift_x, shift_y = dx * to_pt, dy * to_pt
    for ln in text.lines:
        ln.x0, ln.x1 = round(ln.x0 - shift_x, 2), round(ln.x1 - shift_x, 2)
        ln.top, ln.bottom = round(ln.top - shift_y, 2), round(ln.bottom - shift_y, 2)
    result = OcrPage(
        lines=text.lines,
        confidence=round(text.confidence, 1),
        words=text.words,
        width=round(upright.width * to_pt, 2),
        height=round(upright.height * to_pt, 2),
        rotation=degrees,
        skew=angle,
    )
    return _Reading(result, text)


def _render_scale(width_pt: float, height_pt: float) -> float:
    scale = ocr_image.TARGET_DPI / 72.0
    pixels = width_pt * height_pt * scale * scale
    if pixels > ocr_image.MAX_WORK_PIXELS:
        scale *= (ocr_image.MAX_WORK_PIXELS / pixels) ** 0.5
    return scale


def _open_pdf(data: bytes, shown: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Encrypted(shown, "the PDF is password-protected") from None
        raise CorruptFile(shown, f"damaged PDF, its pages cannot be rendered for OCR ({exc})") from None


def ocr_pdf_pages(data: bytes, shown: str, settings: Settings, pages: list[int]) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF. Raises NeedsOCR, TooLarge (ocr_max_pages) or IngestError."""
    wanted = sorted(set(pages))
    if not wanted:
        return {}
    require_ocr(shown, settings)
    check_page_limit(shown, len(wanted), settings)
    pdf = _open_pdf(data, shown)
    out: dict[int, OcrPage] = {}
    try:
        total = len(pdf)
        for number in wanted:
            if not 1 <= number <= total:
                log.warning("%s: no page %d to OCR (the PDF has %d)", shown, number, total)
                continue
            out[number] = _ocr_pdf_page(pdf, number, shown, settings)
    finally:
        pdf.close()
    return out


def _ocr_pdf_page(pdf: pdfium.PdfDocument, number: int, shown: str, settings: Settings) -> OcrPage:
    page = pdf[number - 1]
    try:
        scale = _render_scale(*page.get_size())
        image = page.render(scale=scale, grayscale=True).to_pil()
    except pdfium.PdfiumError as exc:
        raise CorruptFile(shown, f"page {number} cannot be rendered for OCR ({exc})") from None
    finally:
        page.close()
    return _guarded(shown, number, lambda: ocr_page_image(image, number, 72.0 * scale, settings))


def _guarded(shown: str, number: int, run) -> OcrPage:
    try:
        return run()
    except RuntimeError as exc:  # pytesseract's timeout
        raise IngestError(shown, f"page {number}: OCR took too long and was stopped ({exc})") from None
    except pytesseract.TesseractError as exc:
        raise IngestError(shown, f"page {number}: OCR failed ({exc.message or exc.status})") from None
    except pytesseract.TesseractNotFoundError:
        raise NeedsOCR(shown, "needs OCR, but the tesseract program was not found") from None


# --- images -------------------------------------------------------------------------------------

_IMAGE_NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}


@contextmanager
def _image_warnings() -> Iterator[None]:
    """Pillow's complaints about a damaged file are silenced (the exception says it); a bomb is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open_image(data: bytes, shown: str, media_type: str) -> Image.Image:
    kind = _IMAGE_NAMES.get(media_type, "image")
    try:
        with _image_warnings():
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooLarge(shown, f"the {kind} image has too many pixels to read safely") from None
    except UnidentifiedImageError:
        raise CorruptFile(shown, f"not a readable {kind} image (damaged or not an image)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFile(shown, f"damaged or truncated {kind} image ({exc})") from None
    return image


def _frames(image: Image.Image, shown: str, media_type: str) -> list[Image.Image]:
    count = getattr(image, "n_frames", 1)
    frames = []
    for index in range(count):
        try:
            with _image_warnings():
                image.seek(index)
                frame = image.copy()
                frame.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise TooLarge(
                shown, f"page {index + 1} of the image has too many pixels to read safely"
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            kind = _IMAGE_NAMES.get(media_type, "image")
            raise CorruptFile(shown, f"page {index + 1} of the {kind} image is damaged ({exc})") from None
        frame.info.setdefault("dpi", image.info.get("dpi"))
        frames.append(frame)
    return frames


def ocr_image_file(data: bytes, shown: str, settings: Settings, media_type: str) -> Extracted:
    """Extract an image file (every page of a multi-page TIFF) by OCR."""
    image = _open_image(data, shown, media_type)
    check_page_limit(shown, getattr(image, "n_frames", 1), settings)
    require_ocr(shown, settings, what="an image")
    pages = []
    for number, frame in enumerate(_frames(image, shown, media_type), 1):
        dpi = ocr_image.image_dpi(frame)
        pages.append(
            _guarded(shown, number, lambda f=frame, n=number, d=dpi: ocr_page_image(f, n, d, settings))
        )
    return extracted_from_pages(pages, shown, media_type)


def mean_confidence(pages: list[OcrPage]) -> float:
    """Word-weighted mean confidence over the pages that had text."""
    words = sum(p.words for p in pages if not p.blank)
    if not words:
        return 0.0
    return round(sum(p.confidence * p.words for p in pages if not p.blank) / words, 1)


def _empty_reason(pages: list[OcrPage]) -> str:
    blank = all(p.blank and not p.words for p in pages)
    if len(pages) == 1:
        return "the page is blank (OCR found no text)" if blank else "OCR found no readable text on the page"
    return (
        f"all {len(pages)} pages are blank (OCR found no text)"
        if blank
        else "OCR found no readable text on any page"
    )


def extracted_from_pages(pages: list[OcrPage], shown: str, media_type: str) -> Extracted:
    lines = [ln for p in pages if not p.blank for ln in p.lines]
    notes = [w for p in pages for w in p.warnings]
    if not lines:
        raise EmptyDocument(shown, _empty_reason(pages))
    blocks = lines_to_blocks(lines)
    extraction: dict = {
        "method": "ocr",
        "ocr_confidence": mean_confidence(pages),
        "pages": len(pages),
        "ocr_engine": ocr_engine.engine_version(),
    }
    if notes:
        extraction["warnings"] = notes
    return Extracted(blocks=blocks, media_type=media_type, extraction=extraction)


@register("image/png", "png")
def ingest_png(data: bytes, shown: str, settings: Settings) -> Extracted:
    return ocr_image_file(data, shown, settings, "image/png")


@register("image/jpeg", "jpg", "jpeg")
def ingest_jpeg(data: bytes, shown: str, settings: Settings) -> Extracted:
    return ocr_image_file(data, shown, settings, "image/jpeg")


@register("image/tiff", "tif", "tiff")
def ingest_tiff(data: bytes, shown: str, settings: Settings) -> Extracted:
    return ocr_image_file(data, shown, settings, "image/tiff")


__all__ = [
    "OcrPage",
    "check_page_limit",
    "extracted_from_pages",
    "mean_confidence",
    "ocr_available",
    "ocr_image_file",
    "ocr_page_image",
    "ocr_pdf_pages",
    "require_ocr",
]
