"""The researcher-editable vocabularies in the vocab folder (corpus/ by default).

- topics.yaml: the topic thesaurus (id, label, description, match terms and phrases);
- aliases.yaml: groups of names that mean the same thing, stored under one canonical name;
- gazetteer.yaml: known people (with a role), organizations, places and laws.

Loading validates every entry: a broken file raises VocabularyError naming the file and the
entry. Loaded vocabularies are cached per folder and file modification times, so an edit is
picked up on the next call without a restart.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

TOPICS_FILE = "topics.yaml"
ALIASES_FILE = "aliases.yaml"
GAZETTEER_FILE = "gazetteer.yaml"
GAZETTEER_KINDS = ("people", "organizations", "places", "laws")
_TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class VocabularyError(ValueError):
    """A vocabulary file is missing or invalid. Names the file and, when known, the entry."""

    def __init__(self, path: Path | str, reason: str, entry: str | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        self.reason = reason
        where = f"{self.path}, entry {entry}" if entry else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    terms: tuple[str, ...]
    # Overrides the topic_min_score setting for this topic when set.
    min_score: float | None = None
    # Everyday words that are evidence only with one of `context` nearby ("detention" near "prisoners
    # of war" or "Azerbaijan", not a city jail's).
    ambiguous: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasGroup:
    canonical: str
    names: tuple[str, ...]  # every spelling, the canonical one first
    kind: str | None = None  # person | organization | place | law | term


@dataclass(frozen=True)
class GazetteerEntry:
    name: str  # canonical name
    kind: str  # one of GAZETTEER_KINDS
    role: str | None = None  # people: a role to fall back on when the text gives none
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    topics: tuple[Topic, ...] = ()
    aliases: tuple[AliasGroup, ...] = ()
    gazetteer: tuple[GazetteerEntry, ...] = ()
    _canonical: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _groups: dict[str, AliasGroup] = field(default_factory=dict, repr=False, compare=False)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]

    def canonical(self, name: str) -> str:
        """The canonical spelling of a name (itself when no alias group lists it)."""
        return self._canonical.get(_fold(name), name)

    def variants(self, name: str) -> tuple[str, ...]:
        """Every spelling of the group a name belongs to (just the name when it has none)."""
        group = self._groups.get(_fold(name))
        return group.names if group else (name,)

    def entries(self, kind: str) -> list[GazetteerEntry]:
        return [e for e in self.gazetteer if e.kind == kind]


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


# -- loading -------------------------------------------------------------------

_cache: dict[Path, tuple[tuple[float | None, ...], Vocabulary]] = {}
_cache_lock = threading.Lock()


def load_vocabulary(vocab_dir: Path | str) -> Vocabulary:
    """The vocabulary in `vocab_dir`; cached until one of its files changes.

    A missing file gives an empty part (no topics, no aliases, ...); a broken one raises
    VocabularyError.
    """
    folder = Path(vocab_dir).resolve()
    files = [folder / TOPICS_FILE, folder / ALIASES_FILE, folder / GAZETTEER_FILE]
    stamp = tuple(_mtime(f) for f in files)
    with _cache_lock:
        hit = _cache.get(folder)
        if hit and hit[0] == stamp:
            return hit[1]
    aliases = _load_aliases(files[1])
    vocab = _build(_load_topics(files[0]), aliases, _load_gazetteer(files[2]))
    with _cache_lock:
        _cache[folder] = (stamp, vocab)
    log.info("loaded vocabulary from %s: %d topics, %d alias groups, %d gazetteer entries",
             folder, len(vocab.topics), len(vocab.aliases), len(vocab.gazetteer))
    return vocab


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise VocabularyError(path, "is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise VocabularyError(path, f"is not valid YAML{at} ({getattr(exc, 'problem', None) or exc})") from None


def _section(path: Path, data: Any, key: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, dict) or key not in data:
        raise VocabularyError(path, f"must be a mapping with a '{key}:' list")
    items = data[key] or []
    if not isinstance(items, list):
        raise VocabularyError(path, f"'{key}' must be a list")
    return items


def _text(path: Path, entry: str, item: dict, key: str, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(path, f"'{key}' must be non-empty text", entry)
    return value.strip()


def _strings(path: Path, entry: str, value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(path, f"'{key}' must be a list of non-empty texts", entry)
    return tuple(v.strip() for v in value)


def _load_topics(path: Path) -> tuple[Topic, ...]:
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, item in enumerate(_section(path, _read_yaml(path), "topics"), 1):
        entry = f"#{i}"
        if not isinstance(item, dict):
            raise VocabularyError(path, "each topic must be a mapping (id, label, description, terms)", entry)
        topic_id = _text(path, entry, item, "id")
        assert topic_id is not None
        entry = f"#{i} ({topic_id})"
        if not _TOPIC_ID.match(topic_id):
            raise VocabularyError(path, "'id' must be lowercase words joined by hyphens", entry)
        if topic_id in seen:
            raise VocabularyError(path, "duplicate topic id", entry)
        seen.add(topic_id)
        unknown = sorted(set(item) - {"id", "label", "description", "terms", "min_score", "ambiguous", "context"})
        if unknown:
            raise VocabularyError(path, f"unknown key '{unknown[0]}'", entry)
        terms = _strings(path, entry, item.get("terms"), "terms")
        ambiguous = _strings(path, entry, item.get("ambiguous"), "ambiguous")
        context = _strings(path, entry, item.get("context"), "context")
        if not terms and not ambiguous:
            raise VocabularyError(path, "'terms' must list at least one term", entry)
        if ambiguous and not context:
            raise VocabularyError(path, "'ambiguous' terms need a 'context' list (words that must be nearby)", entry)
        for term in (*terms, *ambiguous, *context):
            if term.strip("*").strip() == "" or "*" in term.rstrip("*"):
                raise VocabularyError(path, f"term {term!r}: '*' may only end a term", entry)
        min_score = item.get("min_score")
        if min_score is not None and (isinstance(min_score, bool) or not isinstance(min_score, int | float)):
            raise VocabularyError(path, "'min_score' must be a number", entry)
        topics.append(Topic(
            id=topic_id,
            label=_text(path, entry, item, "label") or topic_id,
            description=_text(path, entry, item, "description", required=False) or "",
            terms=terms,
            min_score=float(min_score) if min_score is not None else None,
            ambiguous=ambiguous,
            context=context,
        ))
    return tuple(topics)


def _load_aliases(path: Path) -> tuple[AliasGroup, ...]:
    groups: list[AliasGroup] = []
    owner: dict[str, str] = {}
    for i, item in enumerate(_section(path, _read_yaml(path), "groups"), 1):
        entry = f"#{i}"
        if not isinstance(item, dict):
            raise VocabularyError(path, "each group must be a mapping with 'names' (canonical first)", entry)
        unknown = sorted(set(item) - {"names", "kind"})
        if unknown:
            raise VocabularyError(path, f"unknown key '{unknown[0]}'", entry)
        names = _strings(path, entry, item.get("names"), "names")
        if len(names) < 2:
            raise VocabularyError(path, "'names' must list at least two spellings", entry)
        entry = f"#{i} ({names[0]})"
        for name in names:
            other = owner.get(_fold(name))
            if other is not None and other != names[0]:
                raise VocabularyError(path, f"{name!r} is already in the group of {other!r}", entry)
            owner[_fold(name)] = names[0]
        kind = _text(path, entry, item, "kind", required=False)
        groups.append(AliasGroup(canonical=names[0], names=names, kind=kind))
    return tuple(groups)


def _load_gazetteer(path: Path) -> tuple[GazetteerEntry, ...]:
    data = _read_yaml(path)
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise VocabularyError(path, f"must be a mapping with the lists {', '.join(GAZETTEER_KINDS)}")
    unknown = sorted(set(data) - set(GAZETTEER_KINDS))
    if unknown:
        raise VocabularyError(path, f"unknown list '{unknown[0]}' (allowed: {', '.join(GAZETTEER_KINDS)})")
    entries: list[GazetteerEntry] = []
    for kind in GAZETTEER_KINDS:
        items = data.get(kind) or []
        if not isinstance(items, list):
            raise VocabularyError(path, f"'{kind}' must be a list")
        for i, item in enumerate(items, 1):
            entry = f"{kind} #{i}"
            if isinstance(item, str) and item.strip():
                entries.append(GazetteerEntry(name=item.strip(), kind=kind))
                continue
            if not isinstance(item, dict):
                raise VocabularyError(path, "must be a name or a mapping with 'name'", entry)
            extra = sorted(set(item) - {"name", "role", "variants"})
            if extra:
                raise VocabularyError(path, f"unknown key '{extra[0]}'", entry)
            name = _text(path, entry, item, "name")
            assert name is not None
            entries.append(GazetteerEntry(
                name=name,
                kind=kind,
                role=_text(path, f"{entry} ({name})", item, "role", required=False),
                variants=_strings(path, f"{entry} ({name})", item.get("variants"), "variants"),
            ))
    return tuple(entries)


def _build(topics: tuple[Topic, ...], aliases: tuple[AliasGroup, ...],
           gazetteer: tuple[GazetteerEntry, ...]) -> Vocabulary:
    canonical: dict[str, str] = {}
    groups: dict[str, AliasGroup] = {}
    for group in aliases:
        for name in group.names:
            canonical[_fold(name)] = group.canonical
            groups[_fold(name)] = group
    for entry in gazetteer:  # a gazetteer entry's own variants are aliases too
        if entry.variants:
            names = (entry.name, *entry.variants)
            group = groups.get(_fold(entry.name)) or AliasGroup(entry.name, names, entry.kind)
            for name in names:
                canonical.setdefault(_fold(name), canonical.get(_fold(entry.name), entry.name))
                groups.setdefault(_fold(name), group)
    return Vocabulary(topics=topics, aliases=aliases, gazetteer=gazetteer, _canonical=canonical, _groups=groups)
