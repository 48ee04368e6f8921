"""Encodings come out as correct Unicode; Word documents keep headings and list items."""

from __future__ import annotations

import pytest

from ingest import read_document

from paths import DATA


@pytest.mark.parametrize("name", ["utf8.txt", "utf16-bom.txt", "cp1252.txt"])
def test_encodings_decode_to_the_same_text(settings, name):
    record = read_document(DATA / "text" / name, settings).record
    assert record.title == "Encoding sample — “Shushi” / Shusha, café"
    assert record.paragraphs[0].text.startswith("Prior to Azerbaijan’s military assault")


def test_latin1_accents(settings):
    record = read_document(DATA / "text" / "latin1.txt", settings).record
    assert record.title == 'Encoding sample - "Shushi" / Shusha, café'


def test_docx_paragraphs_headings_lists_and_letter_fields(settings):
    record = read_document(DATA / "docx" / "letter.docx", settings).record
    assert record.title == "Letter on the Nagorno-Karabakh offensive (Word rendition)"
    assert record.source.media_type.endswith("wordprocessingml.document")
    kinds = [p.kind for p in record.paragraphs]
    assert "heading" in kinds and kinds.count("list_item") == 2
    assert record.date == "2023-10-02" and record.date_source == "letter"
    assert record.recipients == ["Joseph R. Biden Jr."]
    assert record.doc_type == "letter"


def test_normalize_mends_only_artifacts():
    from ingest.normalize import normalize_text

    assert normalize_text("ef\ufb01cient\u00a0co\u00adoperation\u200b “quoted” — kept") == "efficient cooperation “quoted” — kept"
