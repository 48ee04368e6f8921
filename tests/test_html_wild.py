"""Web pages from the wild (issue 13): no article text lost, refusals only when there is no article.

Pages in tests/data/html/wild/ keep the markup pattern of real pages that went wrong (see the
README there); their text is written for the test.
"""

from __future__ import annotations

import re

import pytest
import trafilatura
from lxml import html as lxml_html

from archive import Settings
from ingest import NotAnArticle
from ingest.html import decode_html, ingest_html, parse_html, read_html
from ingest.html_clean import clean_tree, load_rules
from ingest.html_metadata import strip_site_name

from paths import DATA

WILD = DATA / "html" / "wild"


def page_text(name: str) -> str:
    extracted = ingest_html((WILD / name).read_bytes(), name, Settings())
    return "\n".join(block.text for block in extracted.blocks)


def sentences_of(name: str, selector: str = "p") -> list[str]:
    """Every sentence of the page's paragraphs, as written in the file."""
    raw = (WILD / name).read_bytes().decode("utf-8")
    body = raw[raw.index("<body"):]
    found = []
    for para in re.findall(rf"<{selector}[^>]*>(.*?)</{selector}>", body, re.S):
        text = re.sub(r"<[^>]+>", " ", para)
        parts = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text).strip())
        found += [s for s in parts if len(s) > 20 and s[-1] in ".!?"]  # sentences, not labels
    return found


def test_lines_after_single_breaks_are_kept() -> None:
    """A changelog whose entries are split by single <br>, the box closed by <br><br>."""
    text = page_text("changelog_single_breaks.html")
    raw = (WILD / "changelog_single_breaks.html").read_text(encoding="utf-8")
    entries = re.findall(r"(Version [\d.]+ [^<]+)<br>", raw)
    assert len(entries) == 5
    for entry in entries:
        assert entry.strip() in text


def test_a_section_whose_id_is_made_from_a_heading_is_not_chrome() -> None:
    text = page_text("heading_slug_sections.html")
    for sentence in sentences_of("heading_slug_sections.html"):
        if "helped our team" in sentence:  # the comment under the page is chrome
            assert sentence not in text
        else:
            assert sentence in text, sentence
    assert "Tweet" not in text  # the real share box still goes


def test_each_removal_is_named_by_its_rule() -> None:
    name = "heading_slug_sections.html"
    _, removals = read_html((WILD / name).read_bytes(), name, Settings())
    rules = removals.by_rule()
    assert rules["name:share"][0] == 1 and rules["name:comments"][0] >= 1
    removed = " ".join(item.text for item in removals.items)
    assert "code review" not in removed.lower().replace("sharing with multiple developers: code review", "")


def test_control_characters_are_dropped_not_fatal() -> None:
    text = page_text("control_characters.html")
    assert "\x07" not in text
    assert "keeps the bell in its markup" in text
    assert "control characters between them" in text


@pytest.mark.parametrize("name", ["article_beside_teasers.html", "home_marked_post.html", "short_note.html",
                                  "short_story_beside_teaser_scroller.html"])
def test_a_page_with_an_article_is_kept(name: str) -> None:
    text = page_text(name)
    for sentence in sentences_of(name):
        if "…" not in sentence:  # teaser excerpts may go
            assert sentence in text, sentence


def test_teasers_beside_the_article_are_not_its_text() -> None:
    text = page_text("article_beside_teasers.html")
    assert "School board approves" not in text


def test_a_page_of_teasers_alone_is_still_refused() -> None:
    raw = (WILD / "article_beside_teasers.html").read_text(encoding="utf-8")
    story = re.search(r'<div class="story">.*?</div>', raw, re.S).group(0)
    with pytest.raises(NotAnArticle) as caught:
        ingest_html(raw.replace(story, "").encode("utf-8"), "teasers.html", Settings())
    assert "teasers" in caught.value.reason


def test_a_menu_read_as_the_text_gives_way_to_the_full_reading() -> None:
    """A news page whose fast reading takes the site menu (one long run of link words) for the
    text: the article's paragraphs are read, and the menu is not."""
    name = "menu_read_as_text.html"
    extracted = ingest_html((WILD / name).read_bytes(), name, Settings())
    text = "\n".join(block.text for block in extracted.blocks)
    page = lxml_html.document_fromstring((WILD / name).read_text(encoding="utf-8"))
    story = page.find_class("nfy-ar-text-detail")[0]
    paragraphs = [" ".join(p.text_content().split()) for p in story.iter("p") if p.text_content().strip()]
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph in " ".join(text.split()), paragraph
    menu = " ".join(page.find_class("nfy-nav")[0].text_content().split())
    assert menu[:40] not in " ".join(text.split())
    assert "(full)" in extracted.extraction["extractor"]


