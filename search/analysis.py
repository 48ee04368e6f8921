"""The text analyzer shared by indexing, queries, alias expansion and highlighting.

Order matters: tokens are lowercased and accent-folded *before* stemming, so "évaluation" and
"evaluation" stem alike. The token pattern keeps "U.S." and "502B" whole but never `*`.
"""

from __future__ import annotations

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
# another version is rebuilt (v6: a record's events indexed in paragraph order).
ANALYZER_VERSION = "text-v6"
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


class TextAnalyzer(Tokenizer):
    """Tokenize, lowercase, fold accents, drop stop words, stem: one pass with a per-word cache.

    Equivalent to RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter |
    StemFilter (positions renumbered over the kept words), at a fraction of the per-token cost,
    which dominates indexing time.
    """

    def __init__(self) -> None:
        self._cache: dict[str, str | None] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextAnalyzer)

    def __hash__(self) -> int:
        return hash(TextAnalyzer)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self._cache = {}

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

    def positions(self, value: str) -> dict[str, list[int]]:
        """{term: [position, ...]}, terms in first-seen order: what __call__ gives in index mode
        (stop words take no position; a paragraph break skips PARAGRAPH_GAP), without a Token per
        word. Indexing spends most of its time here."""
        out: dict[str, list[int]] = {}
        get = out.get
        cache, term_of = self._cache, self.term
        pos = 0
        for word in _WORDS_OR_BREAKS.findall(value):
            if word == PARAGRAPH_BREAK:
                pos += PARAGRAPH_GAP
                continue
            term = cache.get(word, False)
            if term is False:
                term = term_of(word)
            if term is None:
                continue
            poslist = get(term)  # type: ignore[arg-type]
            if poslist is None:
                out[term] = [pos]  # type: ignore[index]
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
        term_of = self.term
        for match in _TOKEN_OR_BREAK.finditer(value):
            word = match.group()
            if word == PARAGRAPH_BREAK:
                pos += PARAGRAPH_GAP
                continue
            term = term_of(word)
            if term is None:
                if removestops:
                    continue
                term = word.lower()
                token.stopped = True
            else:
                token.stopped = False
            token.text = term
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
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
    """(start, end, term) for every indexed token of `text`, with character offsets."""
    term_of = _TEXT_ANALYZER.term
    for match in _TOKEN.finditer(text):
        term = term_of(match.group())
        if term is not None:
            yield match.start(), match.end(), term
