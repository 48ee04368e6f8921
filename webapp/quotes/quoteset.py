"""One immutable view of every quote in the archive, with the lookups the quotes page narrows by.

Quotes are kept in ascending order of their key (record date, record id, minus the quote's place
in the record's page order) and shown reversed: newest record first, each record's quotes by
paragraph, last first. A change of a few records makes a new view from the old one by inserting
and removing those records' quotes (copying only the lists they touch), not by sorting everything.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]  # one quote as the page and /api/quotes show it
RowKey = tuple[str, str, int]  # (date or "", record id, -place in the record's page order)


def speaker_counts(quotes: Iterable[Row]) -> list[dict[str, Any]]:
    """Quotes per speaker, most quoted first (ties by name); unattributed quotes count under None."""
    counts = Counter(q["speaker"] or "" for q in quotes)
    return [{"speaker": s or None, "count": c} for s, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def topic_counts(quotes: Iterable[Row]) -> list[dict[str, Any]]:
    """Quotes per topic, most first; ties in the order the topics first appear in `quotes`."""
    counts: dict[str, int] = {}
    for q in quotes:
        for t in q["topics"]:
            counts[t] = counts.get(t, 0) + 1
    return [{"topic": t, "count": c} for t, c in sorted(counts.items(), key=lambda kv: -kv[1])]


def row_keys(key: tuple[str, str], rows: Sequence[Row]) -> list[tuple[RowKey, Row]]:
    """Each of a record's rows (given in page order) with its key."""
    return [((key[0], key[1], -place), row) for place, row in enumerate(rows)]


class SortedRows:
    """Rows in ascending key order, with their keys. Changed only while its QuoteSet is being made."""

    __slots__ = ("keys", "rows")

    def __init__(self, keys: list[RowKey] | None = None, rows: list[Row] | None = None) -> None:
        self.keys = keys if keys is not None else []
        self.rows = rows if rows is not None else []

    def __len__(self) -> int:
        return len(self.rows)

    def copy(self) -> SortedRows:
        return SortedRows(self.keys.copy(), self.rows.copy())

    def add(self, key: RowKey, row: Row) -> None:
        at = bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.rows.insert(at, row)

    def remove(self, key: RowKey) -> None:
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            del self.keys[at]
            del self.rows[at]

    def newest_first(self) -> list[Row]:
        return self.rows[::-1]


@dataclass(frozen=True)
class Selection:
    quotes: list[Row]  # the chosen quotes, newest first
    speakers: list[dict[str, Any]]  # speaker facet: within the topic, if one is chosen
    topics: list[dict[str, Any]]  # topic facet: of the speaker, if one is chosen


