"""Driving Tesseract (through pytesseract): availability, word boxes grouped into lines, orientation.

Coordinates leave this module in PDF points from the page's top-left corner: pixel / (dpi / 72).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytesseract
from PIL import Image

from archive import Settings

from .layout import Line

log = logging.getLogger(__name__)

# Seconds one page may take before Tesseract is stopped (a pathological image, not a normal page).
PAGE_TIMEOUT_S = 180
# A word counts as read when it has a letter or digit and at least this confidence (0-100).
READABLE_WORD_CONF = 40.0
_ALNUM = re.compile(r"\w", re.UNICODE)
# Tesseract often reads a small "cc:" (a letter's copy line) as "ce:", "ec:" or "cc;". No word is
# spelt so at the start of a line before a name, so these, and only these, are mended.
_CC_MISREAD = re.compile(r"^(?:ce|ec|cc|Ce|Cc|CC)[:;](?= [A-Z])")


@dataclass
class PageText:
    """What Tesseract read on one image: lines (in points) and the mean word confidence."""

    lines: list[Line]
    confidence: float
    words: int  # words with a letter or digit
    readable_words: int  # of those, the ones read with at least READABLE_WORD_CONF
    sideways: bool = False  # most word boxes stand on end: the page lies on its side


class OcrUnavailable(Exception):
    """Tesseract or its language data is missing, or OCR is switched off. `str()` says which."""


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=8)
def _installed_languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip() and ":" not in ln)


def languages(settings: Settings) -> list[str]:
    """The configured OCR languages: "eng", "eng+fra" or "eng, fra" all work."""
    return [lang for lang in re.split(r"[+,\s]+", settings.ocr.ocr_languages.strip()) if lang]


def unavailable_reason(settings: Settings) -> str | None:
    """Why OCR cannot run with these settings on this machine, or None when it can."""
    if not settings.ocr.ocr_enabled:
        return "OCR is switched off (setting ocr_enabled)"
    binary = tesseract_path()
    if binary is None:
        return "OCR needs the tesseract program, which is not installed (see the README, OCR setup)"
    wanted = languages(settings)
    if not wanted:
        return "no OCR language is configured (setting ocr_languages)"
    missing = [lang for lang in wanted if lang not in _installed_languages(binary)]
    if missing:
        return (
            f"Tesseract has no language data for {', '.join(missing)} (setting ocr_languages; "
            f"install tesseract-ocr-{missing[0]})"
        )
    return None


def has_osd() -> bool:
    binary = tesseract_path()
    return bool(binary) and "osd" in _installed_languages(binary)


def _config(dpi: int, psm: int = 3) -> str:
    return f"--oem 1 --psm {psm} --dpi {dpi}"


def read_page(image: Image.Image, page: int, dpi: float, settings: Settings) -> PageText:
    """OCR one page image into positioned lines (points from the top-left) with confidences."""
    # Tesseract's OpenMP threads make it 2-3x slower on a busy machine; one thread per page unless
    # the operator has chosen otherwise.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        image,
        lang="+".join(languages(settings)),
        config=_config(round(dpi)),
        output_type=pytesseract.Output.DICT,
        timeout=PAGE_TIMEOUT_S,
    )
    return _lines_from_data(data, page, 72.0 / dpi)


def _lines_from_data(data: dict, page: int, to_points: float) -> PageText:
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if not str(text).strip() or float(data["conf"][i]) < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        groups.setdefault(key, []).append(i)
    lines: list[Line] = []
    confs: list[float] = []
    readable = 0
    for idxs in groups.values():
        words = [str(data["text"][i]).strip() for i in idxs]
        wconf = [max(0.0, float(data["conf"][i])) for i in idxs]
        for w, c in zip(words, wconf, strict=True):
            if _ALNUM.search(w):
                confs.append(c)
                readable += c >= READABLE_WORD_CONF
        lefts = [int(data["left"][i]) for i in idxs]
        tops = [int(data["top"][i]) for i in idxs]
        rights = [int(data["left"][i]) + int(data["width"][i]) for i in idxs]
        bottoms = [int(data["top"][i]) + int(data["height"][i]) for i in idxs]
        top, bottom = min(tops), max(bottoms)
        lines.append(
            Line(
                text=mend_line(" ".join(words)),
                page=page,
                x0=round(min(lefts) * to_points, 2),
                top=round(top * to_points, 2),
                x1=round(max(rights) * to_points, 2),
                bottom=round(bottom * to_points, 2),
                font_size=round((bottom - top) * to_points, 1),
                confidence=round(sum(wconf) / len(wconf), 1),
            )
        )
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    mean = sum(confs) / len(confs) if confs else 0.0
    return PageText(
        lines=lines,
        confidence=mean,
        words=len(confs),
        readable_words=readable,
        sideways=_mostly_upright_boxes(data),
    )


def _mostly_upright_boxes(data: dict) -> bool:
    """True when most words of three or more characters have boxes taller than wide."""
    tall = wide = 0
    for i, text in enumerate(data["text"]):
        if len(str(text).strip()) < 3 or float(data["conf"][i]) < 0:
            continue
        if int(data["height"][i]) > int(data["width"][i]) * 1.2:
            tall += 1
        else:
            wide += 1
    return tall > wide


def mend_line(text: str) -> str:
    """The line with known OCR misreadings of letter markers put right (see _CC_MISREAD)."""
    match = _CC_MISREAD.match(text)
    if match and match.group(0) not in ("cc:", "Cc:", "CC:"):
        mended = "cc:" if match.group(0)[0].islower() else "Cc:"
        return mended + text[match.end() :]
    return text


def detect_rotation(image: Image.Image, dpi: float) -> int | None:
    """Tesseract's orientation guess (0, 90, 180, 270: degrees to turn clockwise), None when unsure."""
    if not has_osd():
        return None
    try:
        osd = pytesseract.image_to_osd(
            image,
            config=f"--psm 0 --dpi {round(dpi)} -c min_characters_to_try=10",
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT_S,
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:
        log.debug("orientation detection failed: %s", exc)
        return None
    rotate = int(osd.get("rotate", 0)) % 360
    return rotate if rotate in (90, 180, 270) and float(osd.get("orientation_conf", 0)) >= 1.0 else 0


def engine_version() -> str:
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except (pytesseract.TesseractNotFoundError, OSError):
        return "tesseract"
