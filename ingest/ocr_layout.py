"""Paragraphs from OCR lines: running headers, footers and page numbers dropped, gaps split paragraphs.

Used for scanned images; `ingest.layout.lines_to_blocks` takes over when it exists so that scans and
text PDFs are rebuilt the same way.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable

from .layout import Line
from .model import Block

# Fraction of the page height at the top and bottom where running headers and footers live.
_MARGIN_BAND = 0.1
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(page|p\.|pg\.?)?\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?[\s\-–—)\]]*$", re.IGNORECASE
)
_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def ocr_blocks(lines: list[Line], page_heights: dict[int, float]) -> list[Block]:
    """Blocks from positioned lines, preferring the shared text-PDF rebuild when it is available."""
    shared = _shared_rebuild()
    if shared is not None:
        return shared(lines)
    kept = _without_margins(lines, page_heights)
    blocks: list[Block] = []
    for page in sorted({ln.page for ln in kept}):
        blocks.extend(_page_blocks([ln for ln in kept if ln.page == page]))
    return blocks


def _shared_rebuild() -> Callable[[list[Line]], list[Block]] | None:
    from . import layout

    return getattr(layout, "lines_to_blocks", None)


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _without_margins(lines: list[Line], page_heights: dict[int, float]) -> list[Line]:
    """Lines minus page numbers and headers/footers repeated on several pages."""

    def in_band(ln: Line) -> bool:
        height = page_heights.get(ln.page) or 792.0
        return ln.top < height * _MARGIN_BAND or ln.bottom > height * (1 - _MARGIN_BAND)

    repeated: Counter[str] = Counter()
    for page in {ln.page for ln in lines}:
        for key in {_margin_key(ln.text) for ln in lines if ln.page == page and in_band(ln)}:
            repeated[key] += 1
    pages = len({ln.page for ln in lines})
    kept = []
    for ln in lines:
        if in_band(ln) and (
            _PAGE_NUMBER.match(ln.text) or (pages > 1 and repeated[_margin_key(ln.text)] > 1)
        ):
            continue
        kept.append(ln)
    return kept


def _page_blocks(lines: list[Line]) -> list[Block]:
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    height = statistics.median(ln.bottom - ln.top for ln in lines) or 10.0
    right = max(ln.x1 for ln in lines)
    left = min(ln.x0 for ln in lines)
    width = max(1.0, right - left)

    def short(ln: Line) -> bool:
        return ln.x1 < right - width * 0.25

    groups: list[list[Line]] = [[lines[0]]]
    for prev, ln in itertools.pairwise(lines):
        gap = ln.top - prev.bottom
        if (
            gap > height * 0.75
            or (short(prev) and short(ln))
            or (short(prev) and ln.x0 > prev.x0 + height * 1.5)
        ):
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return [Block(text=_joined(g), page=g[0].page) for g in groups]


def _joined(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        piece = ln.text.strip()
        if not text:
            text = piece
        elif _HYPHEN_END.search(text) and piece[:1].islower():
            text = text[:-1] + piece
        else:
            text = f"{text} {piece}"
    return text
