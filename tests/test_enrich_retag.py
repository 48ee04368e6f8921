"""`evidence retag`: an edited vocabulary reaches the stored records and the index, without the
original files, and a researcher's manual topics survive."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive import Settings, Store
from webapp.cli import main

DATA = Path(__file__).resolve().parent / "data" / "enrich"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def vocab_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "vocab"
    folder.mkdir()
    for name in ("topics.yaml", "aliases.yaml", "gazetteer.yaml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def _run(settings: Settings, vocab_dir: Path, *args: str):
    env = {"EVIDENCE_VOCAB_DIR": str(vocab_dir)}
    return CliRunner().invoke(main, ["--data", str(settings.data_dir), *args], env=env)


@pytest.fixture
def archive(settings: Settings, vocab_dir: Path, tmp_path: Path) -> Store:
    """Two documents ingested from copies that are deleted afterwards (retag must not need them)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("captives_alert.txt", "captives_alert.meta.yaml", "letter_dates.txt", "letter_dates.meta.yaml"):
        shutil.copy(DATA / name, sources / name)
    result = _run(settings, vocab_dir, "ingest", "--quiet", str(sources))
    assert result.exit_code == 0, result.output
    shutil.rmtree(sources)
    return Store(settings)


def _containing(store: Store, word: str):
    return next(r for r in store if word in (r.title or "") or any(word in p.text for p in r.paragraphs))


def _add_term(vocab_dir: Path, topic_id: str, term: str) -> None:
    path = vocab_dir / "topics.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for topic in data["topics"]:
        if topic["id"] == topic_id:
            topic["terms"].append(term)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_retag_applies_an_edited_vocabulary_to_records_and_index(settings: Settings, vocab_dir: Path,
                                                                 archive: Store):
    letter = _containing(archive, "convoy")
    assert "blockade" not in letter.topics
    unchanged = _run(settings, vocab_dir, "retag")
    assert unchanged.exit_code == 0 and "0 changed" in unchanged.output

    _add_term(vocab_dir, "blockade", "convoy")
    result = _run(settings, vocab_dir, "retag")
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output and "+blockade" in result.output
    letter = Store(settings).get(letter.id)
    assert "blockade" in letter.topics
    assert {"match": "convoy"}.items() <= letter.topic_evidence["blockade"][0].items()

    search = _run(settings, vocab_dir, "search", "convoy", "--topic", "blockade", "--json")
    assert search.exit_code == 0, search.output
    hits = json.loads(search.output)["hits"]
    assert [h["record_id"] for h in hits] == [letter.id]


def test_manual_topics_survive_retag(settings: Settings, vocab_dir: Path, archive: Store):
    alert = _containing(archive, "captives")
    assert "humanitarian-aid" in alert.topics
    alert.topics_manual["remove"] = ["pows-detainees"]
    archive.write(alert)
    _add_term(vocab_dir, "torture-abuse", "fighting")
    _add_term(vocab_dir, "torture-abuse", "teachers")
    result = _run(settings, vocab_dir, "retag")
    assert result.exit_code == 0, result.output
    after = Store(settings).get(alert.id)
    assert "humanitarian-aid" in after.topics  # manual addition kept
    assert "pows-detainees" not in after.topics  # manual removal wins over the text's evidence
    assert "torture-abuse" in after.topics  # the edit applied


def test_dry_run_writes_nothing(settings: Settings, vocab_dir: Path, archive: Store):
    before = {p.name: p.read_bytes() for p in settings.records_dir.glob("*.yaml")}
    _add_term(vocab_dir, "blockade", "convoy")
    result = _run(settings, vocab_dir, "retag", "--dry-run")
    assert result.exit_code == 0 and "1 changed" in result.output
    assert {p.name: p.read_bytes() for p in settings.records_dir.glob("*.yaml")} == before


def test_broken_vocabulary_is_refused_before_anything_is_written(settings: Settings, vocab_dir: Path,
                                                                archive: Store):
    before = {p.name: p.read_bytes() for p in settings.records_dir.glob("*.yaml")}
    (vocab_dir / "topics.yaml").write_text("topics:\n  - {id: broken, label: B}\n", encoding="utf-8")
    result = _run(settings, vocab_dir, "retag")
    assert result.exit_code == 1
    assert "topics.yaml" in result.output and "broken" in result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in settings.records_dir.glob("*.yaml")} == before


def test_broken_vocabulary_fails_ingest_with_a_clear_reason(settings: Settings, vocab_dir: Path):
    (vocab_dir / "aliases.yaml").write_text("groups:\n  - names: [Only]\n", encoding="utf-8")
    result = _run(settings, vocab_dir, "ingest", "--quiet", str(DATA / "letter_dates.txt"))
    assert result.exit_code == 1
    assert "aliases.yaml" in result.output and "letter_dates.txt" in result.output
    assert not list(settings.records_dir.glob("*.yaml"))