def test_a_standfirst_apart_from_the_body_is_kept_once_and_first() -> None:
    """A lede in a container of its own between the headline (with its date, byline and share
    box) and the article body."""
    name = "standfirst_apart.html"
    blocks = ingest_html((WILD / name).read_bytes(), name, Settings()).blocks
    raw = (WILD / name).read_text(encoding="utf-8")
    lede = " ".join(re.search(r'<div class="article__lead">(.*?)</div>', raw, re.S).group(1).split())
    assert " ".join(blocks[0].text.split()) == lede
    assert sum(" ".join(b.text.split()) == lede for b in blocks) == 1
    text = "\n".join(b.text for b in blocks)
    for sentence in sentences_of(name):
        if "Quay Street" not in sentence:  # the site footer
            assert sentence in text, sentence
    assert "Today, 17:40" not in text and "Photo:" not in text


# --- titles --------------------------------------------------------------------------------------


def titled_page(head: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{n} is a sentence of the article, long enough to be read as its prose.</p>"
                         for n in ("One", "Two", "Three", "Four"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head>"
            f"<body>{body}<div class='story'>{paragraphs}</div></body></html>").encode()


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        # the headline shown on the page wins over a social variant when the <title> agrees with it
        ('<title>Council votes to keep the library open | Valley Courier</title>'
         '<meta property="og:title" content="Library saved! Council votes 5-2">',
         "<h1>Council votes to keep the library open</h1>", "Council votes to keep the library open"),
        # an <h1> that is a section label agrees with nothing: the stated title is used
        ('<title>Council votes to keep the library open - Valley Courier</title>'
         '<meta property="og:title" content="Council votes to keep the library open">'
         '<meta property="og:site_name" content="Valley Courier">',
         "<h1>Local news</h1>", "Council votes to keep the library open"),
        # the JSON-LD headline agrees with the <h1>
        ('<title>Valley Courier</title><script type="application/ld+json">'
         '{"@type": "NewsArticle", "headline": "Bridge reopens after repairs"}</script>',
         "<h1>Bridge reopens after repairs</h1>", "Bridge reopens after repairs"),
        # only a <title>, in a shorter search-engine wording: the headline the page shows
        ("<title>Council keeps library open after vote - Valley Courier</title>",
         "<h1>Valley Courier</h1><h1>Council votes five to two to keep the old library open</h1>",
         "Council votes five to two to keep the old library open"),
        # ... and a lone headline in other words altogether
        ("<title>Library vote: what it means for readers</title>",
         "<h1>A reprieve for the reading room on Quay Street</h1>",
         "A reprieve for the reading room on Quay Street"),
        # a stated social title still wins over a headline that does not agree with it
        ('<title>Council keeps library open</title><meta property="og:title" content="Council keeps library open">',
         "<h1>Our coverage of the town council this year</h1>", "Council keeps library open"),
    ],
)
def test_the_title_is_the_one_a_reader_sees(head: str, body: str, title: str) -> None:
    assert ingest_html(titled_page(head, body), "t.html", Settings()).title == title


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Talks resume | Armenia", "Armenian Weekly", None, "Talks resume | Armenia"),  # a word of the site's name
        ("Talks resume - BBC News", None, "https://www.bbc.co.uk/news/world-1", "Talks resume"),
        ("Talks resume – The Armenian Weekly", "Armenian Weekly", None, "Talks resume"),
        ("Review: The Long Road Home", "Review Weekly", None, "Review: The Long Road Home"),
        ("Talks resume | example.org", None, "https://news.example.org/a", "Talks resume"),
    ],
)
def test_the_site_name_is_removed_only_when_it_is_one(title: str, site: str | None, url: str | None,
                                                      expected: str) -> None:
    assert strip_site_name(title, site, None, url) == expected


def test_paragraphs_each_wrapped_in_one_chrome_name_are_judged_together(tmp_path) -> None:
    """A site that wraps every paragraph of its article in class="paywall": together they are the
    article, though each alone is a small share of the page."""
    raw = (WILD / "heading_slug_sections.html").read_text(encoding="utf-8")
    gated = re.sub(r"<p>(.*?)</p>", r'<div class="paywall"><p>\1</p></div>', raw)
    text = "\n".join(b.text for b in ingest_html(gated.encode(), "gated.html", Settings()).blocks)
    for sentence in sentences_of("heading_slug_sections.html"):
        if "helped our team" not in sentence:
            assert sentence in text, sentence


def test_a_lede_in_a_plain_div_beside_break_separated_paragraphs_is_kept() -> None:
    """A lede held in a plain <div> beside <div>s whose paragraphs are separated by <br><br>: once
    those are split into <p>s, trafilatura reads only <p>s there, so the lede becomes a <p> too."""
    name = "lede_div_beside_break_paragraphs.html"
    raw = (WILD / name).read_bytes()
    root = parse_html(decode_html(raw, name)[0], name)
    clean_tree(root, load_rules())
    lede = "The county's election board finished its recount"
    assert root.find(".//*[@itemprop='articleBody']/p") is not None
    assert lede in (trafilatura.extract(root, fast=True) or "")  # the extractor's own default reading
    text = page_text(name)
    body = lxml_html.fromstring(raw).find(".//*[@itemprop='articleBody']")
    for div in body.iter("div"):
        for line in div.itertext():
            for sentence in re.split(r"(?<=[.!?])\s+", " ".join(line.split())):
                if len(sentence) > 20:
                    assert sentence in text, sentence
    assert text.startswith(lede)
