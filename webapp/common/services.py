"""The app's long-lived parts: settings, the store, the search index and the topic labels."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, current_app

from archive import Settings, Store

log = logging.getLogger(__name__)

EXTENSION = "evidence"


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings)
        self._index: Any = None
        self._topics: dict[str, str] | None = None
        self._lock = threading.Lock()

    @classmethod
    def install(cls, app: Flask) -> Services:
        services = cls(app.config["SETTINGS"])
        app.extensions[EXTENSION] = services
        return services

    @property
    def index(self) -> Any:
        """The search.SearchIndex over this data folder (opened on first use)."""
        with self._lock:
            if self._index is None:
                import search

                self._index = search.SearchIndex(self.settings)
            return self._index

    @property
    def topic_labels(self) -> dict[str, str]:
        """Topic id -> label from the vocabulary's topics.yaml (ids stand in when it is missing)."""
        if self._topics is None:
            self._topics = load_topic_labels(self.settings.vocab_dir / "topics.yaml")
        return self._topics

    def topic_label(self, topic_id: str) -> str:
        return self.topic_labels.get(topic_id, topic_id)


def load_topic_labels(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("topic labels unavailable (%s): %s", path, exc)
        return {}
    items = data.get("topics", data) if isinstance(data, dict) else data
    labels: dict[str, str] = {}
    if isinstance(items, dict):
        items = [{"id": k, **(v if isinstance(v, dict) else {"label": v})} for k, v in items.items()]
    for item in items or []:
        if isinstance(item, dict) and item.get("id"):
            labels[str(item["id"])] = str(item.get("label") or item["id"])
    return labels


def services() -> Services:
    return current_app.extensions[EXTENSION]
