"""Reading a draft letter for the draft check: its paragraphs, the quotations in it, its figures.

- ``read_draft(data, shown, max_bytes) -> list[DraftParagraph]``: text, Markdown or Word. Block
  quotes are marked: ``>`` lines in Markdown, indented paragraphs (or a "Quote" style) in Word,
  indented paragraphs in plain text. Raises ``EmptyDocument``, ``UnsupportedType``, ``TooLarge``,
  ``Undecodable`` or ``CorruptFile`` with a one-line reason naming the file.
- ``find_quotations(paragraphs, min_words=4) -> list[DraftQuote]``: text in straight or curly double
  quotes, and whole block quotes, each with the sentence(s) around it as context. Shorter quotations
  are scare quotes and left out (``min_words=1`` keeps them).
- ``find_figures(paragraphs) -> list[DraftFigure]``: a number with its unit ("more than 200 deaths",
  "120,000 civilians", "$1.5 million in aid"); years, dates and numbered names are not figures.

Nothing here stores anything: a checked draft is not archived.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .decode import decode_text
from .detect import DOCX, detect_media_type
from .docx_ingest import _check_package
from .enrich import sentence_at
from .errors import CorruptFile, EmptyDocument, TooLarge, UnsupportedType

DRAFT_TYPES = ("text/plain", "text/markdown", DOCX)


@dataclass(frozen=True)
class DraftParagraph:
    text: str
    block: bool = False      # a block quote


@dataclass(frozen=True)
class DraftQuote:
    text: str                # the words quoted, without the quotation marks
    context: str             # the sentence(s) around it in the letter
    paragraph: int           # 0-based index into the draft's paragraphs
    start: int               # character offsets of the quoted words in that paragraph
    end: int
    block: bool = False


@dataclass(frozen=True)
class DraftFigure:
    text: str                # as written: "more than 200 deaths"
    number: str              # digits only, thousands separators dropped: "200", "1.5"
    unit: str                # the word(s) after it: "deaths"; "million in aid" keeps the scale
    context: str
    paragraph: int
    start: int
    end: int


# -- reading ----------------------------------------------------------------------------------------

def read_draft(data: bytes, shown: str, max_bytes: int) -> list[DraftParagraph]:
    if len(data) > max_bytes:
        raise TooLarge(shown, f"the draft is {len(data) / 1048576:.1f} MB; the limit is "
                              f"{max_bytes / 1048576:.1f} MB")
    if not data.strip():
        raise EmptyDocument(shown, "the draft is empty")
    media = detect_media_type(data, shown)
    if media not in DRAFT_TYPES:
        raise UnsupportedType(shown, f"a draft must be text, Markdown or a Word .docx file, not {media}")
    if media == DOCX:
        paragraphs = _docx_paragraphs(data, shown)
    else:
        text = decode_text(data, shown)
        paragraphs = _markdown_paragraphs(text) if media == "text/markdown" or _has_md_quotes(text) \
            else _text_paragraphs(text)
    if not any(p.text.strip() for p in paragraphs):
        raise EmptyDocument(shown, "the draft holds no text")
    return paragraphs


def draft_from_text(text: str) -> list[DraftParagraph]:
    """A pasted draft: Markdown block quotes when it has any, else plain text."""
    return _markdown_paragraphs(text) if _has_md_quotes(text) else _text_paragraphs(text)


def _has_md_quotes(text: str) -> bool:
    return bool(re.search(r"(?m)^ {0,3}>", text))


def _blocks(text: str) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            groups[-1].append(line.rstrip())
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _joined(lines: list[str]) -> str:
    return " ".join(" ".join(line.split()) for line in lines)


def _text_paragraphs(text: str) -> list[DraftParagraph]:
    out = []
    for lines in _blocks(text):
        indented = all(line.startswith(("    ", "\t")) for line in lines)
        out.append(DraftParagraph(_joined(lines), block=indented))
    return out


_MD_QUOTE = re.compile(r"^ {0,3}> ?")


def _markdown_paragraphs(text: str) -> list[DraftParagraph]:
    out = []
    for lines in _blocks(text):
        run: list[str] = []
        quoting = False
        for line in lines:  # a paragraph may switch between quoted and plain lines
            is_quote = bool(_MD_QUOTE.match(line))
            body = _MD_QUOTE.sub("", line) if is_quote else line
            if run and is_quote != quoting:
                out.append(DraftParagraph(_joined(run), block=quoting))
                run = []
            if is_quote and not body.strip():   # "> " alone separates quoted paragraphs
                if run:
                    out.append(DraftParagraph(_joined(run), block=True))
                run = []
            else:
                run.append(body)
            quoting = is_quote
        if run:
            out.append(DraftParagraph(_joined(run), block=quoting))
    return [DraftParagraph(_unmark(p.text), p.block) for p in out if p.text]


def _unmark(text: str) -> str:
    """Markdown emphasis and links to plain words ("**must**" -> "must", "[text](url)" -> "text")."""
    text = re.sub(r"\[([^\]]+)\]\([^)\s]+\)", r"\1", text)
    return re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", text)


def _docx_paragraphs(data: bytes, shown: str) -> list[DraftParagraph]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_package(data, shown)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(shown, f"damaged Word document ({exc.__class__.__name__})") from None
    out = []
    for para in document.paragraphs:
        text = " ".join(para.text.split())
        if text:
            out.append(DraftParagraph(text, block=_is_block_quote(para)))
    return out


def _is_block_quote(para) -> bool:  # type: ignore[no-untyped-def]
    style = para.style
    while style is not None:
        if "quote" in (style.name or "").lower():
            return True
        style = style.base_style
    fmt = para.paragraph_format
    left = fmt.left_indent if fmt.left_indent is not None else _style_indent(para.style)
    return bool(left and left.inches >= 0.4 and not _is_list(para))


def _style_indent(style):  # type: ignore[no-untyped-def]
    while style is not None:
        if style.paragraph_format.left_indent is not None:
            return style.paragraph_format.left_indent
        style = style.base_style
    return None


def _is_list(para) -> bool:  # type: ignore[no-untyped-def]
    p_pr = para._p.pPr
    return (p_pr is not None and p_pr.numPr is not None) or "list" in (para.style.name or "").lower()


# -- quotations ---------------------------------------------------------------------------------------

_OPENERS = "“„"
_CLOSERS = "”"
_TITLE_BEFORE = re.compile(r"\b(?:entitled|titled|called|named|headlined|dubbed)\s*[:,]?\s*$", re.IGNORECASE)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quotes. Curly marks say which way they
    face; a straight mark opens after a space or an opening bracket and closes otherwise."""
    spans = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch not in _OPENERS + _CLOSERS + '"':
            continue
        prev = text[i - 1] if i else " "
        opens = ch in _OPENERS or (ch == '"' and (prev.isspace() or prev in "([{—–-:") and open_at is None)
        if opens:
            open_at = i + 1
        elif open_at is not None:
            spans.append((open_at, i))
            open_at = None
    return spans


