"""Real press releases that arrive as one line: chrome rules trim chrome and never the body; Word
style definitions are removed wherever they stand; a file with text is never refused as empty."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from ingest import EmptyDocument, read_document
from ingest.text import extract_plain

from paths import DATA, ROOT

RELEASES = DATA / "releases"
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"


def _record(settings, stem: str):
    return read_document(RELEASES / f"{stem}.txt", settings).record


def _text(record) -> str:
    return "\n".join(p.text for p in record.paragraphs)


@pytest.mark.parametrize(("stem", "last_words"), [
    ("debbie-wasserman-schultz_2015-12-08", "All Venezuelans deserve to live in a free and just society."),
    ("dutch-ruppersberger_2009-11-20", "family members of wounded troops can use them to travel to military hospitals"),
    ("gene-green_2016-09-28", "Full EPA Proposed Cleanup Plan"),
])
def test_one_line_release_with_handles_or_donate_is_kept_whole(settings, stem, last_words):
    raw = (RELEASES / f"{stem}.txt").read_text(encoding="utf-8")
    record = _record(settings, stem)
    text = _text(record)
    assert last_words in raw and last_words in text
    first_words = " ".join(raw.split()[3:12])
    assert first_words in text or first_words in (record.title or "")


def test_short_chrome_lines_after_a_release_are_still_trimmed():
    raw = (RELEASES / "dutch-ruppersberger_2009-11-20.txt").read_text(encoding="utf-8")
    chrome = ["Donate now", "Follow us @housegov @uscapitol", "Leave a Reply"]
    extracted = extract_plain(raw + "\n\n" + "\n\n".join(chrome) + "\n", "text/plain")
    texts = [b.text for b in extracted.blocks]
    assert not any(line in t for t in texts for line in chrome)
    assert any("donate their unused frequent flyer miles" in t for t in texts)


def test_a_text_that_looks_all_chrome_is_kept_not_refused(settings, tmp_path):
    path = tmp_path / "appeal.txt"
    path.write_text("Please donate today.\n", encoding="utf-8")
    record = read_document(path, settings).record
    assert [p.text for p in record.paragraphs] == ["Please donate today."]


def test_an_empty_file_is_still_refused(settings, tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        read_document(path, settings)


@pytest.mark.parametrize(("stem", "before", "after"), [
    ("jim-cooper_2008-11-15", "Discusses Obama's Transition, Financial Crisis", "Click here to access the interview"),
    ("diane-degette_2011-11-02", "regarding information relevant to the Solyndra loan.",
     "The full text of the letter is available online here"),
])
def test_word_style_junk_removed_mid_text(settings, stem, before, after):
    record = _record(settings, stem)
    everything = f"{record.title}\n{_text(record)}"
    for junk in ("MicrosoftInternetExplorer", "mso-", "Style Definitions", "Normal 0", "{", "}"):
        assert junk not in everything, junk
    assert before in everything and after in everything
    assert "Normal" not in (record.title or "")


@pytest.mark.skipif(not LARGE.exists(), reason="../shared/corpus-large is absent")
def test_no_release_with_text_in_a_random_sample_is_refused():
    rng = random.Random(21)
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:  # about 250 of the 104,951 releases
        sample = [json.loads(line) for line in fh if rng.random() < 0.0025]
    refused = [(r["member"], r["date"]) for r in sample
               if r["text"].strip() and not extract_plain(r["text"], "text/plain").blocks]
    assert refused == []
