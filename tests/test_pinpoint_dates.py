"""Dates in notes and on pages are written as a reader writes them, at the precision the record has."""

from __future__ import annotations

import pytest

from archive import human_date, short_note
from webapp.common.helpers import human_date as page_date


@pytest.mark.parametrize(("iso", "expected"), [
    ("2016-04-02", "April 2, 2016"),
    ("2016-04", "April 2016"),
    ("2016", "2016"),
    (None, "n.d."),
    ("spring 2016", "spring 2016"),
])
def test_note_dates_keep_the_records_precision(iso: str | None, expected: str) -> None:
    assert human_date(iso) == expected


def test_a_note_for_a_month_precision_record_names_the_month() -> None:
    note = short_note(title="Letter", org="Office", date="2016-04", url=None, paragraph=3)
    assert "April 2016" in note and "2016-04" not in note


def test_pages_and_notes_write_dates_alike_but_pages_say_date_unknown() -> None:
    for iso in ("2016-04-02", "2016-04", "2016"):
        assert page_date(iso) == human_date(iso)
    assert page_date(None) == "date unknown"
