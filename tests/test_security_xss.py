"""Documents with XSS payloads in every field, shown through the real app: the characters are
displayed, nothing runs. Checked on the HTML structure of every page that shows document text,
and in headless Chromium (no dialog opens, no script from the document executes)."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from archive import Store
from webapp import create_app
from webapp.jobs import ingest_paths

from auth_helpers import create_user, login, page_csrf_token

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

PASSWORD = "a long enough passphrase"
XSS_FILES = ["xss.html", "xss.txt", "xss.md", "xss.docx", "xss-sidecar.txt", "xss-sidecar.txt.meta.yaml"]
SCRIPT_TEXT = make_hostile.SCRIPT


@pytest.fixture
def xss_app(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in XSS_FILES:
        (folder / name).write_bytes((HOSTILE / name).read_bytes())
    report = ingest_paths([folder], settings)
    assert not report.failed, [f.reason for f in report.failed]
    create_user(settings, "rita", "reader", PASSWORD)
    create_user(settings, "ada", "admin", PASSWORD)
    return create_app({"SETTINGS": settings, "TESTING": True})


@pytest.fixture
def reader(xss_app):
    client = xss_app.test_client()
    login(client, "rita", PASSWORD)
    return client


def assert_inert(html: str, where: str) -> BeautifulSoup:
    """No element from the document became markup that can run."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"{where}: <{tag.name} {attr}=...> event handler"
            if attr.lower() in ("href", "src", "action", "formaction", "data"):
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not text.strip().lower().startswith(("javascript:", "data:text/html")), f"{where}: {attr}={text}"
    for script in soup.find_all("script"):
        assert script.get("src") and not script.string, f"{where}: an inline <script>: {script}"
    for name in ("iframe", "object", "embed", "base"):  # (the app draws its own <svg> charts)
        assert not soup.find_all(name), f"{where}: a <{name}> element from document text"
    imgs = [img for img in soup.find_all("img") if img.get("src") == "x"]
    assert not imgs, f"{where}: an <img src=x> from document text"
    return soup


def _records(settings) -> list:
    return sorted(Store(settings), key=lambda r: r.source.path or "")


def test_record_pages_show_the_payloads_as_text(xss_app, reader, settings):
    for record in _records(settings):
        resp = reader.get(f"/records/{record.id}")
        assert resp.status_code == 200
        html = resp.get_data(as_text=True)
        soup = assert_inert(html, record.source.path)
        assert SCRIPT_TEXT in soup.get_text(), f"{record.source.path}: the title is not shown as text"
        assert SCRIPT_TEXT not in html  # only escaped in the source
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_snippets_and_facets_are_escaped(reader):
    for query in ("alert", "script", "onerror", "payload", '"alert(1)"'):
        resp = reader.get(f"/search?q={quote(query)}")
        assert resp.status_code == 200, query
        assert_inert(resp.get_data(as_text=True), f"/search?q={query}")
    api = reader.get("/api/search?q=alert").get_json()
    assert api["hits"], "the payload text is searchable"
    for hit in api["hits"]:
        snippet = BeautifulSoup(hit["snippet"], "lxml")
        assert {t.name for t in snippet.find_all(True)} <= {"html", "body", "p", "mark"}, hit["snippet"]


def test_citations_built_from_document_text_are_escaped(reader, settings):
    for record in _records(settings):
        for n in (1, 2):
            ref = quote(f"{record.id}#p{n}")
            for style in ("chicago", "apa", "mla", "bluebook"):
                page = reader.get(f"/cite?ref={ref}&style={style}")
                assert page.status_code == 200, (record.source.path, style)
                assert_inert(page.get_data(as_text=True), f"/cite {record.source.path} {style}")
            api = reader.get(f"/api/cite?ref={ref}&style=chicago")
            assert api.status_code == 200 and api.mimetype == "application/json"
            # JSON carries plain text, exact (escaping is the job of whoever renders it as HTML)
            assert SCRIPT_TEXT in api.get_json()["note"]


def test_timeline_quotes_and_audit_pages_are_escaped(xss_app, reader):
    for path in ("/timeline", "/quotes", "/quotes?q=alert", "/drafts"):
        resp = reader.get(path)
        assert resp.status_code == 200, path
        assert_inert(resp.get_data(as_text=True), path)
    admin = xss_app.test_client()
    login(admin, "ada", PASSWORD)
    for path in ("/admin/audit", "/admin/users"):
        assert_inert(admin.get(path).get_data(as_text=True), path)


def test_a_draft_holding_a_hostile_quote_is_escaped(reader, settings):
    record = next(r for r in _records(settings) if r.source.path.endswith("xss.txt"))
    paragraph = next(p for p in record.paragraphs if make_hostile.IMG in p.text)
    token = page_csrf_token(reader, "/drafts")
    created = reader.post("/api/drafts", json={"name": SCRIPT_TEXT}, headers={"X-CSRFToken": token})
    assert created.status_code in (200, 201), created.get_data(as_text=True)
    draft_id = created.get_json()["id"]
    added = reader.post(f"/api/drafts/{draft_id}/items", headers={"X-CSRFToken": token},
                        json={"ref": f"{record.id}#p{paragraph.n}", "quote": make_hostile.IMG, "note": SCRIPT_TEXT})
    assert added.status_code in (200, 201), added.get_data(as_text=True)
    page = reader.get(f"/drafts/{draft_id}")
    soup = assert_inert(page.get_data(as_text=True), "/drafts/<id>")
    assert make_hostile.IMG in soup.get_text()


def test_json_answers_are_json_not_html(reader, settings):
    record = _records(settings)[0]
    resp = reader.get(f"/api/records/{record.id}")
    assert resp.mimetype == "application/json"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert json.loads(resp.get_data(as_text=True))["title"] == SCRIPT_TEXT  # data stays exact in JSON


# -- in a real browser --------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason="no /usr/bin/chromium")
def test_no_script_from_a_document_runs_in_the_browser(xss_app, settings):
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, xss_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    dialogs: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(base_url=base)
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.goto("/login")
                page.get_by_label("Name").fill("rita")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                paths = [f"/records/{r.id}" for r in _records(settings)]
                paths += ["/search?q=alert", "/timeline", "/quotes"]
                for path in paths:
                    page.goto(path)
                    page.wait_for_load_state("load")
                    for link in page.locator("main a:visible").all()[:40]:  # (hidden ones cannot be hovered)
                        link.hover(timeout=2000)  # onmouseover payloads would fire here
                    assert page.evaluate("typeof window.__xss") == "undefined"
                record_page = f"/records/{_records(settings)[0].id}"
                page.goto(record_page)
                assert SCRIPT_TEXT in page.locator("h1").first.inner_text()
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
    assert dialogs == [], f"a script from a document ran: {dialogs}"
