"""Rebuilding paragraphs from positioned lines (PDF text layers and OCR output alike)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    """One line of text on a page, with its box in points from the page's top-left corner."""

    text: str
    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    font_size: float | None = None
    bold: bool = False
    confidence: float | None = None  # OCR only: mean word confidence, 0-100
