"""Choosing the passages a record hit shows: the paragraphs holding most of the query's words.

The index has one document per record, so which paragraphs matched is found here, for the shown
records only. Rather than analyzing every word of every paragraph, a regular expression over the
folded text finds the words that begin like a query stem (a Porter stem keeps a word's beginning,
though it may change its last letter: "countri" for "country"), and only those are analyzed. A
paragraph that may hold a phrase is analyzed whole, to check that the phrase's words are adjacent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.support.charset import accent_map

from .analysis import has_glued_words, spans, text_analyzer

Paragraph = tuple[int, "int | None", str]  # (number, page, text) as stored in the index
Token = tuple[int, int, str]  # (start, end, term)

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MAX_PROBES = 200  # a wildcard expanding to more stems than this analyzes paragraphs whole


def _fold_char(match: re.Match[str]) -> str:
    char = match.group()
    return accent_map.get(ord(char), char)  # type: ignore[no-any-return]


def fold(text: str) -> str:
    """Lowercased and accent-folded as the analyzer folds words (str.translate walks every
    character through a dict; only the few non-ASCII ones need it)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else _NON_ASCII.sub(_fold_char, lowered)


@dataclass
class Marks:
    """What to highlight and look for: single terms (wildcards expanded) and phrases, as analyzed terms."""

    terms: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)

    def words(self) -> set[str]:
        return set(self.terms) | {w for phrase in self.phrases for w in phrase}


class Finder:
    """The query's words in a paragraph: their tokens, and a score for ranking paragraphs."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.words = marks.words()
        probes = sorted({w[:-1] if len(w) > 3 else w for w in self.words}, key=len, reverse=True)
        self.regex = None
        if probes and len(probes) <= _MAX_PROBES:
            self.regex = re.compile(r"(?<!\w)(?<!\w\.)(?:" + "|".join(map(re.escape, probes)) + r")\w*(?:\.?\w+)*")

    def tokens(self, text: str) -> list[Token]:
        """Tokens of `text` that are query words, or (when a phrase may occur, or the quick search
        cannot be used) every token: enough to score and highlight the paragraph exactly."""
        if not self.words:
            return []
        folded = fold(text)
        if self.regex is None or len(folded) != len(text) or has_glued_words(text):
            return list(spans(text))  # lower() changed the length (no offsets), or words are glued
        term_of = text_analyzer().term
        found = [(m.start(), m.end(), term) for m in self.regex.finditer(folded)
                 if (term := term_of(m.group())) in self.words]
        present = {t for _, _, t in found}
        if any(set(phrase) <= present for phrase in self.marks.phrases):
            return list(spans(text))
        return found

    def score(self, tokens: list[Token]) -> int:
        """Distinct query words, plus two for each phrase (over tokens from `tokens()`)."""
        words = [t for _, _, t in tokens]
        present = set(words)
        score = len(present & self.marks.terms)
        for phrase in self.marks.phrases:
            if set(phrase) <= present:
                size = len(phrase)
                score += 2 * sum(1 for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == phrase)
        return score


def best_passages(paras: list[Paragraph], finder: Finder, per_record: int
                  ) -> tuple[list[tuple[Paragraph, list[Token]]], int]:
    """Up to `per_record` paragraphs that match best (in paragraph order when equal), each with its
    tokens for highlighting, and the number of paragraphs that match at all. With nothing to look
    for, or no paragraph matching (the record matched on its title or organization), the first
    paragraph."""
    if not paras:
        return [], 0
    scored: list[tuple[int, int, list[Token]]] = []
    for i, (_, _, text) in enumerate(paras):
        tokens = finder.tokens(text)
        if tokens and (score := finder.score(tokens)):
            scored.append((score, i, tokens))
    if not scored:
        return [(paras[0], [])], 0
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:per_record]
    return [(paras[i], tokens) for _, i, tokens in best], len(scored)
