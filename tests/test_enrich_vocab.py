"""The vocabularies: the shipped files load, broken ones are refused with the file and entry named."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from archive import VocabularyError, load_vocabulary

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
STARTER_IDS = {
    "pows-detainees", "torture-abuse", "cultural-heritage", "ethnic-cleansing-displacement", "blockade",
    "humanitarian-aid", "section-907", "military-aid-arms", "sanctions-magnitsky", "genocide", "peace-process",
    "turkey", "war-crimes-accountability", "us-armenia-partnership", "armenia-sovereignty",
}


@pytest.fixture
def vocab_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "vocab"
    folder.mkdir()
    for name in ("topics.yaml", "aliases.yaml", "gazetteer.yaml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_shipped_vocabulary_has_every_starter_topic_with_label_and_terms():
    vocab = load_vocabulary(CORPUS)
    assert set(vocab.topic_ids) == STARTER_IDS
    for topic in vocab.topics:
        assert topic.label and topic.description and topic.terms


@pytest.mark.parametrize(("name", "canonical"), [
    ("Khankendi", "Stepanakert"), ("Shusha", "Shushi"), ("Nagorno-Karabakh", "Artsakh"), ("Karabakh", "Artsakh"),
    ("POWs", "prisoners of war"), ("ANCA", "Armenian National Committee of America"),
    ("Department of State", "U.S. Department of State"), ("State Department", "U.S. Department of State"),
    ("Section 907", "Section 907 of the FREEDOM Support Act"),
])
def test_aliases_give_one_canonical_name(name: str, canonical: str):
    vocab = load_vocabulary(CORPUS)
    assert vocab.canonical(name) == canonical
    assert canonical in vocab.variants(name)


def _write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    # make sure the cache sees a new modification time even on coarse clocks
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("topics.yaml", "topics:\n  - {id: a-topic, label: A, terms: [x]}\n  - {id: a-topic, label: B, terms: [y]}\n",
     "#2 (a-topic)"),
    ("topics.yaml", "topics:\n  - {id: no-terms, label: A}\n", "no-terms"),
    ("topics.yaml", "topics:\n  - {id: Bad Id, label: A, terms: [x]}\n", "'id'"),
    ("topics.yaml", "topics:\n  - {id: star, label: A, terms: ['de*tain']}\n", "star"),
    ("topics.yaml", "topics: [oops\n", "not valid YAML"),
    ("aliases.yaml", "groups:\n  - names: [Alpha, Beta]\n  - names: [Gamma, Beta]\n", "Gamma"),
    ("aliases.yaml", "groups:\n  - names: [Lonely]\n", "#1"),
    ("gazetteer.yaml", "people:\n  - {name: Someone, rank: 3}\n", "people #1"),
    ("gazetteer.yaml", "animals: [cat]\n", "animals"),
])
def test_broken_vocabulary_names_file_and_entry(vocab_dir: Path, name: str, text: str, expected: str):
    _write(vocab_dir, name, text)
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(vocab_dir)
    assert name in str(err.value)
    assert expected in str(err.value)


def test_cache_follows_edits(vocab_dir: Path):
    first = load_vocabulary(vocab_dir)
    assert load_vocabulary(vocab_dir) is first  # cached while nothing changes
    text = (vocab_dir / "topics.yaml").read_text(encoding="utf-8")
    _write(vocab_dir, "topics.yaml", text + "  - {id: new-topic, label: New, terms: [novelty]}\n")
    second = load_vocabulary(vocab_dir)
    assert second is not first
    assert "new-topic" in second.topic_ids


def test_missing_files_give_an_empty_vocabulary(tmp_path: Path):
    vocab = load_vocabulary(tmp_path)
    assert vocab.topics == () and vocab.aliases == () and vocab.gazetteer == ()
