"""Reuse links in headless Chromium: a release that quotes the State Department report shows, beside
its paragraphs, what it quotes with the differences marked; the link leads to the report's paragraph;
the Markdown rendition of the report says so at the top."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from test_browser_researcher import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PASSWORD

from archive import Settings, Store
from search.reuse import ReuseIndex
from webapp import create_app

from auth_helpers import create_user
from paths import CORPUS
from webapp_fixtures import build_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, Settings]]:
    from werkzeug.serving import make_server

    settings = build_archive(tmp_path_factory.mktemp("browser-reuse") / "data",
                             [CORPUS / "state-department", CORPUS / "seeds"])
    create_user(settings, "researcher", "reader", PASSWORD)
    httpd = make_server("127.0.0.1", 0, create_app({"SETTINGS": settings}), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", Store(settings), settings
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_a_quoting_release_and_a_rendition_in_the_browser(served):
    from playwright.sync_api import sync_playwright

    base, store, served_settings = served
    with ReuseIndex.of(served_settings) as reuse:  # the release that quotes the report
        release = next(r for r in store.ids() if r.startswith("undated-")
                       and any(link["relation"] == "quotes" for link in reuse.links(r)))
    rendition = next(r for r in store.ids() if (store.get(r).source.path or "").endswith(".md"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=base, viewport={"width": 1280, "height": 900})
            page.goto("/login")
            page.get_by_label("Name").fill("researcher")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            page.goto(f"/records/{release}")
            notes = page.locator(".para-reuse")
            assert notes.count() > 0 and notes.first.is_visible()
            assert page.locator(".reuse-diff ins, .reuse-diff del").first.is_visible()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "reuse-release.png"), full_page=True)
            link = page.locator(".reuse-quotes a").first
            target = link.get_attribute("href") or ""
            link.click()
            page.wait_for_load_state()
            assert page.url.endswith(target) and "#p" in target
            assert page.locator(target[target.index("#"):]).is_visible()
            page.goto(f"/records/{rendition}")
            notice = page.locator(".rendition-notice")
            assert notice.is_visible() and notice.locator("a").count() == 1
            page.screenshot(path=str(ARTIFACTS / "reuse-rendition.png"), full_page=True)
        finally:
            browser.close()
