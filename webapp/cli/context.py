"""What every CLI command gets: the settings, and the store opened lazily."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive import Settings, Store


@dataclass
class CliContext:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings)
        return self._store
