"""Other forms of a query word that the stemmer does not join: "destroyed" / "destruction",
"expel" / "expulsion", "demolished" / "demolition".

A derivational rule set (rules/word_forms.yaml: endings and stem alternations) says which of the
archive's own words (the vocabulary kept beside the vectors) share a root with the query word;
the embedding model then drops pairs far apart in meaning and orders the rest. The Porter stemmer
already joins plural and tense forms; these are the forms it misses. What was added is shown to
the user ("also searched: ...") and can be switched off.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from .dense import Embedder, similarities

MIN_SIMILARITY = 0.45  # cosine between the word and a form (a lookalike root with another sense)
MAX_FORMS = 3  # forms added per word
_MIN_ROOT = 5  # a root keeps at least this many letters ("tort" is no form of "torture")
RULES = Path(__file__).with_name("rules") / "word_forms.yaml"


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    data = yaml.safe_load(RULES.read_text(encoding="utf-8")) or {}
    endings = tuple(sorted((str(e) for e in data.get("endings") or []), key=len, reverse=True))
    return endings, tuple((str(a), str(b or "")) for a, b in data.get("alternations") or [])


def roots(word: str) -> set[str]:
    """The word less its ending (the longest listed that leaves a root), and that root's alternations."""
    endings, alternations = _rules()
    base = word
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_ROOT:
            base = word[: len(word) - len(ending)]
            break
    found = {base}
    for ending, changed in alternations:
        if base.endswith(ending) and len(base) - len(ending) + len(changed) >= _MIN_ROOT:
            found.add(base[: len(base) - len(ending)] + changed)
    return found


def _with_prefix(vocabulary: list[str], prefix: str) -> list[str]:
    lo = bisect.bisect_left(vocabulary, prefix)
    hi = bisect.bisect_left(vocabulary, prefix + "\U0010ffff")
    return vocabulary[lo:hi]


def other_forms(word: str, vocabulary: list[str], model: Embedder, stem: Callable[[str], str | None]
                ) -> list[str]:
    """Up to MAX_FORMS words of `vocabulary` (sorted) that are other forms of `word`, closest first."""
    word = word.lower()
    own = stem(word)
    mine = roots(word)
    if not own or min(len(r) for r in mine) < _MIN_ROOT:
        return []
    shared = {r[:_MIN_ROOT] for r in mine}
    candidates = sorted({c for start in shared for c in _with_prefix(vocabulary, start)
                         if roots(c) & mine and stem(c) != own})
    if not candidates:
        return []
    vectors = model.embed([word, *candidates])
    similarity = similarities(vectors[1:], vectors[0])
    order = np.argsort(-similarity, kind="stable")
    chosen: list[str] = []
    seen_stems: set[str] = {own}
    for i in order:
        if similarity[i] < MIN_SIMILARITY or len(chosen) >= MAX_FORMS:
            break
        s = stem(candidates[i])
        if s in seen_stems:
            continue
        seen_stems.add(s)  # type: ignore[arg-type]
        chosen.append(candidates[i])
    return chosen
