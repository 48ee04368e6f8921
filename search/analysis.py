"""The text analyzer shared by indexing, queries, alias expansion and highlighting.

Order matters: tokens are lowercased and accent-folded *before* stemming, so "évaluation" and
"evaluation" stem alike. The token pattern keeps "U.S." and "502B" whole but never `*`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(\.?\w+)*"
# Bump when the analyzer or schema changes: an index built with another version is rebuilt.
ANALYZER_VERSION = "text-v2"


@lru_cache(maxsize=1)
def text_analyzer() -> Analyzer:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


@lru_cache(maxsize=1)
def name_analyzer() -> Analyzer:
    """Unstemmed, for organization names and titles typed as field values."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def terms(text: str) -> tuple[str, ...]:
    """The index terms of `text`, in order (stop words dropped)."""
    return tuple(t.text for t in text_analyzer()(text, mode="query"))


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) for every indexed token of `text`, with character offsets."""
    for tok in text_analyzer()(text, chars=True, mode="index"):
        yield tok.startchar, tok.endchar, tok.text
