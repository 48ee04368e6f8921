"""The first hour in the app at a phone's width (390 px) and a laptop's (1280 px), in headless Chromium
against the real app over the shipped corpus: the navigation fits, results come before the facets on
a phone, the timeline chart is readable; screenshots of search, document, cite, drafts and timeline
at both widths land in test-artifacts/ (layout-390-search.png, ...)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

# (importing it skips these tests too when Chromium is missing; browser and server are its fixtures)
from test_browser_researcher import browser, server, signed_in_page  # noqa: F401
from test_browser_researcher import shot as save_shot

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser, server) -> Iterator:  # noqa: F811
    width = request.param
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 844 if width == 390 else 900},
                                  device_scale_factor=1)
    page, errors = signed_in_page(context)
    page.width = width  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


def shot(page, name: str) -> None:
    save_shot(page, f"layout-{page.width}-{name}")


def overflowing(page, selector: str) -> list[str]:
    """Texts of the elements under `selector` that stick out of the viewport or are cut off."""
    return page.eval_on_selector_all(selector, """(els) => els.filter(el => {
        const r = el.getBoundingClientRect();
        return r.right > window.innerWidth + 0.5 || r.left < -0.5 || el.scrollWidth > el.clientWidth + 1;
    }).map(el => el.textContent.trim())""")


def test_navigation_fits_and_nothing_scrolls_sideways(page) -> None:
    for url in ("/search?q=prisoners", "/timeline", "/drafts", "/upload"):
        page.goto(url)
        assert overflowing(page, "header nav a") == [], url
        for name in ("Search", "Timeline", "Drafts", "Upload"):
            link = page.locator("header nav a", has_text=name).first
            assert link.is_visible(), (url, name)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= page.width, f"{url} scrolls sideways: {wide} px wide at {page.width}"


def test_search_results_come_before_the_facets_on_a_phone(page) -> None:
    page.goto("/search?q=genocide")
    first_hit = page.locator("li.hit").first.bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert first_hit and facets
    if page.width == 390:
        assert first_hit["y"] < facets["y"], "the facets push the results down"
        assert first_hit["y"] < 844, "the first result is below the fold"
        jump = page.locator(".facets-jump a")
        assert jump.is_visible() and "topic" in jump.inner_text().lower()  # the way to the facets
        jump.click()
        assert page.locator("aside.facets h2").first.is_visible()
    else:
        assert facets["x"] < first_hit["x"], "facets sit beside the results on a wide screen"
    shot(page, "search")


def test_document_cite_and_drafts_pages(page) -> None:
    page.goto("/search?q=genocide")
    page.locator("li.hit h3 a").first.click()
    page.wait_for_load_state()
    shot(page, "document")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    page.locator("a", has_text="Cite").first.click()
    page.wait_for_load_state()
    assert page.locator("#cite-chicago").is_visible()
    shot(page, "cite")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    page.locator("a.button", has_text="Add to a draft").click()
    page.wait_for_load_state()
    page.locator("#draft-new").check()
    page.locator("#new-name").fill(f"Letter draft at {page.width} px")
    page.get_by_role("button", name="Add to draft").click()
    page.wait_for_load_state()
    assert page.locator("blockquote").first.is_visible()
    shot(page, "drafts")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def test_timeline_chart_is_readable(page) -> None:
    page.goto("/timeline")
    caption = page.locator(".chart .chart-caption").first.inner_text()
    assert "each bar counts the entries dated in that year" in caption.lower()
    # The busy period gets the room: the detail chart's bars are wide enough to see and to tap,
    # their counts are written on them in type as large as the page's small print.
    widths = page.eval_on_selector_all(".chart-detail .bar-hit", "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and min(widths) >= 20, widths
    counts = page.locator(".chart-detail .bar-count")
    assert counts.count() >= 5 and all(t.strip().isdigit() for t in counts.all_inner_texts())
    size = counts.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 11, size
    assert page.locator("svg.chart-overview").is_visible()  # the whole span, 1915 on
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    shot(page, "timeline")
    # A year's bar lists that year's entries, charted by month: the busiest year's, as the archive has it.
    bars = page.locator(".chart-detail .bar-hit")
    texts = [t.strip() for t in bars.all_inner_texts()]
    busiest = max(range(len(texts)), key=lambda i: int(texts[i]) if texts[i].isdigit() else -1)
    href = bars.nth(busiest).get_attribute("href") or ""
    bars.nth(busiest).click()
    page.wait_for_load_state()
    year = href.split("since=")[1][:4]
    assert f"since={year}" in page.url
    assert "per month" in page.locator("#chart-heading").inner_text()
    assert page.locator(".chart-detail .bar-col").count() == 12
    shot(page, f"timeline-{year}")


def test_a_span_renders_in_one_weight_without_a_stray_space(page) -> None:
    events = page.request.get("/api/timeline").json()["events"]
    spans = [e for e in events if e.get("end_date")]
    assert spans, "the test archive reports a span of time (an event with an end date)"
    first, last = spans[0]["date"][:4], spans[0]["end_date"][:4]
    page.goto(f"/timeline?since={first}&until={last}")
    spans = page.locator(".tl-when").all_inner_texts()
    ranges = [t for t in spans if "–" in t]
    assert ranges and all(" –" not in t and "– " not in t for t in ranges), ranges
    weights = page.locator(".tl-when time").evaluate_all("els => els.map(e => getComputedStyle(e).fontWeight)")
    assert len(set(weights)) == 1, weights
