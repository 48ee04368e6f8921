"""End to end: saved web pages in several site styles -> ingest.read_document -> the final Record.

The pages in tests/data/html/ wrap the seed documents in site chrome (build_renditions.py);
expected.yaml says what each page states and which paragraphs are the article's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archive import Record, Settings
from ingest import read_document

HTML = Path(__file__).resolve().parent / "data" / "html"
EXPECTED: dict[str, dict] = yaml.safe_load((HTML / "expected.yaml").read_text(encoding="utf-8"))
ARTICLES = sorted(name for name, exp in EXPECTED.items() if "error" not in exp)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def ingest_page(name: str, settings: Settings) -> Record:
    return read_document(HTML / name, settings).record


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Record]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("html-data"))
    return {name: ingest_page(name, settings) for name in ARTICLES}


def test_every_style_is_covered() -> None:
    assert len(ARTICLES) >= 5
    assert {"NotAnArticle", "EmptyDocument", "Undecodable"} <= {e["error"] for e in EXPECTED.values() if "error" in e}


@pytest.mark.parametrize("name", ARTICLES)
def test_title_date_and_doc_type(records: dict[str, Record], name: str) -> None:
    record, exp = records[name], EXPECTED[name]
    assert record.title == exp["title"]
    assert record.date == exp["date"]
    assert record.date_source == exp["date_source"]
    assert record.doc_type == exp["doc_type"]


@pytest.mark.parametrize("name", ARTICLES)
def test_source_fields(records: dict[str, Record], name: str) -> None:
    record, exp = records[name], EXPECTED[name]
    assert record.source.media_type == "text/html"
    assert record.source.org == exp["org"]
    assert record.source.url == exp["url"]
    assert record.authors == exp["authors"]


@pytest.mark.parametrize("name", ARTICLES)
def test_first_and_last_paragraph(records: dict[str, Record], name: str) -> None:
    texts = [p.text for p in records[name].paragraphs]
    assert texts[0] == EXPECTED[name]["article"][0]
    assert texts[-1] == EXPECTED[name]["article"][-1]


@pytest.mark.parametrize("name", ARTICLES)
def test_every_sentence_of_the_article_is_kept_in_order(records: dict[str, Record], name: str) -> None:
    texts = [p.text for p in records[name].paragraphs]
    positions = []
    for para in EXPECTED[name]["article"]:
        assert flat(para) in texts, f"lost paragraph: {para[:80]}"
        positions.append(texts.index(flat(para)))
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", ARTICLES)
def test_nothing_but_the_article(records: dict[str, Record], name: str) -> None:
    allowed = {flat(p) for p in EXPECTED[name]["article"]} | set(EXPECTED[name].get("artifacts", []))
    extra = [p.text for p in records[name].paragraphs if p.text not in allowed]
    assert extra == []


@pytest.mark.parametrize("name", ARTICLES)
def test_boilerplate_is_gone(records: dict[str, Record], name: str) -> None:
    text = "\n".join(p.text for p in records[name].paragraphs)
    present = [b for b in EXPECTED[name]["absent"] if b in text]
    assert present == []


@pytest.mark.parametrize("name", sorted(n for n in ARTICLES if EXPECTED[n].get("kinds")))
def test_paragraph_kinds(records: dict[str, Record], name: str) -> None:
    kinds = {p.text: p.kind for p in records[name].paragraphs}
    for text, kind in EXPECTED[name]["kinds"].items():
        assert kinds[flat(text)] == kind, text[:60]


def test_text_is_kept_as_published(records: dict[str, Record]) -> None:
    """Curly quotes and dashes survive decoding, also from the windows-1252 page."""
    for name in ("windows1252_release.html", "news_site_release.html"):
        text = "\n".join(p.text for p in records[name].paragraphs)
        source = "\n".join(EXPECTED[name]["article"])
        for char in "“”’–":
            assert (char in text) == (char in source), (name, char)
        assert "â€" not in text  # no UTF-8 read as windows-1252


def test_windows_1252_page_is_read_by_its_declared_charset(records: dict[str, Record]) -> None:
    record = records["windows1252_release.html"]
    assert record.extraction["encoding"] == "cp1252"
    assert (HTML / "windows1252_release.html").read_bytes().count(b"\x93") > 0  # the bytes really are cp1252


def test_byline_date_beats_nothing_but_not_metadata(records: dict[str, Record]) -> None:
    """The blog shows a publication and a modified date: the record carries the publication date."""
    blog = records["wordpress_letter_blog.html"]
    page = (HTML / "wordpress_letter_blog.html").read_text(encoding="utf-8")
    modified = re.search(r'article:modified_time" content="(\d{4}-\d{2}-\d{2})', page)
    assert modified and blog.date != modified.group(1)
