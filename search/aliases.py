"""Name variants from the aliases vocabulary (corpus/aliases.yaml), as analyzed term sequences."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from archive import Settings, VocabularyError, load_vocabulary

from .analysis import terms
from .documents import fold

log = logging.getLogger(__name__)

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class AliasTable:
    """Every name of a group, analyzed; `variants(tokens)` gives the other names of its group."""

    groups: tuple[tuple[str, ...], ...] = ()
    _by_tokens: dict[Tokens, tuple[Tokens, ...]] = field(default_factory=dict, compare=False)
    _by_name: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def from_groups(cls, groups: list[tuple[str, ...]]) -> AliasTable:
        by_tokens: dict[Tokens, tuple[Tokens, ...]] = {}
        by_name: dict[str, tuple[str, ...]] = {}
        for names in groups:
            analyzed = tuple(dict.fromkeys(t for t in (terms(n) for n in names) if t))
            for tokens in analyzed:
                by_tokens[tokens] = analyzed
            for name in names:
                by_name[fold(name)] = names
        return cls(tuple(groups), by_tokens, by_name)

    def variants(self, tokens: Tokens) -> tuple[Tokens, ...]:
        """All token sequences of the group holding `tokens` (itself included), or ()."""
        return self._by_tokens.get(tokens, ())

    def names_for(self, name: str) -> tuple[str, ...]:
        """Every spelling of `name` (itself when it is in no group)."""
        return self._by_name.get(fold(name), (name,))

    @property
    def max_length(self) -> int:
        return max((len(t) for t in self._by_tokens), default=0)

    @property
    def single_words(self) -> list[str]:
        return [name for names in self.groups for name in names if len(terms(name)) == 1]


_CACHE: dict[tuple[str, tuple[str, ...]], AliasTable] = {}


def load_aliases(settings: Settings) -> AliasTable:
    """The alias table of settings.vocab_dir; a broken vocabulary is logged and searched without."""
    try:
        vocab = load_vocabulary(settings.vocab_dir)
    except (VocabularyError, OSError) as exc:
        log.warning("search runs without name variants: %s", exc)
        return AliasTable()
    groups = [tuple(g.names) for g in vocab.aliases]
    key = (str(settings.vocab_dir), tuple("\x1e".join(g) for g in groups))
    table = _CACHE.get(key)
    if table is None:
        table = _CACHE[key] = AliasTable.from_groups(groups)
    return table


def known_topics(settings: Settings) -> list[str] | None:
    """Topic ids of the vocabulary, or None when it cannot be read (then any id is accepted)."""
    try:
        return load_vocabulary(settings.vocab_dir).topic_ids
    except (VocabularyError, OSError):
        return None
