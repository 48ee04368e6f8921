"""Words and fingerprints of paragraphs, for finding the same passage in two records.

Words are compared case-folded, with punctuation and quotation marks left out, so a passage
quoted with straight quotes in one record and curly quotes in another still matches.

Fingerprints: every run of SHINGLE consecutive words is hashed (a 64-bit polynomial hash of
stable per-word CRC-32s), and of every WINDOW consecutive shingle hashes the smallest is kept
(winnowing, Schleimer et al. 2003). Two paragraphs that share a run of SHINGLE + WINDOW - 1
words (25) are guaranteed to share a fingerprint; shorter shared runs share one often.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

SHINGLE = 6  # words per shingle
WINDOW = 20  # shingles per winnowing window: SHINGLE + WINDOW - 1 = 25 words are always caught
_PRIME = np.uint64(1_000_003)

WORD = re.compile(r"\w+(?:['’]\w+)*")

_word_hash_cache: dict[str, int] = {}


def words(text: str) -> list[str]:
    """The paragraph's words, case-folded, in order."""
    return WORD.findall(text.casefold().replace("’", "'"))


def words_with_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The case-folded words and the character (start, end) of each in the original text."""
    found = list(WORD.finditer(text))
    return [m.group().casefold().replace("’", "'") for m in found], [m.span() for m in found]


def shingle_hashes(tokens: Sequence[str], size: int = SHINGLE) -> np.ndarray:
    """A uint64 hash of each run of `size` words (empty when there are fewer words)."""
    n = len(tokens) - size + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    cache = _word_hash_cache
    if len(cache) > 2_000_000:
        cache.clear()
    for word in set(tokens).difference(cache):
        cache[word] = zlib.crc32(word.encode("utf-8")) | 1
    ids = np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            h = h * _PRIME + ids[j : j + n]
    return h


def fingerprints(tokens: Sequence[str]) -> np.ndarray:
    """The winnowed shingle hashes of a paragraph (unique, as int64 for SQLite)."""
    h = shingle_hashes(tokens)
    if len(h) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(h) > WINDOW:
        windows = sliding_window_view(h, WINDOW)
        picks = windows.argmin(axis=1) + np.arange(len(windows))
        h = h[np.unique(picks)]
    else:
        h = h[[int(h.argmin())]]
    return np.unique(h.view(np.int64) & ~1)  # even: a shingle fingerprint (odd: a whole quotation)


def text_hash(text: str) -> int:
    """One int64 for a whole passage's words (marked quotations of any length match by it)."""
    h = shingle_hashes(words(text), 1)
    if len(h) == 0:
        return 0
    acc = np.uint64(0)
    with np.errstate(over="ignore"):
        for v in h:
            acc = acc * _PRIME + v
    return int(np.array([acc], dtype=np.uint64).view(np.int64)[0]) | 1


def shared_count(ha: np.ndarray, hb: np.ndarray) -> int:
    """How many of one paragraph's shingle hashes occur in the other's (a cheap bound before aligning)."""
    if len(ha) == 0 or len(hb) == 0:
        return 0
    return int(np.isin(ha, hb).sum())
