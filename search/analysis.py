"""The text analyzer shared by indexing, queries, alias expansion and highlighting.

Order matters: tokens are lowercased and accent-folded *before* stemming, so "évaluation" and
"evaluation" stem alike. The token pattern keeps "U.S." and "502B" whole but never `*`.

Words glued together where a page's markup was lost ("Artsakh20th", "3Stepanakert") are indexed as
their parts, so a search for Stepanakert finds them; the stored text keeps them as published.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    Token,
    Tokenizer,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(\.?\w+)*"
# Bump when the analyzer, the schema or what the documents hold changes: an index built with
# another version is rebuilt (v6: a record's events indexed in paragraph order; v7: glued words
# indexed as their parts).
ANALYZER_VERSION = "text-v7"
# Joins a record's paragraphs in its one text value; the analyzer skips PARAGRAPH_GAP word
# positions there, so neither a phrase nor a proximity query spans two paragraphs.
PARAGRAPH_BREAK = "\x1e"
PARAGRAPH_GAP = 16

_TOKEN = re.compile(TOKEN_PATTERN, re.UNICODE)
_TOKEN_OR_BREAK = re.compile(TOKEN_PATTERN + "|" + PARAGRAPH_BREAK, re.UNICODE)
# The same without capturing groups, so findall gives whole words.
_WORDS_OR_BREAKS = re.compile(TOKEN_PATTERN.replace("(", "(?:") + "|" + PARAGRAPH_BREAK, re.UNICODE)
_STOP = frozenset(STOP_WORDS)
_MIN_SIZE = 2
# Where a glued word comes apart: a word of four or more letters (not all capitals: "COVID19",
# "HR1234" stay whole) running into a number, and a number running into a capitalized word
# ("502B", "20th", "1990s" stay whole).
_GLUED = re.compile(r"(?<=[A-Za-z][a-z]{3})(?=\d)|(?<=\d)(?=[A-Z][a-z]{2})")

Part = tuple[int, int, str]  # (start, end, term) of an indexed piece of one word


def glued_parts(word: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces of a word, itself whole when it is not glued."""
    cuts = [m.start() for m in _GLUED.finditer(word)]
    bounds = [0, *cuts, len(word)]
    return list(itertools.pairwise(bounds))


class TextAnalyzer(Tokenizer):
    """Tokenize, lowercase, fold accents, drop stop words, stem: one pass with a per-word cache.

    Equivalent to RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter |
    StemFilter (positions renumbered over the kept words), at a fraction of the per-token cost,
    which dominates indexing time.
    """

    def __init__(self) -> None:
        self._cache: dict[str, str | None] = {}
        self._parts: dict[str, tuple[Part, ...]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextAnalyzer)

    def __hash__(self) -> int:
        return hash(TextAnalyzer)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self._cache = {}
        self._parts = {}

    def term(self, word: str) -> str | None:
        """The index term of one word, or None for a stop word."""
        cached = self._cache.get(word, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        folded = word.lower().translate(accent_map)
        term = None if folded in _STOP or len(folded) < _MIN_SIZE else stem(folded)
        if len(self._cache) < 500_000:
            self._cache[word] = term
        return term

    def parts(self, word: str) -> tuple[Part, ...]:
        """The index terms of one token with their offsets in it: one for a plain word, one per piece
        of a glued word, none for a stop word."""
        found = self._parts.get(word)
        if found is not None:
            return found
        if _GLUED.search(word) is None:
            term = self.term(word)
            found = () if term is None else ((0, len(word), term),)
        else:
            found = tuple((a, b, t) for a, b in glued_parts(word) if (t := self.term(word[a:b])) is not None)
        if len(self._parts) < 500_000:
            self._parts[word] = found
        return found

    def positions(self, value: str) -> dict[str, list[int]]:
        """{term: [position, ...]}, terms in first-seen order: what __call__ gives in index mode
        (stop words take no position; a paragraph break skips PARAGRAPH_GAP), without a Token per
        word. Indexing spends most of its time here."""
        out: dict[str, list[int]] = {}
        get = out.get
        cache, parts_of = self._parts, self.parts
        pos = 0
        for word in _WORDS_OR_BREAKS.findall(value):
            if word == PARAGRAPH_BREAK:
                pos += PARAGRAPH_GAP
                continue
            parts = cache.get(word)
            if parts is None:
                parts = parts_of(word)
            for _, _, term in parts:
                poslist = get(term)
                if poslist is None:
                    out[term] = [pos]
                else:
                    poslist.append(pos)
                pos += 1
        return out

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,  # type: ignore[no-untyped-def]
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            folded = value.lower().translate(accent_map)
            token.original = value
            token.text = stem(folded) if folded else folded
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        for match in _TOKEN_OR_BREAK.finditer(value):
            word = match.group()
            if word == PARAGRAPH_BREAK:
                pos += PARAGRAPH_GAP
                continue
            parts = self.parts(word)
            if not parts:
                if removestops:
                    continue
                parts = ((0, len(word), word.lower()),)
                token.stopped = True
            else:
                token.stopped = False
            for start, end, term in parts:
                token.text = term
                token.boost = 1.0
                if keeporiginal:
                    token.original = word[start:end]
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = start_char + match.start() + start
                    token.endchar = start_char + match.start() + end
                yield token


_TEXT_ANALYZER = TextAnalyzer()


def text_analyzer() -> TextAnalyzer:
    return _TEXT_ANALYZER


@lru_cache(maxsize=1)
def name_analyzer() -> Analyzer:
    """Unstemmed, for organization names and titles typed as field values."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def terms(text: str) -> tuple[str, ...]:
    """The index terms of `text`, in order (stop words dropped)."""
    return tuple(t.text for t in text_analyzer()(text, mode="query"))


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) for every indexed token of `text` (each piece of a glued word), with
    character offsets."""
    parts_of = _TEXT_ANALYZER.parts
    for match in _TOKEN.finditer(text):
        at = match.start()
        for start, end, term in parts_of(match.group()):
            yield at + start, at + end, term


def has_glued_words(text: str) -> bool:
    return _GLUED.search(text) is not None