class QuoteSet:
    """All quotes, indexed by speaker and topic. Never changed once made: `updated` makes a new one."""

    def __init__(self, every: SortedRows, by_speaker: dict[str, SortedRows], by_topic: dict[str, SortedRows],
                 topic_totals: dict[str, int]) -> None:
        self.every = every
        self.by_speaker = by_speaker  # "" holds the unattributed quotes
        self.by_topic = by_topic
        self.topic_totals = topic_totals  # a topic listed twice on a record counts twice, as the page always did
        self._lock = threading.Lock()
        self._memo: dict[Any, Any] = {}

    @classmethod
    def build(cls, records: Iterable[tuple[tuple[str, str], Sequence[Row]]]) -> QuoteSet:
        """From (record key, rows in page order) of every record."""
        keyed = sorted((kr for key, rows in records for kr in row_keys(key, rows)), key=lambda kr: kr[0])
        made = cls(SortedRows([k for k, _ in keyed], [r for _, r in keyed]), {}, {}, {})
        for key, row in keyed:  # ascending already: appending keeps every list sorted
            made._index(key, row, append=True)
        return made

    def updated(self, removed: Iterable[tuple[tuple[str, str], Sequence[Row]]],
                added: Iterable[tuple[tuple[str, str], Sequence[Row]]]) -> QuoteSet:
        """A new set without the quotes of `removed` records and with those of `added` ones."""
        made = QuoteSet(self.every.copy(), dict(self.by_speaker), dict(self.by_topic), dict(self.topic_totals))
        copied: set[int] = set()
        for key, rows in removed:
            for row_key, row in row_keys(key, rows):
                made._unindex(row_key, row, copied)
        for key, rows in added:
            for row_key, row in row_keys(key, rows):
                made._index(row_key, row, copied=copied)
        return made

    def __len__(self) -> int:
        return len(self.every)

    @property
    def quotes(self) -> list[Row]:
        """Every quote, newest first."""
        return self._remember(("quotes",), self.every.newest_first)

    # -- making ---------------------------------------------------------------------------------
    def _lists_of(self, row: Row) -> list[tuple[dict[str, SortedRows], str]]:
        return [(self.by_speaker, row["speaker"] or "")] + [(self.by_topic, t) for t in dict.fromkeys(row["topics"])]

    def _index(self, key: RowKey, row: Row, append: bool = False, copied: set[int] | None = None) -> None:
        if not append:
            self.every.add(key, row)
        for table, name in self._lists_of(row):
            found = table.get(name)
            if found is None:
                found = table[name] = SortedRows()
                if copied is not None:
                    copied.add(id(found))
            elif copied is not None and id(found) not in copied:  # shared with the set this one came from
                found = table[name] = found.copy()
                copied.add(id(found))
            if append:
                found.keys.append(key)
                found.rows.append(row)
            else:
                found.add(key, row)
        for t in row["topics"]:
            self.topic_totals[t] = self.topic_totals.get(t, 0) + 1

    def _unindex(self, key: RowKey, row: Row, copied: set[int]) -> None:
        self.every.remove(key)
        for table, name in self._lists_of(row):
            found = table.get(name)
            if found is None:
                continue
            if id(found) not in copied:
                found = table[name] = found.copy()
                copied.add(id(found))
            found.remove(key)
            if not found:
                del table[name]
        for t in row["topics"]:
            left = self.topic_totals.get(t, 0) - 1
            if left > 0:
                self.topic_totals[t] = left
            else:
                self.topic_totals.pop(t, None)

    # -- asking ---------------------------------------------------------------------------------
    def _remember(self, key: tuple[Any, ...], make: Any) -> Any:
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = make()
        with self._lock:
            return self._memo.setdefault(key, value)

    def speakers(self) -> list[dict[str, Any]]:
        """Quotes per speaker over every quote, most quoted first (ties by name)."""
        def make() -> list[dict[str, Any]]:
            order = sorted(self.by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            return [{"speaker": s or None, "count": len(rows)} for s, rows in order]
        return self._remember(("speakers",), make)

    def topics(self) -> list[dict[str, Any]]:
        """Quotes per topic over every quote, most first; ties as topic_counts orders them (first seen, newest first)."""
        def make() -> list[dict[str, Any]]:
            def first_seen(topic: str) -> tuple[RowKey, int]:
                newest = self.by_topic[topic]
                return newest.keys[-1], -newest.rows[-1]["topics"].index(topic)
            order = sorted(self.topic_totals, key=first_seen, reverse=True)
            order.sort(key=lambda t: -self.topic_totals[t])
            return [{"topic": t, "count": self.topic_totals[t]} for t in order]
        return self._remember(("topics",), make)

    def select(self, speaker: str | None = None, topic: str | None = None) -> Selection:
        """The quotes of a speaker and/or on a topic (None: any), with the facets that narrow them further."""
        of_speaker = self.by_speaker.get(speaker, SortedRows()) if speaker is not None else None
        if topic is None:
            chosen = self.quotes if of_speaker is None else of_speaker.newest_first()
        elif of_speaker is None:
            chosen = self.by_topic.get(topic, SortedRows()).newest_first()
        else:
            chosen = [q for q in of_speaker.newest_first() if topic in q["topics"]]
        speakers = self.speakers() if topic is None else self._speakers_in_topic(topic)
        topics = self.topics() if of_speaker is None else topic_counts(of_speaker.newest_first())
        return Selection(chosen, speakers, topics)

    def folded(self, speaker: str | None = None, topic: str | None = None) -> Selection:
        """As `select`, with each quotation once (see fold.py); the facets count quotations so folded."""
        from .fold import fold_rows

        def make() -> Selection:
            chosen = fold_rows(self.select(speaker, topic).quotes)
            speakers = speaker_counts(fold_rows(self.select(None, topic).quotes))
            topics = topic_counts(fold_rows(self.select(speaker, None).quotes))
            return Selection(chosen, speakers, topics)
        return self._remember(("folded", speaker, topic), make)

    def _speakers_in_topic(self, topic: str) -> list[dict[str, Any]]:
        """Remembered per topic of the archive (a topic no quote has is not remembered: any text can be asked)."""
        if topic not in self.by_topic:
            return []
        return self._remember(("speakers in", topic), lambda: speaker_counts(self.by_topic[topic].rows))
