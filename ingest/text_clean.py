"""Plain-text cleaning: the rules of ingest/rules/text.yaml applied to lines and paragraphs.

Text from web pages and PDFs arrives in three shapes, each handled here:
blank-line paragraphs (one or more lines each), one paragraph per line, and hard-wrapped lines with
no blank lines (PDF extractions). Scraped text may also be one run-on line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).resolve().parent / "rules" / "text.yaml"
TERMINAL = tuple('.!?:;"”’)')
_LIST_ITEM = re.compile(r"^(\(?\d{1,2}[.)]|\(?[a-z][.)]|[•▪◦·*\-–])\s+\S")
_SECTION_HEADING = re.compile(r"^(Section\s+\d+\.\s+\S.*|[a-z]\.\s+[A-Z][^.]{2,100}|Executive Summary)$")
_HYPHEN_PREFIXES = {
    "non", "self", "well", "anti", "co", "ex", "cross", "long", "short", "multi", "post", "pre", "pro", "semi",
    "so", "vice", "ill", "half", "all", "high", "low", "full", "part", "inter", "government", "state", "un",
}


@dataclass(frozen=True)
class Rules:
    drop_lines: tuple[re.Pattern[str], ...]
    tail_chrome: tuple[re.Pattern[str], ...]  # matched against chrome-sized lines only
    tail_chrome_any_length: tuple[re.Pattern[str], ...]
    chrome_max_chars: int
    style_run: re.Pattern[str]
    style_markers: re.Pattern[str]


@functools.cache
def rules() -> Rules:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    junk = raw["style_junk"]
    any_length = list(raw.get("chrome_any_length") or [])
    items = "|".join(f"(?:{p.replace('{selector}', junk['selector'])})" for p in junk["items"].values())
    return Rules(
        drop_lines=tuple(re.compile(p, flags) for p in raw["drop_lines"].values()),
        tail_chrome=tuple(re.compile(p, flags) for k, p in raw["tail_chrome"].items() if k not in any_length),
        tail_chrome_any_length=tuple(re.compile(raw["tail_chrome"][k], flags) for k in any_length),
        chrome_max_chars=int(raw["chrome_max_chars"]),
        style_run=re.compile(rf"(?:(?:{items})\s*)+"),
        style_markers=re.compile(junk["markers"]),
    )


def strip_style_junk(text: str) -> str:
    """Remove pasted word-processor style definitions wherever they stand. Each run of style items
    that holds a marker becomes a paragraph break (the junk stood between a headline and its body,
    or between two paragraphs); the text around it is kept as it was."""
    r = rules()
    if "{" not in text and "MicrosoftInternetExplorer" not in text:
        return text
    out: list[str] = []
    pos = 0
    for match in r.style_run.finditer(text):
        if r.style_markers.search(match.group(0)):
            out.append(text[pos:match.start()].rstrip(" \t"))
            out.append("\n\n")
            pos = match.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out).strip()


def _chrome_sized(line: str) -> bool:
    return len(line.strip()) <= rules().chrome_max_chars


def is_dropped_line(line: str) -> bool:
    stripped = line.strip()
    return _chrome_sized(stripped) and any(p.search(stripped) for p in rules().drop_lines)


def drop_chrome_lines(lines: list[str]) -> list[str]:
    """The lines that are not navigation crumbs, page markers or widgets; all of them when
    nothing else would be left (chrome rules trim chrome, never the whole text)."""
    kept = [ln for ln in lines if not is_dropped_line(ln)]
    return kept if any(ln.strip() for ln in kept) else lines


def is_tail_chrome(line: str) -> bool:
    r = rules()
    if any(p.search(line) for p in r.tail_chrome_any_length):
        return True
    return _chrome_sized(line) and any(p.search(line) for p in r.tail_chrome)


def strip_tail_chrome(lines: list[str]) -> list[str]:
    """Drop trailing site chrome (reply forms, comments, bylines, donation lines) from the end;
    a text that is nothing but lines like those is kept whole."""
    end = len(lines)
    while end > 0:
        line = lines[end - 1]
        if not line.strip() or is_tail_chrome(line.rstrip()):
            end -= 1
            continue
        break
    return lines[:end] if end or not any(ln.strip() for ln in lines) else lines


# -- paragraphs ------------------------------------------------------------------------------


def _is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line.strip()))


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str:
    """Join a line ending in a hyphen with the next: drop the hyphen unless the compound is real."""
    head = re.search(r"(\w+)-$", left)
    tail = re.match(r"(\w+)", right)
    if not head or not tail or not right[:1].islower():
        return f"{left} {right}"
    first, second = head.group(1), tail.group(1)
    joined = (first + second).lower()
    compound = f"{first}-{second}".lower()
    if compound in vocabulary or (first.lower() in _HYPHEN_PREFIXES and joined not in vocabulary):
        return left + right
    return left[:-1] + right


def unwrap(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs. A line much shorter than the wrap width ends one;
    a short Title Case line between sentences is a heading and stands alone.

    Each paragraph is built as a list of its lines and joined once, so the time grows with the
    text's length (appending to one growing string was quadratic on a long paragraph)."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        return []
    lengths = sorted(len(ln) for ln in lines)
    width = lengths[max(0, int(len(lengths) * 0.9) - 1)]
    paragraphs: list[str] = []
    current: list[str] = []  # the paragraph so far, one piece per line ("" joins pieces with a space)
    prev_line = ""
    in_heading = False
    for line in lines:
        heading = is_heading_line(line, prev_line, width)
        if in_heading and _continues_heading(prev_line, line, width):
            current.append(line)
        elif not current or heading or in_heading or _is_list_item(line) or _ends_paragraph(prev_line, width):
            if current:
                paragraphs.append(" ".join(current))
            current = [line]
            in_heading = heading
        elif current[-1].endswith("-") and not current[-1].endswith(" -") and current[-1] != "-":
            current[-1] = join_hyphenated(current[-1], line, vocabulary)
        else:
            current.append(line)
        prev_line = line
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


_SMALL_WORDS = {"a", "an", "and", "or", "of", "the", "in", "on", "to", "for", "with", "by", "at", "from", "as", "against", "into"}


def is_heading_line(line: str, prev_line: str, width: int) -> bool:
    if _SECTION_HEADING.match(line):
        return True
    if len(line) >= 0.75 * width or line.endswith((*TERMINAL, ",")) or not line[:1].isupper():
        return False
    if prev_line and not prev_line.endswith(TERMINAL):
        return False  # the line finishes the previous sentence
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() for w in big) >= 0.8 * len(big)


def _continues_heading(prev_line: str, line: str, width: int) -> bool:
    """A heading wrapped over two lines: the first ends on a joining word or comma."""
    last = prev_line.rsplit(" ", 1)[-1].lower().rstrip(",")
    return (prev_line.endswith(",") or last in _SMALL_WORDS) and len(line) < 0.75 * width and not line.endswith(TERMINAL)


def _ends_paragraph(line: str, width: int) -> bool:
    """A wrapped line fills most of the width; a short one ends its paragraph."""
    if _SECTION_HEADING.match(line):
        return True
    return len(line) < 0.75 * width


def mend_split_sentences(paragraphs: list[str]) -> list[str]:
    """Rejoin a sentence that a page break split into two paragraphs (the first long and unfinished).

    Joined pieces are collected and joined once (linear time however many pieces join)."""
    out: list[list[str]] = []
    for para in paragraphs:
        if out:
            prev = out[-1][-1]
            unfinished = (len(prev) > 120 or len(out[-1]) > 1) and not prev.rstrip().endswith(TERMINAL)
            continues = bool(para) and not _is_list_item(para) and (
                para[0].islower() or re.match(r"^[A-Z][\w’'-]*[,;]", para) is not None
            )
            if unfinished and continues:
                out[-1][-1] = prev.rstrip()
                out[-1].append(para.lstrip())
                continue
        out.append([para])
    return [" ".join(pieces) for pieces in out]


def document_vocabulary(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+(?:-\w+)*", text)}


# -- run-together text (scraped pages that lost their line breaks) -----------------------------

_MONTHS = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_NAMES = tuple(f"{m} " for m in _MONTHS.strip("()").split("|"))
_DEAR = ("Dear ",)
# (pattern, replacement, the texts one of which a paragraph must hold for the pattern to match: a
# pattern is not run over a paragraph that holds none of them; empty: always run)
_RUN_TOGETHER: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    # "The Honorable Barack ObamaPresident of the United StatesThe White HouseWashington, DCDear Mr. President:As"
    (re.compile(r"(?<=[a-z])(?=(President of |The White House|Washington, D\.?C|Dear |Secretary of |U\.S\. Department))"), "\n",
     ("President of ", "The White House", "Washington, D", "Dear ", "Secretary of ", "U.S. Department")),
    (re.compile(r"(?<=[A-Z]{2})\s*(?=Dear )"), "\n", _DEAR),
    (re.compile(r"(\bDear [A-Z][^:\n]{0,40}:)\s*(?=[A-Z])"), "\\1\n", _DEAR),
    (re.compile(rf"(?<=:)\s*(?={_MONTHS} \d{{1,2}}, \d{{4}})"), "\n", (":",)),
    # "February 6, 2025The Honorable" -> date / address block
    (re.compile(rf"(\b{_MONTHS} \d{{1,2}}, \d{{4}})(?=[A-Z])"), "\\1\n", _MONTH_NAMES),
    # "...Support Act.The Honorable", "Sincerely,Adam", "SchiffMember of Congress"
    (re.compile(r"(?<=[A-Za-z.,;:])(?=The Honorable\b)"), "\n", ("The Honorable",)),
    (re.compile(r"(?<=[a-z.])\s*(?=Member of Congress\b)"), "\n", ("Member of Congress",)),
    (re.compile(r"(?<=[A-Z]{2})(?=Member of Congress\b)"), "\n", ("Member of Congress",)),
    (re.compile(r"(?<=[.”\"])\s*(?=Sincerely,)"), "\n", ("Sincerely,",)),
    (re.compile(r"(?<=Sincerely,)\s*(?=\S)"), "\n", ("Sincerely,",)),
    (re.compile(r"(?<=[.!?”\"])\s*(?=Dear (Mr\.|Madam|Madame|Ms\.|Mrs\.|President|Secretary|Senator|Representative|Chairman|Chairwoman|Congressman|Congresswoman|Ambassador|Colleague|Friend)\b)"), "\n", _DEAR),
    (re.compile(r"(?<=[a-z,])\s+(?=cc:\s)"), "\n", ("cc:",)),
    (re.compile(r"\s*(?<!\S)(-30-|###)\s*$|(?<=[a-z.”\"])(-30-|###)\s*$"), "\n\\1\\2", ("-30-", "###")),
    # a sentence run into the next with no space: "genocide.“Wholesale", "rights.I would"
    (re.compile(r"(?<=[a-z]{2}[.!?])(?=[“\"]?[A-Z][a-z])"), "\n", ()),
]


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")


def split_run_together(paragraph: str) -> list[str]:
    # e-mail and web addresses are set aside first: a split never falls inside one ("Renee.Ferguson@...")
    addresses: list[str] = []

    def keep(m: re.Match[str]) -> str:
        addresses.append(m.group(0))
        return f"\x00{len(addresses) - 1}\x00"

    paragraph = _ADDRESS.sub(keep, paragraph)
    for pattern, repl, needs in _RUN_TOGETHER:
        if not needs or any(text in paragraph for text in needs):
            paragraph = pattern.sub(repl, paragraph)
    if addresses:
        paragraph = re.sub(r"\x00(\d+)\x00", lambda m: addresses[int(m.group(1))], paragraph)
    return [p.strip() for p in paragraph.split("\n") if p.strip()]
