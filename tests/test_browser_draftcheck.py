"""The draft check in headless Chromium: paste the ANCA release's paragraph (seed 004) into /check,
read the report (one quotation near, with the dropped colon shown; one exact), export the checked
letter to Word (one footnote, for the exact quotation) and add two matches to a draft, one click
each, staying on the report."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect
from test_browser_researcher import browser, page, server, shot  # noqa: F401

from webapp.exports import footnotes_of

from paths import CORPUS

pytestmark = pytest.mark.browser


def test_paste_a_letter_check_export_and_add(page):  # noqa: F811
    seed = next((CORPUS / "seeds").glob("004_*.txt")).read_text(encoding="utf-8")
    paragraph = next(p for p in seed.splitlines() if "credible reports of arbitrary" in p)
    page.goto("/check")
    page.get_by_label("Letter text").fill(paragraph)
    page.get_by_role("button", name="Check the quotations").click()
    page.wait_for_load_state()
    summary = page.locator("#check-summary").inner_text()
    assert summary.startswith("2 quotations: 1 exact, 1 near, 0 not found"), summary
    near = page.locator("li.check-quote.status-near")
    assert "the source has : here" in " ".join(near.locator("p.diff").first.inner_text().split())
    assert near.locator(".tag", has_text="original").count() == 1
    shot(page, "draftcheck-report")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the letter to Word").click()
    data = download.value.path().read_bytes()
    assert len(footnotes_of(data)) == 1
    assert Document(io.BytesIO(data)).paragraphs[0].text == " ".join(paragraph.split())
    report_url = page.url
    exact = page.locator("li.check-quote.status-exact li.match").first
    quote = exact.locator('input[name="quote"]').get_attribute("value")
    assert page.locator("#check-draft").input_value() == "new"  # no draft yet: the first click starts one
    exact.get_by_role("button", name="Add to draft").click()  # the one click
    expect(page.locator("#check-added")).to_contain_text("Added to")
    assert "Checked letter" in page.locator("#check-added").inner_text()
    assert page.url == report_url and page.locator("#check-summary").is_visible()  # the report stays
    assert exact.get_by_role("button", name="Added").is_disabled()
    assert page.locator("#check-draft").input_value() != "new"  # later clicks add to the same draft
    near = page.locator("li.check-quote.status-near li.match").first
    near.get_by_role("button", name="Add to draft").click()
    expect(page.locator("#check-added")).to_contain_text("2 in the draft")
    drafts = page.request.get("/api/drafts").json()["drafts"]
    assert [d["name"] for d in drafts] == ["Checked letter"]
    items = page.request.get(f"/api/drafts/{drafts[0]['id']}").json()["items"]
    assert items[0]["kind"] == "quote" and items[0]["text"] == quote and len(items) == 2
