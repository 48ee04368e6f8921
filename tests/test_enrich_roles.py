"""People are stored under one name, with the titles or roles the text gives them."""

from __future__ import annotations

from ingest import read_document

from paths import CORPUS


def test_roles_as_the_text_gives_them(settings):
    record = read_document(next((CORPUS / "seeds").glob("001_*.txt")), settings).record
    assert "Aram Hamparian" in record.entities["people"]
    assert record.roles["Aram Hamparian"] == ["ANCA Executive Director"]
    assert record.roles["Frank Pallone"] == ["Rep. (D-NJ)"]
    assert "Secretary of State" in record.roles["Marco Rubio"]
    assert set(record.roles) <= set(record.entities["people"])
