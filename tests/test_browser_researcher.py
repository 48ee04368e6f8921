"""A researcher's three jobs in headless Chromium, against the real app served over HTTP.

Search "prisoners of war", narrow by a topic facet, open a hit at its paragraph, cite a selected
sentence (selected with a mouse drag) in Chicago style, add it to a draft, export the draft as .docx (checked with python-docx);
then open the timeline, filter by a topic and follow an event to its paragraph. Screenshots of
each page go to test-artifacts/.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from webapp import create_app
from webapp.exports import footnotes_of

from auth_helpers import create_user
from paths import CORPUS, ROOT
from webapp_fixtures import build_archive

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "a long enough passphrase"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("headless Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the shipped corpus, served by werkzeug on a free port in a thread."""
    from werkzeug.serving import make_server

    settings = build_archive(tmp_path_factory.mktemp("browser") / "data", [CORPUS])
    create_user(settings, "researcher", "editor", PASSWORD)
    app = create_app({"SETTINGS": settings})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="evidence-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def signed_in_page(context) -> tuple:
    """A new page of `context`, signed in as the researcher, and the list its console errors go to."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/login")
    page.get_by_label("Name").fill("researcher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page, errors


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, accept_downloads=True, viewport={"width": 1280, "height": 900})
    page, errors = signed_in_page(context)
    yield page
    context.close()
    assert not errors, f"browser console errors (a CSP violation?): {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def first_sentence(text: str) -> str:
    match = re.search(r"[A-Z][^.!?]{20,}?[.!?](?=\s|$)", text)
    assert match, f"no sentence in {text[:80]!r}"
    return match.group(0)


# Viewport points a user would press and release at to select `sentence` in the paragraph: just
# inside the left edge of its first character and the right edge of its last (a caret goes to the
# nearer side of the character under the pointer). The paragraph's text may span several nodes.
SENTENCE_ENDS_JS = """(para, sentence) => {
    const root = para.querySelector('.para-text');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
    const at = text.indexOf(sentence);
    if (at < 0) { return null; }
    const charBox = (offset) => {
        const [node, start] = nodes.filter(([, s]) => s <= offset).pop();
        const range = document.createRange();
        range.setStart(node, offset - start);
        range.setEnd(node, offset - start + 1);
        return range.getClientRects()[0];
    };
    const first = charBox(at), last = charBox(at + sentence.length - 1);
    const start = [first.left + 1, first.top + first.height / 2];
    const end = [last.right - 1, last.top + last.height / 2];
    const hit = ([x, y]) => root.contains(document.elementFromPoint(x, y));
    return {start, end, reachable: hit(start) && hit(end)};
}"""


def sentence_ends(para, sentence: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where a drag over `sentence` starts and ends, in viewport pixels, with the paragraph scrolled to the middle."""
    para.evaluate("el => el.scrollIntoView({block: 'center'})")
    found = para.evaluate(SENTENCE_ENDS_JS, sentence)
    assert found, f"{sentence!r} is not in the paragraph's text"
    assert found["reachable"], "the sentence's ends are covered by something else on the page"
    return tuple(found["start"]), tuple(found["end"])


def drag_select(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Select text as a user does: press at `start`, move the mouse to `end`, release."""
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=15)
    page.mouse.up()


def test_search_cite_draft_export(page, tmp_path):
    page.goto("/search")
    page.get_by_label("Words or a phrase").fill('"prisoners of war"')
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector(".hit")
    shot(page, "01-search")

    topic = page.locator('a[data-facet="topic"][data-value="pows-detainees"]')
    topic.click()
    page.wait_for_selector(".active-filters")
    assert "topic=pows-detainees" in page.url
    shot(page, "02-search-narrowed")

    hit = page.locator(".hit").first
    hit.get_by_role("link", name=re.compile(r"^Open at paragraph")).click()
    page.wait_for_load_state()
    anchor = page.url.rsplit("#", 1)[1]
    assert re.fullmatch(r"p\d+", anchor)
    para = page.locator(f"#{anchor}")
    assert para.is_visible()
    shot(page, "03-document")

    text = para.locator(".para-text").inner_text()
    sentence = first_sentence(text)
    drag_select(page, *sentence_ends(para, sentence))
    assert page.evaluate("() => window.getSelection().toString()") == sentence
    page.get_by_label("Style").select_option("chicago")
    page.get_by_role("button", name="Cite this quote").click()
    panel = page.locator("#cite-panel")
    panel.get_by_text("Citation (Chicago").wait_for()
    cited = panel.locator(".citation-text").inner_text()
    assert cited.startswith(f"“{sentence}”")
    assert f"para. {anchor[1:]}" in cited
    shot(page, "04-cited")

    panel.get_by_role("link", name="Add to draft").click()
    page.get_by_label("Name of the new draft").fill("Letter on POWs")
    page.get_by_label("Your note (optional)").fill("Lead with this.")
    page.get_by_role("button", name="Add to draft").click()
    page.wait_for_selector(".draft-item")
    assert f"“{sentence}”" in page.locator(".draft-item blockquote").first.inner_text()
    shot(page, "05-draft")

    page.get_by_label("Citation style").select_option("chicago")
    page.get_by_label("Format").select_option("docx")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export").click()
    target = tmp_path / "draft.docx"
    info.value.save_as(target)
    data = target.read_bytes()
    body = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert f"“{sentence}”" in body
    notes = footnotes_of(data)
    assert len(notes) == 1 and f"para. {anchor[1:]}" in notes[0]


def test_timeline_filter_and_follow_an_event(page):
    page.goto("/timeline")
    page.wait_for_selector(".chart-detail")
    shot(page, "06-timeline")
    page.get_by_label("Topic").select_option("pows-detainees")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "topic=pows-detainees" in page.url
    shot(page, "07-timeline-topic")
    link = page.locator('.tl-event a.tl-link[href*="#p"]').first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    anchor = href.rsplit("#", 1)[1]
    assert page.url.endswith(f"#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()
    shot(page, "08-event-paragraph")


def test_quotes_and_upload_pages_render(page):
    page.goto("/quotes")
    page.wait_for_selector("h1")
    shot(page, "09-quotes")
    page.goto("/upload")
    page.get_by_label("Files").set_input_files(str(ROOT / "tests" / "data" / "webapp" / "upload-note.html"))
    page.get_by_role("button", name="Upload and index").click()
    page.locator("#upload-results tr").first.wait_for()
    assert "ingested" in page.locator("#upload-results").inner_text()
    shot(page, "10-upload")
