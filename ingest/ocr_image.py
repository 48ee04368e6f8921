"""Page images before OCR: grayscale, a working resolution, blank-page check, deskew, orientation."""

from __future__ import annotations

import itertools
import logging

from PIL import Image, ImageFilter, ImageMath, ImageOps

log = logging.getLogger(__name__)

# Tesseract reads best at about 300 dpi; lower scans are enlarged, much higher ones reduced.
TARGET_DPI = 300
# Larger page images are reduced to this many pixels (a 300 dpi poster would not fit in memory).
MAX_WORK_PIXELS = 40_000_000
# Skew searched (degrees either way) and the smallest correction worth a resample.
MAX_SKEW_DEG = 6.0
MIN_SKEW_DEG = 0.25
# Paper brightness spread (levels, 5th to 95th percentile) above which lighting counts as uneven.
UNEVEN_PAPER_LEVELS = 45
# Phone photos and screenshots often claim 72 or 96 dpi; a page is then assumed ~8.5 inches wide.
_SCREEN_DPIS = (72, 96)
_ASSUMED_PAGE_WIDTH_IN = 8.5


def to_gray(image: Image.Image) -> Image.Image:
    """An 8-bit grayscale copy, upright per its EXIF orientation, transparency on white."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        image = _wide_to_8bit(image)
    return image.convert("L") if image.mode != "L" else image


def _wide_to_8bit(image: Image.Image) -> Image.Image:
    """16-bit and float scans scaled by their own range (a 16-bit scan may use 0-65535 or 0-255)."""
    image = image.convert("F")
    _, high = image.getextrema()
    if high > 255:
        image = image.point(lambda v: v * (255.0 / high))
    return image.convert("L")


def image_dpi(image: Image.Image) -> float:
    """The scan resolution: from the file when plausible, else guessed from a letter-size width."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if isinstance(dpi, tuple) else float(dpi) if dpi else 0.0
    except (TypeError, ValueError):
        value = 0.0
    if 100 <= value <= 1200 and round(value) not in _SCREEN_DPIS:
        return value
    return max(72.0, min(600.0, image.width / _ASSUMED_PAGE_WIDTH_IN))


def at_working_resolution(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    """The image scaled towards TARGET_DPI (and under MAX_WORK_PIXELS), with its new dpi."""
    factor = TARGET_DPI / dpi if dpi < TARGET_DPI * 0.85 or dpi > TARGET_DPI * 2 else 1.0
    pixels = image.width * image.height * factor * factor
    if pixels > MAX_WORK_PIXELS:
        factor *= (MAX_WORK_PIXELS / pixels) ** 0.5
    if abs(factor - 1.0) < 0.02:
        return image, dpi
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS), dpi * factor


def is_blank(image: Image.Image) -> bool:
    """True when the page has (almost) no ink: specks and scanner noise do not count."""
    small = image.reduce(2) if min(image.size) > 400 else image
    small = small.filter(ImageFilter.MedianFilter(3))
    hist = small.histogram()
    dark = sum(hist[:128])
    return dark < max(20, small.width * small.height * 0.0002)


def uneven_lighting(image: Image.Image) -> bool:
    """True when the paper's brightness varies a lot across the page (a phone photo, a shadow, a fold).

    The paper is what remains after a max filter wipes the text from a small copy; one global
    threshold then fails, so the page is evened out first (`flattened`).
    """
    scale = max(1, min(image.size) // 120)
    small = image.reduce(scale).filter(ImageFilter.MaxFilter(5))
    hist = small.histogram()
    total = sum(hist)
    low = _percentile(hist, total * 0.05)
    high = _percentile(hist, total * 0.95)
    return high - low > UNEVEN_PAPER_LEVELS


def flattened(image: Image.Image) -> Image.Image:
    """The page divided by its own paper brightness, so that shadows and fall-off turn white."""
    small = image.reduce(8) if min(image.size) > 400 else image
    paper = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(4))
    paper = paper.resize(image.size, Image.Resampling.BILINEAR)
    return ImageMath.lambda_eval(
        lambda a: a["page"] * 255.0 / (a["paper"] + 1), page=image, paper=paper
    ).convert("L")


def _percentile(hist: list[int], rank: float) -> int:
    seen = 0
    for level, count in enumerate(hist):
        seen += count
        if seen >= rank:
            return level
    return len(hist) - 1


def remove_speckle(image: Image.Image) -> Image.Image:
    """A 3x3 median: drops salt-and-pepper noise, keeps strokes at scanning resolutions."""
    return image.filter(ImageFilter.MedianFilter(3))


def _profile_score(inverted: Image.Image, angle: float) -> float:
    turned = inverted.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum((a - b) * (a - b) for a, b in itertools.pairwise(rows)))


def skew_angle(image: Image.Image) -> float:
    """The counter-clockwise turn (degrees) that makes text lines horizontal (projection profiles)."""
    scale = min(1.0, 900 / max(1, image.width))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    inverted = ImageOps.invert(small).point(lambda v: 255 if v > 100 else 0)

    def best(candidates: list[float]) -> float:
        return max(candidates, key=lambda a: _profile_score(inverted, a))

    steps = int(MAX_SKEW_DEG / 0.5)
    coarse = best([i * 0.5 for i in range(-steps, steps + 1)])
    fine = best([coarse + i * 0.1 for i in range(-5, 6)])
    return round(fine, 2)


def deskewed(image: Image.Image) -> tuple[Image.Image, float, tuple[float, float]]:
    """The image turned level, the angle used, and the (dx, dy) pixel offset the turn added."""
    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW_DEG:
        return image, 0.0, (0.0, 0.0)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    offset = ((turned.width - image.width) / 2, (turned.height - image.height) / 2)
    log.debug("deskewed by %.2f degrees", angle)
    return turned, angle, offset


def turned_clockwise(image: Image.Image, degrees: int) -> Image.Image:
    """The image turned clockwise by a multiple of 90 degrees."""
    return image.rotate(-degrees, expand=True) if degrees % 360 else image
