"""Choosing the passages a record hit shows: the paragraphs holding most of the query's words.

The index has one document per record, so which paragraphs matched is found here, for the shown
records only. A cheap test on the folded text (does any query stem's beginning occur in it?)
skips the paragraphs that cannot match before the analyzer runs on the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh.support.charset import accent_map

from .analysis import spans

Paragraph = tuple[int, "int | None", str]  # (number, page, text) as stored in the index

_MAX_PROBES = 64  # a wildcard expanding to more stems than this skips the quick test


@dataclass
class Marks:
    """What to highlight and look for: single terms (wildcards expanded) and phrases, as analyzed terms."""

    terms: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)

    def probes(self) -> list[str] | None:
        """Substrings one of which a paragraph's folded text must hold to match (None: no quick test).

        A Porter stem keeps the word's beginning but may change its last letter ("countri" for
        "country"), so the stem without its last letter is looked for.
        """
        stems = set(self.terms) | {w for phrase in self.phrases for w in phrase}
        if not stems or len(stems) > _MAX_PROBES:
            return None
        return sorted({s[:-1] if len(s) > 3 else s for s in stems})


def _score(text: str, marks: Marks) -> int:
    """Distinct query words in the paragraph, plus two for each phrase it holds."""
    words = [term for _, _, term in spans(text)]
    present = set(words)
    score = len(present & marks.terms)
    for phrase in marks.phrases:
        if set(phrase) <= present:
            size = len(phrase)
            score += 2 * sum(1 for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == phrase)
    return score


def best_passages(paras: list[Paragraph], marks: Marks, per_record: int) -> tuple[list[Paragraph], int]:
    """Up to `per_record` paragraphs that match best (in paragraph order when equal), and the number
    of paragraphs that match at all. With nothing to look for, or no paragraph matching (the
    record matched on its title or organization), the first paragraph."""
    if not paras:
        return [], 0
    probes = marks.probes()
    scored: list[tuple[int, int]] = []
    for i, (_, _, text) in enumerate(paras):
        if probes is not None:
            folded = text.lower().translate(accent_map)
            if not any(p in folded for p in probes):
                continue
        score = _score(text, marks) if (marks.terms or marks.phrases) else 0
        if score:
            scored.append((score, i))
    if not scored:
        return [paras[0]], 0
    best = sorted(scored, key=lambda si: (-si[0], si[1]))[:per_record]
    return [paras[i] for _, i in best], len(scored)
