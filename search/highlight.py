"""Snippets: a passage's text, HTML-escaped, with <mark> around the words the query matched.

Escaping is exact: every character of the passage goes through html.escape; only the <mark>
tags this module adds are markup.
"""

from __future__ import annotations

import html
from collections.abc import Collection

from .analysis import spans

ELLIPSIS = "…"


def _marked_spans(text: str, terms: Collection[str], phrases: Collection[tuple[str, ...]],
                  tokens: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int]]:
    """Character spans of matched words and phrases; neighbours separated only by a space or a
    stop word merge into one mark. `tokens` (start, end, term) may be given: all the text's tokens,
    or, when no phrase is to be marked, only those that are query words."""
    tokens = list(spans(text)) if tokens is None else tokens
    marked = [term in terms for _, _, term in tokens]
    words = [term for _, _, term in tokens]
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == phrase:
                marked[i : i + size] = [True] * size
    found = [(start, end) for (start, end, _), on in zip(tokens, marked, strict=True) if on]
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and _joinable(text[merged[-1][1]:start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _joinable(gap: str) -> bool:
    words = gap.split()
    return len(gap) <= 6 and len(words) <= 1 and all(w.isalpha() and len(w) <= 3 for w in words)


def _window(text: str, marks: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    if len(text) <= max_chars:
        return 0, len(text)
    first = marks[0][0] if marks else 0
    start = max(0, first - max_chars // 4)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + max_chars // 2 else end
    return start, end


def snippet(text: str, terms: Collection[str], max_chars: int = 400,
            phrases: Collection[tuple[str, ...]] = (), tokens: list[tuple[int, int, str]] | None = None) -> str:
    """HTML for a passage: escaped text, matched words and phrases (as analyzed terms) in <mark>,
    trimmed around the first match. `tokens`: see _marked_spans."""
    marks = _marked_spans(text, terms, phrases, tokens)
    start, end = _window(text, marks, max_chars)
    out: list[str] = [ELLIPSIS] if start > 0 else []
    pos = start
    for m_start, m_end in marks:
        if m_end <= start or m_start >= end:
            continue
        m_start, m_end = max(m_start, start), min(m_end, end)
        out.append(html.escape(text[pos:m_start]))
        out.append("<mark>" + html.escape(text[m_start:m_end]) + "</mark>")
        pos = m_end
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out)
