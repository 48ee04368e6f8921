"""Security headers on every answer, the upload size and type limits, no user path reaching the
filesystem, and templates that never switch autoescaping off."""

from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from archive import Store, load_settings
from webapp import create_app
from webapp.security import CONTENT_SECURITY_POLICY

from auth_helpers import create_user, login, page_csrf_token

PASSWORD = "a long enough passphrase"
WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
# Template expressions allowed to skip escaping, with the reason. Nothing else may.
SAFE_ALLOWED = {"hit.snippet|safe": "search snippets are HTML-escaped by search/ with only <mark> added"}


def _app(settings):
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "ed", "editor", PASSWORD)
    return app


@pytest.fixture
def editor(settings):
    client = _app(settings).test_client()
    login(client, "ed", PASSWORD)
    return client


def _upload(client, files, api=True):
    token = page_csrf_token(client, "/upload")
    return client.post("/api/upload" if api else "/upload", headers={"X-CSRFToken": token},
                       data={"files": files}, content_type="multipart/form-data")


@pytest.mark.parametrize("path", ["/login", "/search", "/api/search?q=x", "/no/such/page", "/api/timeline",
                                  "/static/evidence.css"])
def test_security_headers_on_every_answer(editor, path):
    with editor.get(path) as resp:
        resp.get_data()
    assert resp.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_csp_allows_no_inline_script_or_style():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_scripts_or_styles(editor):
    """What the CSP would block must not be needed: no inline <script>, style= or on* attribute."""
    for path in ("/login", "/search", "/upload", "/timeline", "/quotes", "/drafts", "/logout"):
        html = editor.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_templates_never_switch_escaping_off():
    found = []
    for template in WEBAPP.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "autoescape false" not in text.replace(" ", " ").lower(), template
        for match in re.finditer(r"\{\{\s*([^}]*?\|\s*safe)\s*\}\}", text):
            expr = re.sub(r"\s+", "", match.group(1))
            found.append(expr)
            assert expr in SAFE_ALLOWED, f"{template}: {{{{ {match.group(1)} }}}} skips escaping"
    for module in WEBAPP.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "Markup(" not in text, f"{module}: Markup() marks text as safe HTML"


def test_an_upload_over_the_limit_is_refused_with_the_limit(data_dir, monkeypatch):
    settings = load_settings(data_dir, max_upload_mb=1)
    client = _app(settings).test_client()
    login(client, "ed", PASSWORD)
    big = b"A line of text for a file that is too big to upload.\n" * 40_000  # ~2 MB
    token = page_csrf_token(client, "/upload")
    boundary, body = encode_multipart({"files": FileStorage(io.BytesIO(big), "big.txt"), "csrf_token": token})
    for path in ("/api/upload", "/upload"):
        resp = client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")
        assert resp.status_code == 413, path
        message = resp.get_json()["error"] if path.startswith("/api/") else resp.get_data(as_text=True)
        assert "1 MB" in message and "max_upload_mb" in message
    assert len(Store(settings)) == 0


def test_uploads_are_stored_by_hash_never_by_the_users_file_name(editor, settings, tmp_path):
    text = b"A statement uploaded under a hostile file name, long enough to be a document.\n"
    names = ["../../../../evil.txt", "/etc/passwd", "..\\..\\win.txt", "a\x00b.txt", "sub/../../up.txt"]
    for i, name in enumerate(names):
        resp = _upload(editor, [(io.BytesIO(text + bytes([65 + i])), name)])
        assert resp.status_code == 200, resp.get_data(as_text=True)
    store = Store(settings)
    assert len(store) == len(names)
    for record in store:
        assert ".." not in PurePosixPath(record.source.path).parts and "\x00" not in record.source.path
        assert record.source.path.startswith("uploads/")
    originals = sorted(p.name for p in settings.originals_dir.iterdir())
    assert originals == sorted(r.source.sha256 for r in store)
    # nothing landed outside the data folder, and no temp files were left inside it
    assert not list(settings.data_dir.parent.glob("*.txt"))
    assert not [p for p in (settings.data_dir / "tmp").rglob("*") if p.is_file()]


def test_upload_type_comes_from_the_content_not_the_name(editor, settings):
    resp = _upload(editor, [(io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), "statement.txt"),
                            (io.BytesIO(b"plain words " * 20), "report.pdf")])
    results = {r["name"]: r for r in resp.get_json()["results"]}
    assert results["statement.txt"]["status"] == "failed"
    assert results["report.pdf"]["status"] == "failed" and "PDF" in results["report.pdf"]["reason"]
    assert len(Store(settings)) == 0


@pytest.mark.parametrize("record_id", ["..%2F..%2Fsecret_key", "%2Fetc%2Fpasswd", "..", "x" * 300,
                                       "..%5C..%5Csecret_key"])
def test_no_path_from_a_request_reaches_the_filesystem(editor, record_id):
    for path in (f"/records/{record_id}", f"/api/records/{record_id}", f"/records/{record_id}/original"):
        resp = editor.get(path)
        assert resp.status_code == 404, path
        assert b"secret" not in resp.data.lower().replace(b"secret_key", b"")


def test_static_files_stay_in_the_static_folder(editor):
    for path in ("/static/../secret_key", "/static/%2e%2e/%2e%2e/archive/settings.py", "/static/..%2f__init__.py"):
        assert editor.get(path).status_code == 404, path


def test_serve_binds_to_loopback_by_default():
    from webapp.cli import main

    serve = main.load_all()["serve"]  # commands load lazily: load them, whatever ran before
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
