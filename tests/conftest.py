"""Shared fixtures: a fresh data folder per test, settings over it, and paths to test files."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Settings, Store, load_settings

from paths import CORPUS, DATA, ROOT  # noqa: F401  (re-exported for older imports)

# The web app's fixtures (app, client, reader, anon, runner, web_settings, ...): tests/webapp_fixtures.py
pytest_plugins = ["webapp_fixtures", "ocr_helpers"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def settings(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in list(__import__("os").environ):
        if name.startswith("EVIDENCE_"):
            monkeypatch.delenv(name)
    return load_settings(data_dir)


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings)
