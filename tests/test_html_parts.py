"""The HTML ingestor's parts: decoding, metadata, cleaning rules, and the benchmark's metric.

Pages are the test pages in tests/data/html/, re-encoded or edited where a case needs it.
"""

from __future__ import annotations

import ast
import codecs
import html
import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from archive import Settings
from ingest import Block, read_document
from ingest.html import decode_html, ingest_html
from ingest.html_clean import drop_boilerplate_blocks, load_rules
from ingest.html_extract import add_split_sections, fill_gaps
from ingest.html_metadata import dateline_date, parse_date, strip_site_name

from paths import DATA, ROOT

HTML = DATA / "html"
EXPECTED = yaml.safe_load((HTML / "expected.yaml").read_text(encoding="utf-8"))
CP1252_PAGE = HTML / "windows1252_release.html"
UTF8_PAGE = HTML / "news_site_release.html"


def texts(data: bytes, name: str = "page.html") -> list[str]:
    return [b.text for b in ingest_html(data, name, Settings()).blocks]


# --- decoding ------------------------------------------------------------------------------------


def test_a_bom_wins_over_the_declared_charset() -> None:
    original = CP1252_PAGE.read_bytes()
    as_utf8 = codecs.BOM_UTF8 + original.decode("cp1252").encode("utf-8")  # the meta still says windows-1252
    _, encoding, _ = decode_html(as_utf8, "p.html")
    assert encoding == "utf-8"
    assert texts(as_utf8) == texts(original)


def test_utf16_with_a_bom() -> None:
    original = UTF8_PAGE.read_bytes()
    as_utf16 = original.decode("utf-8").encode("utf-16")
    assert texts(as_utf16) == texts(original)


def test_utf8_bytes_under_a_stale_single_byte_label_are_read_as_utf8() -> None:
    original = UTF8_PAGE.read_bytes()
    mislabelled = original.replace(b'<meta charset="utf-8">', b'<meta charset="windows-1252">')
    assert mislabelled != original
    text, encoding, notes = decode_html(mislabelled, "p.html")
    assert encoding == "utf-8" and notes
    assert "“" in text and "â€" not in text


def test_a_page_mixing_utf8_and_windows_1252_bytes_keeps_both() -> None:
    utf8 = UTF8_PAGE.read_bytes()
    paragraph = EXPECTED["news_site_release.html"]["article"][1]
    cp1252_paragraph = paragraph.encode("cp1252")
    mixed = utf8.replace(paragraph.encode("utf-8"), cp1252_paragraph)
    assert mixed != utf8
    text, _, notes = decode_html(mixed, "p.html")
    assert paragraph in text and notes
    assert EXPECTED["news_site_release.html"]["article"][0] in text


def test_undeclared_windows_1252_falls_back_from_utf8() -> None:
    original = CP1252_PAGE.read_bytes()
    undeclared = re.sub(rb'<meta http-equiv="Content-Type"[^>]*>', b"", original)
    assert undeclared != original
    _, encoding, _ = decode_html(undeclared, "p.html")
    assert encoding == "cp1252"
    assert texts(undeclared) == texts(original)


# --- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "site", "h1", "url", "expected"),
    [
        ("Talks resume | Caucasus Wire", "Caucasus Wire", None, None, "Talks resume"),
        ("Caucasus Wire - Talks resume", "Caucasus Wire", None, None, "Talks resume"),
        ("Talks resume – Example Site", None, None, "https://www.examplesite.org/a", "Talks resume"),
        ("Talks resume :: News", None, "Talks resume", None, "Talks resume"),
        ("Armenia – Azerbaijan talks resume", None, None, None, "Armenia – Azerbaijan talks resume"),
        ("Armenia – Azerbaijan talks resume", "Caucasus Wire", None, None, "Armenia – Azerbaijan talks resume"),
    ],
)
def test_site_name_is_cut_from_titles_only_on_evidence(title, site, h1, url, expected) -> None:
    assert strip_site_name(title, site, h1, url) == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-10-03T09:15:00+00:00", "2023-10-03"),
        ("October 3, 2023", "2023-10-03"),
        ("Oct. 3, 2023", "2023-10-03"),
        ("3 October 2023", "2023-10-03"),
        ("Tue, 03 Oct 2023 09:15:00 GMT", "2023-10-03"),
        ("10/03/2023", "2023-10-03"),
        ("2023-02-30", None),
        ("the 1880s", None),
    ],
)
def test_dates_as_pages_write_them(text, iso) -> None:
    assert parse_date(text) == iso


