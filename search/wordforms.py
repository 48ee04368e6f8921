"""Other forms of a query word that the stemmer does not join: "destroyed" / "destruction",
"expel" / "expulsion", "demolished" / "demolition".

Candidates are the archive's own words (the vocabulary kept beside the vectors) that begin with the
same three letters and have another stem; the embedding model keeps those whose vector is close to
the word's (a derivation shares its meaning; "expert" or "export" do not). What was added is shown
to the user ("also searched: ...") and can be switched off.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from .dense import Embedder

MIN_SIMILARITY = 0.65  # cosine between the word and a candidate form
MAX_FORMS = 3  # forms added per word
_MAX_CANDIDATES = 4000  # beyond this many words with the same beginning, a longer beginning is used
_MIN_WORD = 4  # shorter words are left alone


def _with_prefix(vocabulary: list[str], prefix: str) -> list[str]:
    lo = bisect.bisect_left(vocabulary, prefix)
    hi = bisect.bisect_left(vocabulary, prefix + "\U0010ffff")
    return vocabulary[lo:hi]


def other_forms(word: str, vocabulary: list[str], model: Embedder, stem: Callable[[str], str | None]
                ) -> list[str]:
    """Up to MAX_FORMS words of `vocabulary` (sorted) that are other forms of `word`, closest first."""
    word = word.lower()
    own = stem(word)
    if len(word) < _MIN_WORD or not own:
        return []
    size = 3
    candidates = _with_prefix(vocabulary, word[:size])
    while len(candidates) > _MAX_CANDIDATES and size < len(word):
        size += 1
        candidates = _with_prefix(vocabulary, word[:size])
    stems = [stem(c) for c in candidates]
    candidates = [c for c, s in zip(candidates, stems, strict=True) if s and s != own]
    if not candidates:
        return []
    vectors = model.embed([word, *candidates])
    similarity = vectors[1:] @ vectors[0]
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
