"""A document read by OCR says so on its page, so a researcher checks a quote against the page image."""

from __future__ import annotations

from archive import Store
from webapp import create_app

from auth_helpers import create_user, login
from ocr_helpers import OCR_TESTS
from paths import DATA
from webapp_fixtures import build_archive

pytestmark = OCR_TESTS


def test_ocr_record_page_warns_and_text_record_does_not(tmp_path):
    settings = build_archive(tmp_path / "data", [DATA / "ocr" / "letter_scan.pdf", DATA / "docx" / "letter.docx"])
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", "a long enough passphrase")
    client = app.test_client()
    login(client, "rita", "a long enough passphrase")
    records = [client.get(f"/api/records/{rid}").get_json() for rid in Store(settings).ids()]
    records = {r["source"]["path"].rsplit("/", 1)[-1]: r for r in records}
    scan, typed = records["letter_scan.pdf"], records["letter.docx"]
    assert scan["extraction"]["method"] == "ocr" and scan["extraction"]["ocr_confidence"] > 50
    page = client.get(f"/records/{scan['id']}").get_data(as_text=True)
    assert "read from page images by OCR" in page and "Check a quote against the original file" in page
    assert "by OCR" not in client.get(f"/records/{typed['id']}").get_data(as_text=True)


def test_citation_of_an_ocr_paragraph_carries_a_caution(tmp_path):
    from webapp.cite import cite

    settings = build_archive(tmp_path / "data", [DATA / "ocr" / "letter_scan.pdf", DATA / "docx" / "letter.docx"])
    store = Store(settings)
    scan = next(r for r in store if r.source.path.endswith("letter_scan.pdf"))
    typed = next(r for r in store if r.source.path.endswith("letter.docx"))
    last = scan.paragraphs[-1]
    caution = cite(scan, last.n).caution
    assert caution and "OCR" in caution and f"page {last.page}" in caution
    assert cite(typed, 1).caution is None