def test_a_dateline_gives_the_date_when_the_page_states_none() -> None:
    assert dateline_date(["WASHINGTON, DC (February 7, 2025) – The committee said"]) == "2025-02-07"
    assert dateline_date(["WASHINGTON—The committee said", "Later on March 3, 2025 – it met"]) is None


def test_published_not_modified_when_only_a_modified_meta_comes_first(tmp_path: Path, settings) -> None:
    page = (HTML / "wordpress_letter_blog.html").read_text(encoding="utf-8")
    # Move the modified-time meta before the published one and drop the <time> elements.
    modified = re.search(r'<meta property="article:modified_time"[^>]*>\n', page).group(0)
    page = modified + page.replace(modified, "")
    page = re.sub(r"<time[^>]*>[^<]*</time>", "", page)
    path = tmp_path / "moved.html"
    path.write_text(page, encoding="utf-8")
    record = read_document(path, settings).record
    assert record.date == EXPECTED["wordpress_letter_blog.html"]["date"]


def test_a_byline_date_is_found_without_any_date_markup(tmp_path: Path, settings) -> None:
    page = (HTML / "org_action_alert.html").read_text(encoding="utf-8")
    page = page.replace('<h1 class="page-title">', '<p class="intro">Posted on March 9, 2021</p><h1 class="page-title">')
    path = tmp_path / "dated.html"
    path.write_text(page, encoding="utf-8")
    record = read_document(path, settings).record
    assert (record.date, record.date_source) == ("2021-03-09", "byline")


# --- cleaning ------------------------------------------------------------------------------------


def test_a_chrome_word_on_the_article_wrapper_does_not_remove_the_article(tmp_path: Path, settings) -> None:
    page = UTF8_PAGE.read_text(encoding="utf-8")
    page = page.replace('<div class="story-body">', '<div class="story-body share-enabled comments-open">')
    path = tmp_path / "wrapped.html"
    path.write_text(page, encoding="utf-8")
    got = [p.text for p in read_document(path, settings).record.paragraphs]
    assert got == EXPECTED["news_site_release.html"]["article"]


def test_appeals_are_dropped_only_at_the_end() -> None:
    rules = load_rules()
    article = EXPECTED["org_action_alert.html"]["article"]
    appeal = EXPECTED["org_action_alert.html"]["absent"][0]
    blocks = [Block(appeal)] + [Block(t) for t in article] + [Block(appeal)]
    kept = [b.text for b in drop_boilerplate_blocks(blocks, rules)]
    assert kept == [appeal, *article]


def test_chrome_paragraphs_are_dropped_but_prose_that_mentions_them_is_kept() -> None:
    rules = load_rules()
    chrome = ["Leave a Reply", "Share this:", "Tags: Artsakh, Armenia", "Read also: Talks stall",
              "Nichts mehr verpassen: Abonnieren Sie kostenlos unseren Newsletter und bleiben Sie informiert."]
    prose = ["Readers can leave a reply on the ANCA's page, the statement said, and share this with others.",
             "Der Verband bat seine Mitglieder, den Newsletter des Ministeriums zu lesen."]
    kept = [b.text for b in drop_boilerplate_blocks([Block(t) for t in chrome + prose], rules)]
    assert kept == prose


