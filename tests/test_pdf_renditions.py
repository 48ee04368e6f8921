"""PDF renditions of real documents (tests/data/pdf/make_pdfs.py) through the whole pipeline.

Each PDF has a `.truth.json` written by the generator from the source text: the paragraphs as
typeset (text, kind, page), the date, the doc type and the running text printed on every page.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLineHorizontal

from archive import Record, load_settings
from ingest import extract, read_document

from paths import DATA

PDFS = DATA / "pdf"
RENDITIONS = ["letter_2023-10-02", "statedept_2024_azerbaijan", "press_schiff_2012-12-04"]


def truth(name: str) -> dict:
    return json.loads((PDFS / f"{name}.truth.json").read_text(encoding="utf-8"))


def ingest(name: str, settings) -> Record:
    return read_document(PDFS / f"{name}.pdf", settings).record


def raw_lines(name: str) -> list[str]:
    """The PDF's own text lines, as pdfminer reads them, for checking what a test exercises."""
    out = []
    for page in extract_pages(PDFS / f"{name}.pdf"):
        for box in page:
            if isinstance(box, LTTextContainer):
                out.extend(ln.get_text().strip() for ln in box if isinstance(ln, LTTextLineHorizontal))
    return out


@pytest.fixture
def settings(data_dir, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("EVIDENCE_"):
            monkeypatch.delenv(name)
    return load_settings(data_dir, ocr_enabled=False)


@pytest.mark.parametrize("name", RENDITIONS)
def test_paragraphs_rebuilt_exactly_with_pages_and_kinds(name, settings):
    record = ingest(name, settings)
    want = truth(name)["paragraphs"]
    assert [p.text for p in record.paragraphs] == [w["text"] for w in want]
    assert [p.page for p in record.paragraphs] == [w["page"] for w in want]
    # kinds as the layout found them (the pipeline may refine body into signature afterwards)
    blocks = extract((PDFS / f"{name}.pdf").read_bytes(), name, settings).blocks
    assert [b.kind for b in blocks] == [w["kind"] for w in want]
    assert [p.kind for p in record.paragraphs if p.kind in ("heading", "list_item")] == [
        w["kind"] for w in want if w["kind"] in ("heading", "list_item")
    ]
    assert record.paragraphs[0].text == want[0]["text"]
    assert record.paragraphs[-1].text == want[-1]["text"]
    assert record.extraction["method"] == "text"
    assert record.extraction["pages"] == truth(name)["pages"]


@pytest.mark.parametrize("name", RENDITIONS)
def test_running_headers_footers_and_page_numbers_are_gone(name, settings):
    record = ingest(name, settings)
    boilerplate = truth(name)["boilerplate"]
    assert boilerplate
    for text in [record.title, *(p.text for p in record.paragraphs)]:
        for junk in boilerplate:
            assert junk not in text
        assert not re.fullmatch(r"(Page )?\d+( of \d+|/\d+)?", text)
    # the boilerplate really is in the file, the first string on every page
    lines = raw_lines(name)
    assert all(any(junk in ln for ln in lines) for junk in boilerplate)
    assert sum(boilerplate[0] in ln for ln in lines) >= truth(name)["pages"]


@pytest.mark.parametrize("name", RENDITIONS)
def test_date_and_doc_type(name, settings):
    record = ingest(name, settings)
    want = truth(name)
    assert record.date == want["date"]
    assert record.doc_type == want["doc_type"]
    if want["date"]:
        assert record.date != record.extraction["pdf_created"]  # never the PDF's creation date


def test_letter_fields_from_the_pdf_letter(settings):
    record = ingest("letter_2023-10-02", settings)
    paragraphs = [p.text for p in record.paragraphs]
    assert record.date_source == "letter"
    assert record.date == "2023-10-02" and record.extraction["pdf_created"] == "2023-10-05"
    honorable = [t.split("The Honorable ", 1)[1].split(",")[0] for t in paragraphs if "The Honorable " in t]
    assert len(honorable) == 4
    assert record.recipients[0] in honorable[0]
    assert {r for r in record.recipients} >= {h.replace(" Jr.", "").strip() for h in honorable[1:]}
    assert record.recipients[0] in record.title  # the pipeline names an untitled letter by its addressee
    for junk in truth("letter_2023-10-02")["boilerplate"]:
        assert junk not in record.title


def test_letter_item_runs_across_the_page_break(settings):
    record = ingest("letter_2023-10-02", settings)
    lines = raw_lines("letter_2023-10-02")
    last_on_page_1 = lines.index(next(ln for ln in lines if "Page 1 of" in ln)) - 1
    first_on_page_2_body = lines[last_on_page_1 + 1]
    items = [p for p in record.paragraphs if p.kind == "list_item"]
    spanning = [p for p in items if lines[last_on_page_1] in p.text or p.text.endswith(first_on_page_2_body)]
    assert spanning, "the list item broken over the page is one paragraph"
    assert spanning[0].page == 1


def test_report_headings_and_two_column_page(settings):
    record = ingest("statedept_2024_azerbaijan", settings)
    headings = [p.text for p in record.paragraphs if p.kind == "heading"]
    assert record.title == truth("statedept_2024_azerbaijan")["title"] == headings[0]
    assert any(h.startswith("Section 1.") for h in headings) and any(h.startswith("Section 2.") for h in headings)
    assert any(re.match(r"^[a-c]\. [A-Z]", h) for h in headings)
    page = truth("statedept_2024_azerbaijan")["two_column_page"]
    on_page = [p.text for p in record.paragraphs if p.page == page]
    want = [w["text"] for w in truth("statedept_2024_azerbaijan")["paragraphs"] if w["page"] == page]
    assert on_page == want and len(on_page) >= 4


def test_line_end_hyphens_joined_and_compounds_kept(settings):
    record = ingest("statedept_2024_azerbaijan", settings)
    text = "\n".join(p.text for p in record.paragraphs)
    lines = raw_lines("statedept_2024_azerbaijan")
    hyphenated = [(a, b) for a, b in itertools.pairwise(lines) if re.search(r"[a-z]-$", a)]
    split_words = [(a.split()[-1][:-1], b.split()[0]) for a, b in hyphenated]
    source = " ".join(w["text"] for w in truth("statedept_2024_azerbaijan")["paragraphs"])
    compounds = [(h, t) for h, t in split_words if re.search(rf"\b{re.escape(h)}-{re.escape(t)}", source)]
    words = [(h, t) for h, t in split_words if (h, t) not in compounds]
    assert compounds and len(words) >= 5, "the file exercises both cases"
    for head, tail in compounds:
        assert f"{head}-{tail}" in text
    for head, tail in words:
        assert f"{head}{tail}" in text
        assert f"{head}-{tail}" not in text and f"{head}- {tail}" not in text


def test_press_release_keeps_the_quoted_letter_and_bullets(settings):
    record = ingest("press_schiff_2012-12-04", settings)
    want = truth("press_schiff_2012-12-04")
    assert record.title == want["title"]
    bullets = [p for p in record.paragraphs if p.kind == "list_item"]
    assert len(bullets) == sum(1 for w in want["paragraphs"] if w["kind"] == "list_item") >= 2
    assert all(p.text.startswith("•") and "(cid:" not in p.text for p in bullets)


def test_sidecar_overrides_the_detected_doc_type(tmp_path, settings):
    copy = tmp_path / "letter.pdf"
    shutil.copy(PDFS / "letter_2023-10-02.pdf", copy)
    assert read_document(copy, settings).record.doc_type == "letter"
    Path(str(copy) + ".meta.yaml").write_text("doc_type: statement\ndate: 2023-10-03\n", encoding="utf-8")
    record = read_document(copy, settings).record
    assert record.doc_type == "statement"
    assert record.date == "2023-10-03" and record.date_source == "sidecar"


def test_browser_printed_two_column_report(settings):
    """Chromium's print-to-PDF: subset fonts, justified columns, its own header and footer."""
    want = truth("browser_report")
    record = ingest("browser_report", settings)
    assert [p.text for p in record.paragraphs] == [w["text"] for w in want["paragraphs"]]
    assert [p.kind for p in record.paragraphs] == [w["kind"] for w in want["paragraphs"]]
    assert record.title == want["title"] and record.doc_type == want["doc_type"]
    header_date = raw_lines("browser_report")[0]
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M", header_date)
    for p in record.paragraphs:
        assert "ﬁle:///" not in p.text and "file:///" not in p.text and header_date not in p.text
    # compounds broken at their own hyphen by the browser keep it
    broken = [ln.split()[-1] for ln in raw_lines("browser_report") if re.search(r"[A-Za-z]-$", ln)]
    assert broken
    text = record.text
    for head in broken:
        assert re.search(rf"{re.escape(head)}[a-z]+", text)