def find_quotations(paragraphs: list[DraftParagraph], min_words: int = 4) -> list[DraftQuote]:
    quotes: list[DraftQuote] = []
    for index, para in enumerate(paragraphs):
        text = para.text
        if para.block:
            start, end = _strip_marks(text, 0, len(text))
            if len(text[start:end].split()) >= min_words:
                quotes.append(DraftQuote(text[start:end], _block_context(paragraphs, index), index, start, end, True))
            continue
        for start, end in _quoted_spans(text):
            start, end = _strip_space(text, start, end)
            words = text[start:end].split()
            if len(words) < min_words or _TITLE_BEFORE.search(text[:max(0, start - 1)]):
                continue
            quotes.append(DraftQuote(text[start:end], _context(text, start, end), index, start, end))
    return quotes


def _strip_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = _strip_space(text, start, end)
    if end - start > 2 and text[start] in _OPENERS + '"' and text[end - 1] in _CLOSERS + '"':
        start, end = start + 1, end - 1
    return _strip_space(text, start, end)


def _context(text: str, start: int, end: int) -> str:
    lo, _ = sentence_at(text, max(0, start - 1))
    _, hi = sentence_at(text, max(lo, end - 1))
    return " ".join(text[lo:max(hi, end + 1)].split())


def _block_context(paragraphs: list[DraftParagraph], index: int) -> str:
    """The sentence that introduces a block quote (the end of the paragraph before it)."""
    for prev in reversed(paragraphs[:index]):
        if not prev.block:
            lo, hi = sentence_at(prev.text, max(0, len(prev.text) - 1))
            return " ".join(prev.text[lo:hi].split())
    return ""


# -- figures ------------------------------------------------------------------------------------------

_QUALIFIER = r"(?:more than|over|at least|nearly|almost|about|approximately|around|roughly|some|up to|" \
             r"fewer than|less than|as many as|an estimated)"
_SCALE = r"(?:million|billion|thousand|hundred|percent|per cent)"
_FIGURE = re.compile(
    rf"(?:\b{_QUALIFIER}\s+)?(?P<num>\$?(?<![\w.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\$?(?<![\w.,])\d+(?:\.\d+)?)"
    rf"(?P<pct>%)?(?P<unit>(?:\s+{_SCALE})?(?:\s+(?:of\s+|in\s+)?(?!(?:and|or|to|the|of|in|on|by|for|a|an|"
    rf"is|are|was|were|that|which|who|with)\b)[a-z][a-z-]+){{1,2}})?",
    re.IGNORECASE)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|\b[A-Z][\w.]*\.?|§|No\.|#)\s*$")


def find_figures(paragraphs: list[DraftParagraph]) -> list[DraftFigure]:
    figures = []
    for index, para in enumerate(paragraphs):
        text = para.text
        for m in _FIGURE.finditer(text):
            unit = " ".join((m.group("unit") or "").split())
            if m.group("pct"):
                unit = ("percent " + unit).strip()
            number = m.group("num").lstrip("$").replace(",", "")
            if not unit or not _is_figure(text, m, number, unit):
                continue
            if m.group("num").startswith("$"):
                unit = ("dollars " + unit).strip() if not unit.startswith(("million", "billion")) else unit
            figures.append(DraftFigure(" ".join(m.group().split()), number, unit,
                                       _context(text, m.start(), m.end()), index, m.start(), m.end()))
    return figures


def _is_figure(text: str, m: re.Match[str], number: str, unit: str) -> bool:
    if _NOT_A_FIGURE_BEFORE.search(text[:m.start("num")]) and not m.group().lower().startswith(
            ("more", "over", "at", "nearly", "almost", "about", "approx", "around", "roughly", "some", "up",
             "fewer", "less", "as", "an")):
        return False
    plain = number.replace(".", "")
    if len(plain) == 4 and 1800 <= int(plain) <= 2100 and "." not in number and "," not in m.group("num"):
        return False  # a year
    first = unit.split()[0].lower()
    return first not in {"st", "nd", "rd", "th", "am", "pm", "a.m", "p.m"}