# --- the benchmark's metric ------------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("html_extraction", ROOT / "bench" / "html_extraction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_the_metric_counts_shingles_per_page() -> None:
    bench = _bench()
    article = "\n".join(EXPECTED["news_site_release.html"]["article"])
    assert bench.page_counts(article, article) == (1.0, 0.0, 0.0)
    _first, rest = article.split("\n", 1)
    tp, fp, fn = bench.page_counts(article, rest)
    assert tp > 0 and fp == 0 and fn > 0 and abs(tp + fp + fn - 1) < 1e-9
    assert bench.page_counts(article, "") == (0.0, 0.0, 1.0)


def test_the_wider_sets_read_what_each_package_states() -> None:
    """The expectations are read from the packages' own tests: mercury's assert.equal(title, ...)
    and first13, trafilatura's `'x' in result and 'y' not in result`; the split is fixed."""
    _bench()
    sets = sys.modules["html_sets"]
    js = "it('t', () => { assert.equal(\n title,\n 'It\\'s a headline'\n); assert.equal(first13, \"Opening words\"); });"
    assert sets._stated(js, "title") == "It's a headline" and sets._stated(js, "first13") == "Opening words"
    keep: list[str] = []
    drop: list[str] = []
    test = ast.parse("assert 'kept line' in result and 'menu' not in result and len(result) > 3").body[0]
    sets._snippets(test.test, keep, drop)
    assert (keep, drop) == (["kept line"], ["menu"])
    pages = [sets.Page(f"p{i}", b"") for i in range(300)]
    tune, heldout = sets.split("mercury", pages)
    assert len(tune) + len(heldout) == 300 and 60 < len(heldout) < 140
    assert sets.split("mercury", pages) == (tune, heldout)
    bench = sys.modules["html_extraction"]
    assert bench.holds("He said: “The bridge, at last, is open.”", "The bridge at last is open")
    assert not bench.holds("The bridges are open.", "bridge")


def test_an_article_split_over_same_styled_sections_is_read_whole(tmp_path: Path, settings) -> None:
    """Sites cut the body into several containers with advertisements between them."""
    page = UTF8_PAGE.read_text(encoding="utf-8")
    article = EXPECTED["news_site_release.html"]["article"]
    ad = ('</div></div>\n<div class="ad-row"><div class="ad-slot"><a href="https://ads.example.net/">'
          'Sponsored: compare mortgage rates today</a></div></div>\n<div class="story-row"><div class="story-body">\n')
    page = page.replace('<div class="story-body">', '<div class="story-row"><div class="story-body">')
    cut = page.index(f"<p>{article[5][:40]}")
    page = page[:cut] + ad + page[cut:]
    page = page.replace('  <div class="share-tools">', '  </div>\n  <div class="share-tools">', 1)
    path = tmp_path / "split.html"
    path.write_text(page, encoding="utf-8")
    got = [p.text for p in read_document(path, settings).record.paragraphs]
    assert got == article


def test_split_sections_are_put_back_after_the_part_the_extractor_found() -> None:
    """When the extractor returns one section only, the sections styled like it are added, in order."""
    article = EXPECTED["news_site_release.html"]["article"]
    sections = [article[:3], article[3:6], article[6:]]
    body = "".join(
        '<div class="grid"><div class="article-part">' + "".join(f"<p>{t}</p>" for t in part) + "</div></div>"
        '<div class="grid-ad"><div class="article-part"><p><a href="/x">Sponsored link one</a></p></div></div>'
        for part in sections
    )
    tree = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    found = [Block(t) for t in sections[1]]
    assert [b.text for b in add_split_sections(tree, found)] == article


def test_sentences_the_precise_reading_dropped_are_put_back_but_not_labels() -> None:
    article = EXPECTED["news_site_release.html"]["article"]
    default = [Block(t) for t in article] + [Block("Read more"), Block("Share on Facebook")]
    precise = [Block(t) for i, t in enumerate(article) if i not in (2, len(article) - 1)]
    assert [b.text for b in fill_gaps(precise, default)] == article


