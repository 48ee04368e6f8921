"""Small text helpers shared by the enrichment steps: sentences, term patterns, name shapes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Words before a full stop that do not end a sentence (titles, initials, common abbreviations).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "rep", "reps", "sen", "sens", "st", "jr", "sr", "gen", "amb", "gov", "lt",
    "col", "capt", "no", "nos", "res", "inc", "co", "corp", "vs", "etc", "hon", "pres", "sec", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    "u.s", "u.n", "d.c", "n.w", "s.w", "h.e", "h", "fig", "para", "art", "h.r", "h.j", "s.j", "h.con", "s.con", "con",
})

_SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*")


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the punctuation at `dot` ends a sentence (not an abbreviation or an initial)."""
    if text[dot] != ".":
        return True
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if word in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "Joseph R. Biden"
        return False
    decimal = re.fullmatch(r"\d+", word) and dot + 1 < len(text) and text[dot + 1].isdigit()
    return not decimal


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence. A sentence ends at . ! ? (and closing quotes), followed by
    a space or directly by an opening quote or a capital letter ("genocide.“Wholesale")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if not _boundary_follows(text, m.start(), end):
            continue
        if not _ends_sentence(text, m.start()):
            continue
        if _lowercase_follows(text, end) and not re.search(r"[”\"’']", m.group()):
            # "Rep. Zoe Lofgren (D-Calif.) issued ...": the sentence goes on
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # trim leading spaces of each span
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.append((s, e))
    return out


def _lowercase_follows(text: str, end: int) -> bool:
    rest = text[end:end + 3].lstrip()
    return bool(rest) and rest[0].islower()


def _boundary_follows(text: str, punct: int, end: int) -> bool:
    """What follows the punctuation allows a sentence break: a space, the end, an opening quote, or a
    capital glued on after a closing quote or a lowercase word ("recognized.By", "region.”The")."""
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.isspace() or nxt in "“\"‘(":
        return True
    if nxt.isupper():
        return end - punct > 1 or (punct > 0 and text[punct - 1].islower())
    return False


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    for s, e in sentence_spans(text):
        if s <= pos < e:
            return s, e
    return 0, len(text)


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 and all(c.isupper() or (c == "s" and i == len(term) - 1) for i, c in enumerate(term)
                              if c.isalpha())


def _term_body(term: str) -> str:
    stem = term.endswith("*")
    parts = re.split(r"[\s\-‐–]+", term.rstrip("*").strip())
    pieces = [re.sub(r"['’]", "['’]", re.escape(p)) for p in parts]
    source = r"[\s\-‐–]+".join(pieces)
    return source + r"\w*" if stem else source + r"(?!\w)"


def term_regex(term: str) -> str:
    """A regular expression (source) for one vocabulary term: spaces and hyphens match either,
    apostrophes match straight or curly, a trailing * matches any word ending."""
    return rf"(?<![\w-]){_term_body(term)}"


def alternation(terms: Iterable[str], case_sensitive: bool | None = None) -> re.Pattern[str] | None:
    """One pattern for many terms, longest first. The word-start check and a look-ahead on the
    possible first letters run once per position, which keeps long vocabularies fast.
    case_sensitive=None: capitalised acronyms match as written, other terms ignore case."""
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    firsts: set[str] = set()
    alternatives = []
    for term in ordered:
        exact = is_acronym(term) if case_sensitive is None else case_sensitive
        body = _term_body(term)
        alternatives.append(body if exact else f"(?i:{body})")
        first = term[0]
        firsts.update({first} if exact else {first.lower(), first.upper()})
    lead = "".join(sorted(re.escape(c) for c in firsts))
    return re.compile(rf"(?<![\w-])(?=[{lead}])(?:{'|'.join(alternatives)})")


@lru_cache(maxsize=256)
def compile_terms(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of the terms, longest first. Capitalised acronyms match as written;
    everything else ignores case."""
    return alternation(terms)


def unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def clean_space(text: str) -> str:
    return " ".join(text.split())
