"""Rebuilding paragraphs from positioned lines (PDF text layers and OCR output alike).

`lines_to_blocks` takes every line of a document (any page order) and returns its paragraphs:

1. running headers, footers and page numbers are dropped (text recurring at the same place at the
   top or bottom of several pages, and "Page 2 of 3"-style lines at a page's edge);
2. each page is read in column order (a two-column region is read left column, then right);
3. lines are joined into paragraphs by vertical gaps, indents, short lines, style changes and
   list markers; a paragraph continues across a column or page break when its last line is full
   and does not end a sentence;
4. words hyphenated at a line end are joined, real compound hyphens kept;
5. headings are recognised by size, bold type, or report patterns ("Section 1. ...", "a. ...").

Nothing here knows about pdfminer: OCR lines use the same `Line` class.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Block

log = logging.getLogger(__name__)


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


# -- patterns ------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*\|?\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?"
    r"(?:\s*\|\s*page)?\.?$",
    re.IGNORECASE,
)
_SECTION_HEADING = re.compile(r"^Section\s+\d+\.\s+\S")
_LETTER_HEADING = re.compile(r"^[a-z]\.\s+[A-Z]")
# Lines that always start a new block: an addressee ("The Honorable ...") or a cc: line.
_ADDRESS_START = re.compile(r"^(?:The Honorable|Hon\.|b?cc:)\s", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[•·▪◦‣●○■□➢►*–-])\s+\S")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_HYPHENS = ("-", "\u2010")
# Word endings a hyphenator leaves on the next line; as tails they mean "one word, split".
_SUFFIX_TAIL = re.compile(
    r"(?:tion|sion|ment|ments|ness|ing|ings|ed|ly|ity|ities|ance|ence|ous|ive|al|able|ible|ism|ist|ists|ure|ty|ic"
    r"|er|ers|est|ate|ated|ates|ize|ized|ise|ised|ent|ant|ary|ory|ies|es|s)"
)

# Tunables, in units of the body text (line height or character width).
_EDGE_LINES = 3  # lines at a page's top and bottom that may be running text
_POSITION_SLACK = 15.0  # points: how far a running header may move between pages
_HEADING_SIZE_RATIO = 1.15
_HEADING_MAX_CHARS = 200


@dataclass
class _Placed:
    """A line in reading order, with the bounds of the column it sits in."""

    line: Line
    left: float
    right: float
    column: tuple[int, int, int]  # (page, band, column): a change means a column or page break


@dataclass
class _Metrics:
    body_size: float
    line_height: float
    line_gap: float
    vocab: set[str]


@dataclass
class _Building:
    lines: list[_Placed]
    text: str
    list_item: bool


# -- public ----------------------------------------------------------------------------------------


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Paragraph blocks, in reading order, from the positioned lines of a whole document."""
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    by_page: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        by_page[ln.page].append(ln)
    pages = {page: merge_fragments(pls) for page, pls in by_page.items()}
    running = running_line_ids(pages)
    kept = {p: [ln for ln in pls if id(ln) not in running] for p, pls in pages.items()}
    placed: list[_Placed] = []
    margins = _text_margins([ln for pls in kept.values() for ln in pls])
    for page in sorted(kept):
        placed.extend(_reading_order(kept[page], margins))
    if not placed:
        return []
    metrics = _measure(placed)
    return _build_blocks(placed, metrics)


# -- pieces of one line ------------------------------------------------------------------------------


def merge_fragments(lines: list[Line]) -> list[Line]:
    """Join pieces of one printed line: justified text can leave word gaps wide enough for a PDF
    reader to cut the line apart. Pieces on one baseline merge when the gap is under three ems and
    no column gutter runs through it."""
    if len(lines) < 2:
        return list(lines)
    gutter = find_gutter(lines)
    out: list[Line] = []
    for row in _rows(lines):
        current = row[0]
        for nxt in row[1:]:
            size = _size(current) if current.font_size else (current.bottom - current.top)
            gap = nxt.x0 - current.x1
            crosses = gutter is not None and current.x1 <= gutter <= nxt.x0
            if 0 <= gap < 3 * size and not crosses and current.bold == nxt.bold:
                current = _joined(current, nxt)
            else:
                out.append(current)
                current = nxt
        out.append(current)
    return out


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by baseline (vertical overlap of at least half the smaller height), left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        row = rows[-1] if rows else None
        if row is not None:
            ref = row[0]
            overlap = min(ref.bottom, ln.bottom) - max(ref.top, ln.top)
            if overlap >= 0.5 * min(ref.bottom - ref.top, ln.bottom - ln.top):
                row.append(ln)
                continue
        rows.append([ln])
    return [sorted(row, key=lambda ln: ln.x0) for row in rows]


