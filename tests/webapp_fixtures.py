"""Web app fixtures (import them into a test module): a small real archive, the app, signed-in clients.

The archive (corpus seeds and congressional press releases, a PDF letter and a DOCX letter) is
ingested once per test session through webapp.jobs.ingest_paths; each test gets its own copy
of that data folder, so tests can change it freely.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from archive import Settings, Store, load_settings
from webapp import create_app
from webapp.jobs import ingest_paths

from auth_helpers import create_user, login
from paths import CORPUS, DATA

PASSWORD = "a long enough passphrase"
ARCHIVE_SOURCES = [CORPUS / "seeds", CORPUS / "congress", DATA / "pdf" / "letter_2023-10-02.pdf",
                   DATA / "docx" / "letter.docx"]


def clean_settings(data_dir: Path, **overrides) -> Settings:
    """Settings over `data_dir` that ignore any EVIDENCE_* variables of the shell running the tests."""
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("EVIDENCE_")}
    try:
        return load_settings(data_dir, **overrides)
    finally:
        os.environ.update(saved)


def build_archive(data_dir: Path, sources: list[Path] = ARCHIVE_SOURCES) -> Settings:
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = clean_settings(data_dir)
    report = ingest_paths(list(sources), settings)
    failed = [f"{r.path}: {r.reason}" for r in report.failed]
    assert not failed, f"the test archive did not ingest cleanly: {failed}"
    return settings


@pytest.fixture(scope="session")
def web_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-archive") / "data"
    build_archive(folder)
    return folder


@pytest.fixture
def web_settings(web_archive: Path, tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    shutil.copytree(web_archive, data, ignore=shutil.ignore_patterns("*.lock", "*.sqlite3*", "secret_key"))
    return clean_settings(data)


@pytest.fixture
def web_store(web_settings: Settings) -> Store:
    return Store(web_settings)


@pytest.fixture
def app(web_settings: Settings):
    app = create_app({"SETTINGS": web_settings, "TESTING": True})
    create_user(web_settings, "rita", "reader", PASSWORD)
    create_user(web_settings, "ed", "editor", PASSWORD)
    return app


@pytest.fixture
def anon(app):
    """A client that has not signed in."""
    return app.test_client()


@pytest.fixture
def client(app):
    """A client signed in as an editor (can read, upload and keep drafts)."""
    c = app.test_client()
    login(c, "ed", PASSWORD)
    return c


@pytest.fixture
def reader(app):
    """A client signed in as a reader."""
    c = app.test_client()
    login(c, "rita", PASSWORD)
    return c


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