def test_an_agency_credit_line_closing_the_article_is_kept() -> None:
    """The precise reading drops the closing "Additional reporting by ...; Editing by ..." line
    (no full stop): it is the article's, and is put back; a closing label is not."""
    article = EXPECTED["news_site_release.html"]["article"]
    credit = Block("Additional reporting by A. Writer; Editing by B. Editor")
    default = [Block(t) for t in article] + [credit, Block("Our Standards")]
    precise = [Block(t) for t in article]
    assert [b.text for b in fill_gaps(precise, default)] == [*article, credit.text]


def test_paragraphs_separated_by_double_breaks_stay_separate(tmp_path: Path, settings) -> None:
    """Old CMS pages put a whole release in one container, paragraphs split by <br><br>."""
    page = UTF8_PAGE.read_text(encoding="utf-8")
    body = re.search(r'<div class="story-body">(.*?)\n  </div>', page, re.S).group(1)
    article = EXPECTED["news_site_release.html"]["article"]
    flat_body = "<br><br>\n".join(html.escape(t, quote=False) for t in article)
    path = tmp_path / "breaks.html"
    path.write_text(page.replace(body, flat_body), encoding="utf-8")
    got = [p.text for p in read_document(path, settings).record.paragraphs]
    assert got == article


def test_windows_1252_letters_before_curly_quotes_are_not_taken_for_utf8() -> None:
    """"é" followed by "’" is a valid two-byte UTF-8 sequence by chance; the page is still windows-1252."""
    original = CP1252_PAGE.read_bytes()
    undeclared = re.sub(rb'<meta http-equiv="Content-Type"[^>]*>', b"", original)
    accented = undeclared.replace(b"<h1>", "<h1>Caf\u00e9\u2019s ".encode("cp1252") * 3, 1)
    text, encoding, _ = decode_html(accented, "p.html")
    assert encoding == "cp1252"
    assert "Café’s" in text and "“" in text


def test_a_paragraph_opening_with_by_and_a_date_is_not_a_byline(tmp_path: Path, settings) -> None:
    page = (HTML / "org_action_alert.html").read_text(encoding="utf-8")
    page = page.replace('<div class="letter-preview">', '<div class="letter-preview"><p>By March 9, 2021, we ask.</p>')
    path = tmp_path / "by.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path, settings).record.date is None


def test_a_time_marked_published_wins_over_its_updated_class(tmp_path: Path, settings) -> None:
    page = (HTML / "wordpress_letter_blog.html").read_text(encoding="utf-8")
    page = re.sub(r'<meta property="article:(published|modified)_time"[^>]*>\n', "", page)
    page = page.replace('<time class="updated"', '<time class="modified"')  # the edit date comes first now
    page = page.replace('<time class="entry-date published"', '<time class="entry-published updated" itemprop="datePublished"')
    first = page.index('<time class="entry-published')
    edited = re.search(r'<time class="modified"[^>]*>[^<]*</time>', page).group(0)
    page = page.replace(edited, "")
    page = page[:first] + edited + page[first:]
    path = tmp_path / "times.html"
    path.write_text(page, encoding="utf-8")
    record = read_document(path, settings).record
    # the page's own publication date (the letter's date line stays the record's date)
    assert record.extraction["published"] == {"date": "2023-10-03", "date_source": "meta"}


@pytest.mark.parametrize(
    "classes",
    ["elementor-widget elementor-widget-text-editor", "entry tag-donations category-social-media"],
)
def test_page_builder_and_taxonomy_classes_are_not_chrome(tmp_path: Path, settings, classes: str) -> None:
    """The body split over page-builder widgets, or tagged "donations": every part is kept."""
    page = UTF8_PAGE.read_text(encoding="utf-8")
    body = re.search(r'<div class="story-body">(.*?)\n  </div>', page, re.S).group(1)
    article = EXPECTED["news_site_release.html"]["article"]
    parts = "\n".join(f'<div class="{classes}"><p>{html.escape(t, quote=False)}</p></div>' for t in article)
    path = tmp_path / "builder.html"
    path.write_text(page.replace(body, parts), encoding="utf-8")
    got = [p.text for p in read_document(path, settings).record.paragraphs]
    assert got == article