def _joined(a: Line, b: Line) -> Line:
    confidences = [c for c in (a.confidence, b.confidence) if c is not None]
    return Line(
        text=f"{a.text.rstrip()} {b.text.lstrip()}",
        page=a.page,
        x0=a.x0,
        top=min(a.top, b.top),
        x1=max(a.x1, b.x1),
        bottom=max(a.bottom, b.bottom),
        font_size=a.font_size if len(a.text) >= len(b.text) else b.font_size,
        bold=a.bold and b.bold,
        confidence=sum(confidences) / len(confidences) if confidences else None,
    )


# -- running headers, footers and page numbers ------------------------------------------------------


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def running_line_ids(pages: dict[int, list[Line]]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers."""
    drop: set[int] = set()
    edges: dict[int, list[Line]] = {}
    for page, pls in pages.items():
        ordered = sorted(pls, key=lambda ln: (ln.top, ln.x0))
        edge = ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]
        edges[page] = list({id(ln): ln for ln in edge}.values())
        for ln in ordered[:2] + ordered[-2:]:
            if _PAGE_NUMBER.match(ln.text.strip()):
                drop.add(id(ln))
    if len(pages) < 2:
        return drop
    seen: dict[str, list[Line]] = defaultdict(list)
    for edge in edges.values():
        for ln in edge:
            seen[_running_key(ln.text)].append(ln)
    needed = max(2, (len(pages) + 1) // 2)
    for same_text in seen.values():
        for ln in same_text:
            pages_here = {o.page for o in same_text if abs(o.top - ln.top) <= _POSITION_SLACK}
            if len(pages_here) >= needed:
                drop.add(id(ln))
    return drop


# -- reading order -----------------------------------------------------------------------------------


def _text_margins(lines: list[Line]) -> tuple[float, float]:
    """The left and right edges of the body text across the document."""
    if not lines:
        return 0.0, 0.0
    xs0 = sorted(ln.x0 for ln in lines)
    xs1 = sorted(ln.x1 for ln in lines)
    return xs0[len(xs0) // 20], xs1[min(len(xs1) - 1, (len(xs1) * 19) // 20)]


def _reading_order(lines: list[Line], margins: tuple[float, float]) -> list[_Placed]:
    lines = sorted(lines, key=lambda ln: (round(ln.top, 1), ln.x0))
    if not lines:
        return []
    page = lines[0].page
    gutter = find_gutter(lines)
    left, right = min(margins[0], min(ln.x0 for ln in lines)), max(margins[1], max(ln.x1 for ln in lines))
    if gutter is None:
        return [_Placed(ln, left, right, (page, 0, 0)) for ln in lines]
    out: list[_Placed] = []
    band = 0
    region: list[Line] = []

    def flush() -> None:
        left_col = [ln for ln in region if ln.x1 <= gutter]
        right_col = [ln for ln in region if ln.x0 >= gutter]
        if not left_col or not right_col:  # only one side is used here: an ordinary band
            out.extend(_Placed(ln, left, right, (page, band, 0)) for ln in region)
            return
        if left_col:
            lb = (min(ln.x0 for ln in left_col), max(ln.x1 for ln in left_col))
            out.extend(_Placed(ln, lb[0], max(lb[1], gutter - 12), (page, band, 0)) for ln in left_col)
        if right_col:
            rb = (min(ln.x0 for ln in right_col), max(ln.x1 for ln in right_col))
            out.extend(_Placed(ln, rb[0], max(rb[1], right), (page, band, 1)) for ln in right_col)

    for ln in lines:
        if ln.x0 < gutter < ln.x1:  # a full-width line separates column regions
            flush()
            region = []
            band += 1
            out.append(_Placed(ln, left, right, (page, band, 0)))
            band += 1
        else:
            region.append(ln)
    flush()
    return out


def find_gutter(lines: list[Line]) -> float | None:
    """The x of the gap between two columns on this page, or None for a single-column page."""
    if len(lines) < 8:
        return None
    lo, hi = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = hi - lo
    best: tuple[int, float] | None = None
    x = lo + 0.3 * width
    while x <= lo + 0.7 * width:
        n_left = sum(1 for ln in lines if ln.x1 <= x)
        n_right = sum(1 for ln in lines if ln.x0 >= x)
        crossing = len(lines) - n_left - n_right
        if n_left >= 4 and n_right >= 4 and (best is None or crossing < best[0]):
            best = (crossing, x)
        x += 2.0
    if best is None or best[0] > 0.25 * len(lines):
        return None
    gutter = best[1]
    left_col = [ln for ln in lines if ln.x1 <= gutter]
    right_col = [ln for ln in lines if ln.x0 >= gutter]
    # The columns must sit side by side: their vertical extents overlap.
    top = max(min(ln.top for ln in left_col), min(ln.top for ln in right_col))
    bottom = min(max(ln.bottom for ln in left_col), max(ln.bottom for ln in right_col))
    shorter = min(
        max(ln.bottom for ln in left_col) - min(ln.top for ln in left_col),
        max(ln.bottom for ln in right_col) - min(ln.top for ln in right_col),
    )
    if shorter <= 0 or (bottom - top) < 0.5 * shorter:
        return None
    # Centre the gutter in the empty gap between the columns.
    gap_left = max(ln.x1 for ln in left_col)
    gap_right = min(ln.x0 for ln in right_col)
    return (gap_left + gap_right) / 2 if gap_right > gap_left else gutter


# -- measuring -----------------------------------------------------------------------------------------


def _size(ln: Line) -> float:
    return ln.font_size if ln.font_size else max(ln.bottom - ln.top, 1.0)


def _measure(placed: list[_Placed]) -> _Metrics:
    weights: Counter[float] = Counter()
    for p in placed:
        weights[round(_size(p.line) * 2) / 2] += len(p.line.text)
    body_size = weights.most_common(1)[0][0]
    heights = [p.line.bottom - p.line.top for p in placed if p.line.bottom > p.line.top]
    line_height = statistics.median(heights) if heights else body_size
    gaps = [
        b.line.top - a.line.bottom
        for a, b in itertools.pairwise(placed)
        if a.column == b.column and b.line.top > a.line.top
    ]
    gaps = [g for g in gaps if g < 3 * line_height]
    # Too few lines to learn the spacing from: assume ordinary single spacing.
    line_gap = statistics.median(gaps) if len(gaps) >= 3 else 0.25 * line_height
    return _Metrics(body_size, line_height, line_gap, _vocabulary(placed))


def _vocabulary(placed: list[_Placed]) -> set[str]:
    """Words of the document, leaving out the halves of words hyphenated at a line end."""
    vocab: set[str] = set()
    previous_hyphenated = False
    for p in placed:
        words = _WORD.findall(p.line.text)
        hyphenated = p.line.text.rstrip().endswith(_HYPHENS)
        start = 1 if previous_hyphenated else 0
        end = len(words) - 1 if hyphenated else len(words)
        vocab.update(w.lower() for w in words[start:end])
        previous_hyphenated = hyphenated
    return vocab


# -- paragraphs ----------------------------------------------------------------------------------------


def _is_larger(ln: Line, m: _Metrics) -> bool:
    return _size(ln) >= m.body_size * _HEADING_SIZE_RATIO


def _style(ln: Line, m: _Metrics) -> tuple[bool, bool]:
    return (ln.bold, _is_larger(ln, m))


def _char_width(ln: Line) -> float:
    n = max(len(ln.text), 1)
    return max((ln.x1 - ln.x0) / n, 0.5)


def _ends_short(prev: _Placed, cur: _Placed) -> bool:
    """True when the first word of `cur` would have fitted on `prev`: the line break was deliberate."""
    words = cur.line.text.split()
    if not words:
        return True
    cw = _char_width(cur.line)
    room = prev.right - prev.line.x1
    return room > (len(words[0]) + 2) * cw


def _is_indented(prev: _Placed, cur: _Placed, m: _Metrics) -> bool:
    em = m.body_size if m.body_size > 1 else _char_width(cur.line) * 2
    return cur.line.x0 - cur.left > 1.2 * em and prev.line.x0 - prev.left < 0.5 * em


def _starts_pattern(text: str) -> bool:
    return bool(
        _SECTION_HEADING.match(text)
        or _LETTER_HEADING.match(text)
        or _LIST_MARKER.match(text)
        or _ADDRESS_START.match(text)
    )


def _continues(block: _Building, cur: _Placed, m: _Metrics) -> bool:
    prev = block.lines[-1]
    text = cur.line.text.strip()
    if _style(prev.line, m) != _style(cur.line, m):
        return False
    if _starts_pattern(text):
        return False
    if prev.line.page != cur.line.page or (prev.column != cur.column and cur.line.top < prev.line.top):
        # Text flows on to the next column or page. A full last line means the paragraph goes on
        # (a paragraph's own last line is rarely full), even when a sentence happens to end there.
        return text[:1].islower() or not _ends_short(prev, cur)
    gap = cur.line.top - prev.line.bottom
    if gap > m.line_gap + 0.6 * m.line_height:
        return False
    if cur.line.top < prev.line.top - 0.5 * m.line_height:  # moved up: not the next line
        return False
    if not block.list_item and _is_indented(prev, cur, m):
        return False
    return not _ends_short(prev, cur)


def _build_blocks(placed: list[_Placed], m: _Metrics) -> list[Block]:
    blocks: list[Block] = []
    current: _Building | None = None
    for p in placed:
        text = " ".join(p.line.text.split())
        if current is not None and _continues(current, p, m):
            current.text = join_line(current.text, text, m.vocab)
            current.lines.append(p)
            continue
        if current is not None:
            blocks.append(_finish(current, m))
        current = _Building([p], text, bool(_LIST_MARKER.match(text)))
    if current is not None:
        blocks.append(_finish(current, m))
    return blocks


def _finish(block: _Building, m: _Metrics) -> Block:
    text = block.text.strip()
    return Block(text=text, kind=_kind(block, text, m), page=block.lines[0].line.page)


def _kind(block: _Building, text: str, m: _Metrics) -> str:
    if block.list_item:
        return "list_item"
    short = len(text) <= _HEADING_MAX_CHARS and not text.endswith((".", ",", ";"))
    if not short:
        return "body"
    styled = all(p.line.bold or _is_larger(p.line, m) for p in block.lines)
    if styled or _SECTION_HEADING.match(text) or _LETTER_HEADING.match(text):
        return "heading"
    return "body"


# -- joining lines ---------------------------------------------------------------------------------------


def join_line(before: str, after: str, vocab: set[str]) -> str:
    """Join two lines of one paragraph, mending a word hyphenated at the line end."""
    if not before:
        return after
    if before.endswith("\u00ad"):  # a soft hyphen marks a hyphenation point
        return before[:-1] + after
    if before.endswith(_HYPHENS) and len(before) > 1 and before[-2].isalpha() and after[:1].isalpha():
        head = _WORD.findall(before[:-1])
        tail = _WORD.findall(after)
        if head and tail and _keeps_hyphen(head[-1], tail[0], vocab):
            return before + after
        return before[:-1] + after
    return before + " " + after


def _keeps_hyphen(head: str, tail: str, vocab: set[str]) -> bool:
    """Is `head-tail` a real compound (keep the hyphen) rather than one word split at a line end?"""
    if tail[:1].isupper():  # Nagorno-Karabakh, Conflict-Related
        return True
    if "-" in head or "-" in tail:  # already a hyphenated compound: state-of-the-art
        return True
    joined = (head + tail).lower()
    if joined in vocab:
        return False
    if f"{head}-{tail}".lower() in vocab:
        return True
    # A syllable split leaves a tail that is no word of the text ("state-" "ment"); a compound's tail
    # is one ("citizen-" "journalists", "Germany-" "based", "government-" "approved").
    tail_is_word = tail.lower() in vocab and len(tail) > 2 and not _SUFFIX_TAIL.fullmatch(tail.lower())
    head_is_word = head.lower() in vocab or head[:1].isupper() or len(head) >= 5
    return tail_is_word and head_is_word and len(head) > 1
