"""Plain text and Markdown ingestor: the seeds are text pulled from web pages and PDFs."""

from __future__ import annotations

import re

from archive import Settings

from . import release
from . import text_clean as tc
from .decode import decode_text
from .model import Block, Extracted
from .registry import register

_HEADLINE_MAX = 250
_SCRAPE_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{2}|\d{4})\s+")
_DATELINE = re.compile(r"\b(Washington,?\s*D\.?\s?C\.?|WASHINGTON,?\s*D\.?\s?C\.?|WASHINGTON)\s*[-–—]+\s*")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


@register("text/plain", "txt", "text")
def ingest_text(data: bytes, shown: str, settings: Settings) -> Extracted:
    text = decode_text(data, shown)
    return extract_plain(text, "text/plain")


@register("text/markdown", "md", "markdown")
def ingest_markdown(data: bytes, shown: str, settings: Settings) -> Extracted:
    text = decode_text(data, shown)
    return extract_markdown(text)


def extract_plain(text: str, media_type: str) -> Extracted:
    text = tc.strip_style_junk(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = tc.drop_chrome_lines(text.split("\n"))
    lines = tc.strip_tail_chrome(lines)
    paragraphs = _paragraphs(lines, tc.document_vocabulary(text))
    paragraphs = [p for piece in paragraphs for p in tc.split_run_together(piece)]
    paragraphs = tc.drop_chrome_lines([p for p in paragraphs if p])
    # Chrome can also close a run-on line ("... Member of Congress -30-"): drop it as a paragraph.
    paragraphs = tc.strip_tail_chrome(paragraphs)
    extracted = Extracted(blocks=[], media_type=media_type)
    paragraphs = _take_scrape_header(paragraphs, extracted)
    if extracted.title is None and paragraphs and _is_headline(paragraphs[0], paragraphs[1:]):
        extracted.title = paragraphs.pop(0)
    extracted.blocks = [Block(p, _kind(p, i, paragraphs)) for i, p in enumerate(paragraphs)]
    return extracted


def _paragraphs(lines: list[str], vocabulary: set[str]) -> list[str]:
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return []
    blank = len(lines) - len(nonblank)
    if blank >= 0.2 * len(nonblank):
        groups: list[list[str]] = [[]]
        for ln in lines:
            if ln.strip():
                groups[-1].append(ln)
            elif groups[-1]:
                groups.append([])
        paragraphs = [p for g in groups if g for p in _group_paragraphs(g, vocabulary)]
        return tc.mend_split_sentences(paragraphs)
    lengths = sorted(len(ln.strip()) for ln in nonblank)
    median = lengths[len(lengths) // 2]
    if median > 200:  # one paragraph per line
        return [ln.strip() for ln in nonblank]
    return tc.unwrap(nonblank, vocabulary)


def _group_paragraphs(group: list[str], vocabulary: set[str]) -> list[str]:
    """A blank-line group is one paragraph, unless its lines are separate entries (a cc block, an address)."""
    if len(group) == 1:
        return [group[0].strip()]
    stripped = [ln.strip() for ln in group]
    separate_entries = (
        all(len(ln) < 100 for ln in stripped)
        and all(not ln.endswith((",", "-")) for ln in stripped[:-1])
        and all(ln[:1].isupper() or ln.lower().startswith("cc:") for ln in stripped)
    )
    if separate_entries:
        return stripped
    return tc.unwrap(stripped, vocabulary) if max(map(len, stripped)) > 60 else [" ".join(stripped)]


def _take_scrape_header(paragraphs: list[str], ex: Extracted) -> list[str]:
    """Scraped press releases start "MM.DD.YY Title Washington, DC – body...": split the three apart."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    match = _SCRAPE_DATE.match(first)
    if not match:
        return paragraphs
    month, day, year = (int(g) for g in match.groups())
    year = year + 2000 if year < 100 else year
    if 1 <= month <= 12 and 1 <= day <= 31:
        ex.date, ex.date_source = f"{year:04d}-{month:02d}-{day:02d}", "dateline"
    rest = first[match.end():]
    dateline = _DATELINE.search(rest)
    extras: list[str] = []
    if dateline and 10 <= dateline.start() <= _HEADLINE_MAX:
        # the headline; a subheadline or caption run into it stays in the text, apart
        ex.title, extras = release.head_parts(rest[: dateline.start()].strip())
        rest = rest[dateline.start():]
    return [*extras, rest, *paragraphs[1:]]


def _is_headline(first: str, rest: list[str]) -> bool:
    if not rest or len(first) > _HEADLINE_MAX or first.endswith((".", ":", ",", ";")):
        return False
    if re.match(rf"^{tc._MONTHS}\s+\d", first) or first.lower().startswith(("dear ", "the honorable")):
        return False
    return not _DATELINE.match(first)


_PULL_QUOTE = re.compile(r"^[“\"].+[”\"]\s*[–—-]\s*\S.{0,150}$")


def _kind(text: str, i: int, paragraphs: list[str]) -> str:
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
    if tc._SECTION_HEADING.match(text) and len(text) < 160:
        return "heading"
    if tc._LIST_ITEM.match(text):
        return "list_item"
    if _PULL_QUOTE.match(text):
        return "quote"
    if (
        len(text) < 100
        and not text.endswith((*tc.TERMINAL, ","))
        and (len(nxt) >= 150 or tc._SECTION_HEADING.match(nxt) is not None)
        and text[:1].isupper()
        and not re.match(rf"^{tc._MONTHS}\s+\d", text)
        and not text.lower().startswith(("the honorable", "dear ", "cc:"))
        and not re.search(r"\d{5}$", text)  # an address line
    ):
        return "heading"
    return "body"


def extract_markdown(text: str) -> Extracted:
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    title: str | None = None
    para: list[str] = []

    def flush() -> None:
        if para:
            joined = " ".join(ln.strip() for ln in para)
            kind = "list_item" if tc._LIST_ITEM.match(joined) else "quote" if joined.startswith(">") else "body"
            blocks.append(Block(_md_inline(joined.lstrip("> ").lstrip("-* ") if kind != "list_item" else joined), kind))
            para.clear()

    for line in lines:
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            flush()
            text_ = _md_inline(heading.group(2).strip().rstrip("#").strip())
            if title is None and len(heading.group(1)) == 1:
                title = text_
            else:
                blocks.append(Block(text_, "heading"))
        elif not line.strip():
            flush()
        elif tc._LIST_ITEM.match(line.strip()) and para:
            flush()
            para.append(line)
        else:
            para.append(line)
    flush()
    blocks = [b for b in blocks if not tc.is_dropped_line(b.text)]
    return Extracted(blocks=blocks, media_type="text/markdown", title=title)


def _md_inline(text: str) -> str:
    return _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", text))
