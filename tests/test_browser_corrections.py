"""The edit page's happy path in headless Chromium: an editor opens a document, follows "Correct the
metadata", changes its title, date (month precision) and recipients, saves, and sees the document
page show them as corrected by an editor."""

from __future__ import annotations

import pytest
from test_browser_researcher import browser, page, server, shot  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_an_editor_corrects_a_document_in_the_browser(page, server):  # noqa: F811
    page.goto("/search?q=Sincerely")
    page.locator(".hit h3 a").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Correct the metadata").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Correct the metadata").is_visible()
    page.get_by_label("Title").fill("Letter on the detained (title corrected)")
    page.get_by_label("Date", exact=True).fill("2023-10")
    page.get_by_label("precision").select_option("month")
    page.get_by_label("Recipients (one per line)").fill("First Recipient\nSecond Recipient")
    shot(page, "corrections-edit")
    page.get_by_role("button", name="Save corrections").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Letter on the detained (title corrected)"
    notice = page.locator(".corrected-notice").inner_text()
    assert "Corrected by an editor" in notice and "title" in notice and "recipients" in notice
    meta = page.locator(".record-meta").inner_text()
    assert "October 2023" in meta and "First Recipient; Second Recipient" in meta
    assert meta.count("(corrected by an editor)") == 2
    shot(page, "corrections-record")
