"""Search over real releases in a real index: the spellings of Karabakh are one name, "ceasefire"
and "cease-fire" one word, unquoted Nagorno Karabakh finds what the phrase finds, and words glued
where markup was lost ("3Stepanakert") are found while the stored text stays as published."""

from __future__ import annotations

import shutil

import pytest

import search
from archive import Store
from search.analysis import terms
from webapp.jobs import ingest_paths

from paths import CORPUS, DATA

FILES = [
    CORPUS / "seeds" / "000_bd7281dc9c4d1da1.txt",  # says Artsakh, never Nagorno
    CORPUS / "congress" / "congress_schiff_2013-02-25.txt",  # "Artsakh20th February Street, 3Stepanakert"
    DATA / "releases" / "adam-schiff_2009-06-17.txt",  # Karabagh
    DATA / "releases" / "devin-nunes_2016-04-05.txt",  # ceasefire, Nagorno-Karabakh
    DATA / "releases" / "tim-ryan_2009-01-07.txt",  # cease-fire
]


@pytest.fixture
def index(settings, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in FILES:
        shutil.copy(path, inbox / path.name)
        for side in path.parent.glob(path.stem + ".meta.yaml"):
            shutil.copy(side, inbox / side.name)
    monkeypatch.chdir(tmp_path)
    report = ingest_paths([inbox], settings)
    assert report.count("ingested") == len(FILES), [r.reason for r in report.failed]
    return search.SearchIndex(settings)


def _files(index, text: str) -> set[str]:
    """The names of the files whose records a search finds."""
    result = index.search(search.SearchQuery(text, limit=50))
    assert result.error is None, result.error
    store = Store(index.settings)
    return {store.get(rid).source.path.rsplit("/", 1)[-1] for rid in {h.record_id for h in result.hits}}


def test_karabagh_is_a_name_of_the_group(index):
    found = _files(index, "Karabagh")
    assert {"000_bd7281dc9c4d1da1.txt", "adam-schiff_2009-06-17.txt", "devin-nunes_2016-04-05.txt"} <= found
    assert found == _files(index, "Artsakh")


def test_ceasefire_and_cease_fire_are_one_word(index):
    joined, hyphened, spaced = _files(index, "ceasefire"), _files(index, "cease-fire"), _files(index, '"cease fire"')
    assert {"devin-nunes_2016-04-05.txt", "tim-ryan_2009-01-07.txt"} <= joined
    assert joined == hyphened == spaced


def test_unquoted_nagorno_karabakh_finds_what_the_phrase_finds(index):
    unquoted = _files(index, "Nagorno Karabakh")
    assert unquoted == _files(index, '"Nagorno Karabakh"') == _files(index, "Nagorno-Karabakh")
    assert "000_bd7281dc9c4d1da1.txt" in unquoted  # it says Artsakh only
    assert _files(index, "Nagorno Karabakh ceasefire") == {"devin-nunes_2016-04-05.txt"}


def test_glued_words_are_found_and_kept_as_published(index):
    raw = (CORPUS / "congress" / "congress_schiff_2013-02-25.txt").read_text(encoding="utf-8")
    assert "3Stepanakert" in raw and "Artsakh20th" in raw
    result = index.search(search.SearchQuery("Stepanakert"))
    hit = next(h for h in result.hits if "2013-02-25" in h.record_id)
    assert "<mark>Stepanakert</mark>" in hit.snippet
    store_text = "\n".join(p.text for p in Store(index.settings).get(hit.record_id).paragraphs)
    assert "Stepanakert" in store_text
    glued = [line for line in store_text.split("\n") if "3Stepanakert" in line]
    assert all(line in raw for line in glued)  # the stored paragraphs keep the words as published
    assert terms("Artsakh20th") == ("artsakh", "20th")
    assert terms("Section 502B COVID19") == ("section", "502b", "covid19")  # not glued words
