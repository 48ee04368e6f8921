"""`evidence import FILE`: JSON lines (plain and gzipped) and CSV rows into records, bad rows named by
line, reruns that change nothing; run in one process (the Dask cluster's tests are in
test_bulk_distributed.py)."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Settings, Store
from search import SearchIndex, SearchQuery
from webapp.cli import main

from paths import CORPUS

SEED = next((CORPUS / "seeds").glob("003_*.txt"))


def seed_paragraphs() -> list[str]:
    """Real paragraphs of a shipped seed document, each long enough to be a document of its own."""
    text = SEED.read_text(encoding="utf-8")
    return [" ".join(p.split()) for p in text.split("\n\n") if len(p.split()) >= 25][:4]


def invoke(settings: Settings, *args: str):
    return CliRunner().invoke(main, ["--data", str(settings.data_dir), *args], catch_exceptions=False)


def stored(settings: Settings) -> dict[str, dict]:
    store = Store(settings)
    return {rid: store.get(rid).to_dict() for rid in store.ids()}


@pytest.fixture
def rows() -> list[dict]:
    texts = seed_paragraphs()
    assert len(texts) >= 3
    return [
        {"text": texts[0], "title": "First of the rows", "date": "2021-03-04", "authors": ["Jane Doe"],
         "doc_type": "statement", "topics": ["cultural-heritage"], "office": "Office of Jane Doe"},
        {"text": texts[1], "date": "2022-05-06", "authors": "Jane Doe; John Roe", "org": "A Coalition"},
        {"text": texts[2], "title": "Third", "url": "https://example.org/third", "notes": "from a box of letters"},
    ]


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.jsonl.gz"])
def test_jsonl_rows_become_records_with_their_fields(settings: Settings, tmp_path: Path, rows: list[dict],
                                                     name: str) -> None:
    source = write_jsonl(tmp_path / name, rows)
    result = invoke(settings, "import", str(source), "--map", "office=org", "--quiet")
    assert result.exit_code == 0, result.output
    assert "3 ingested, 0 unchanged, 0 failed" in result.stderr
    records = sorted(stored(settings).values(), key=lambda r: r["date"] or "")
    assert {"First of the rows", "Third"} <= {r["title"] for r in records}
    first = next(r for r in records if r["title"] == "First of the rows")
    assert first["date"] == "2021-03-04" and first["date_source"] == "sidecar"
    assert first["doc_type"] == "statement" and first["source"]["org"] == "Office of Jane Doe"
    assert first["authors"] == ["Jane Doe"]
    assert "cultural-heritage" in first["topics"]
    assert first["paragraphs"][0]["text"] == rows[0]["text"]  # the text as given, not a word lost
    assert first["source"]["path"] is None
    assert first["extraction"]["imported_from"] == {"file": name, "line": 1}
    second = next(r for r in records if r["date"] == "2022-05-06")
    assert second["authors"] == ["Jane Doe", "John Roe"] and second["source"]["org"] == "A Coalition"
    third = next(r for r in records if r["title"] == "Third")
    assert third["source"]["url"] == "https://example.org/third" and third["notes"] == "from a box of letters"
    # indexed: searchable when the command returns
    hits = SearchIndex(settings).search(SearchQuery(" ".join(rows[2]["text"].split()[3:6]).join('""')))
    assert third["id"] in {h.record_id for h in hits.hits}


def test_bad_rows_are_named_by_line_and_the_rest_goes_on(settings: Settings, tmp_path: Path, rows: list[dict]) -> None:
    source = write_jsonl(tmp_path / "mixed.jsonl", [
        rows[0],
        "{not json",
        json.dumps(["a", "list"]),
        {"title": "no text"},
        {"text": "   "},
        {"text": rows[1]["text"], "date": "March 2021"},
        {"text": rows[1]["text"], "doc_type": "memo"},
        {"text": rows[1]["text"], "path": "x.txt"},
        {"path": "missing.txt"},
        rows[2],
    ])
    result = invoke(settings, "import", str(source), "--quiet")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 8, errors
    expected = {2: "not valid JSON", 3: "not a JSON object", 4: "no 'text' and no 'path'", 5: "'text' is empty",
                6: "'March 2021' is not a date", 7: "'memo' is not one of", 8: "both 'text' and 'path'",
                9: "missing.txt: no such file"}
    for line, reason in expected.items():
        assert any(e.startswith(f"error: mixed.jsonl line {line}: ") and reason in e for e in errors), (line, errors)
    assert "Traceback" not in result.output
    assert "2 ingested, 0 unchanged, 8 failed" in result.stderr
    assert len(stored(settings)) == 2


def test_rerun_changes_nothing(settings: Settings, tmp_path: Path, rows: list[dict]) -> None:
    source = write_jsonl(tmp_path / "rows.jsonl", rows)
    assert invoke(settings, "import", str(source), "--quiet").exit_code == 0
    before = stored(settings)
    files = {p.name: p.stat().st_mtime_ns for p in settings.records_dir.iterdir()}
    again = invoke(settings, "import", str(source), "--quiet")
    assert again.exit_code == 0
    assert "0 ingested, 3 unchanged, 0 failed" in again.stderr
    assert stored(settings) == before
    assert {p.name: p.stat().st_mtime_ns for p in settings.records_dir.iterdir()} == files
    assert SearchIndex(settings).record_ids() == set(before)


def test_csv_with_quoted_lines_path_rows_and_map(settings: Settings, tmp_path: Path, rows: list[dict]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "letter.txt").write_bytes(SEED.read_bytes())
    source = tmp_path / "sheet.csv"
    with open(source, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Body", "Headline", "date", "Signed by", "path"])
        out.writerow([rows[0]["text"] + "\n\n" + rows[1]["text"], "Two paragraphs", "2020-01-02", "A. One; B. Two", ""])
        out.writerow(["", "A letter on file", "2019-07-08", "", "docs/letter.txt"])
        out.writerow(["", "", "", "", ""])
        out.writerow([rows[2]["text"], "Bad date", "2020-13-01", "", ""])
        out.writerow(["only", "three", "cells"])
    result = invoke(settings, "import", str(source), "--map", "Body=text", "--map", "Headline=title",
                    "--map", "Signed by=authors", "--quiet")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    # the first row spans lines 2-4 (a quoted cell with a blank line): later rows are named by their own line
    assert any(e.startswith("error: sheet.csv line 7: ") and "'2020-13-01' is not a date" in e for e in errors), errors
    assert any(e.startswith("error: sheet.csv line 8: ") and "3 cells" in e for e in errors), errors
    assert len(errors) == 2
    records = {r["title"]: r for r in stored(settings).values()}
    two = records["Two paragraphs"]
    assert [p["text"] for p in two["paragraphs"]] == [rows[0]["text"], rows[1]["text"]]
    assert two["authors"] == ["A. One", "B. Two"]
    letter = records["A letter on file"]
    assert letter["source"]["path"].endswith("docs/letter.txt")
    assert letter["date"] == "2019-07-08"
    assert letter["source"]["sha256"] and (settings.originals_dir / letter["source"]["sha256"]).read_bytes() == SEED.read_bytes()


def test_unusable_file_and_map_are_one_line_errors(settings: Settings, tmp_path: Path) -> None:
    odd = tmp_path / "rows.txt"
    odd.write_text("hello", encoding="utf-8")
    result = invoke(settings, "import", str(odd))
    assert result.exit_code == 1 and "not a .jsonl, .jsonl.gz or .csv file" in result.stderr
    missing = invoke(settings, "import", str(tmp_path / "none.jsonl"))
    assert missing.exit_code == 1 and "none.jsonl: cannot be read" in missing.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,title\ncaf\xe9 au lait,one\n".encode("latin-1"))
    bad_encoding = invoke(settings, "import", str(latin))
    assert bad_encoding.exit_code == 1 and "not UTF-8 text" in bad_encoding.stderr
    bad_map = invoke(settings, "import", str(odd), "--map", "member")
    assert bad_map.exit_code == 2 and "expected SRC=DEST" in bad_map.stderr
    unknown_dest = invoke(settings, "import", str(odd), "--map", "member=speaker")
    assert unknown_dest.exit_code == 2 and "'speaker' is not a record field" in unknown_dest.stderr
    for each in (result, missing, bad_encoding, bad_map, unknown_dest):
        assert "Traceback" not in each.output


def test_unknown_columns_are_named_once(settings: Settings, tmp_path: Path, rows: list[dict]) -> None:
    source = write_jsonl(tmp_path / "rows.jsonl", rows)
    result = invoke(settings, "import", str(source), "--quiet")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: rows.jsonl: column 'office' is not a record field and is passed over "
                        "(--map office=FIELD reads it as one)"]


def test_an_import_syncs_the_disk_once_a_task_not_four_times_a_record(settings: Settings, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Grouped writes: each task's originals and record files are made durable together (one syncfs,
    or an fsync of each file where there is none) and the two folders synced once, instead of an
    fsync of each file and of its folder for each original and each record (four a record)."""
    import os

    from archive import fsutil

    texts = [f"{p} (copy {n} of the rows)" for n in range(8) for p in seed_paragraphs()][:24]
    source = write_jsonl(tmp_path / "rows.jsonl", [{"text": t} for t in texts])
    syncs: list[str] = []
    fsync, syncfs = os.fsync, fsutil._syncfs
    monkeypatch.setattr(os, "fsync", lambda fd: (syncs.append("fsync"), fsync(fd))[1])
    if syncfs is not None:
        monkeypatch.setattr(fsutil, "_syncfs", lambda fd: (syncs.append("syncfs"), syncfs(fd))[1])
    result = invoke(settings, "import", str(source), "--quiet")
    assert result.exit_code == 0, result.output
    store = Store(settings)
    assert len(store.ids()) == 24
    assert all(store.get(i).paragraphs for i in store.ids())
    assert not store.temp_files()
    # 24 records in tasks of 16: two tasks (a few syncs each) plus the index's own files
    assert len(syncs) < 24, syncs


def test_a_task_that_fails_part_way_leaves_no_temp_file_and_no_torn_record(settings: Settings, tmp_path: Path) -> None:
    """A write that fails in the middle of a task's grouped write (here the third record's: a folder
    stands where its file goes) stops the import with the records before it stored whole, and no
    temp file of the group left behind."""
    texts = [f"{p} (copy {n} of the rows)" for n in range(2) for p in seed_paragraphs()][:6]
    source = write_jsonl(tmp_path / "rows.jsonl", [{"text": t} for t in texts])
    trial = settings.replace(data_dir=tmp_path / "trial")
    assert invoke(trial, "import", str(source), "--quiet").exit_code == 0
    ids = sorted(Store(trial).ids())
    assert len(ids) == 6
    blocked = ids[2]
    (settings.records_dir / f"{blocked}.yaml").mkdir(parents=True)
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "import", str(source), "--quiet"])
    assert result.exit_code != 0
    store = Store(settings)
    assert not store.temp_files()
    kept = [i for i in store.ids() if store.exists(i)]
    assert blocked not in kept and len(kept) < 6
    for record_id in kept:  # whole: as the trial import stored it
        assert store.get(record_id).to_dict() == Store(trial).get(record_id).to_dict() | {
            "ingested_at": store.get(record_id).ingested_at}


def test_a_worker_reads_every_task_with_the_vocabularies_it_kept(settings: Settings) -> None:
    """Each task brings the vocabularies (a worker may join at any time); a worker reads with the copy
    it kept, so the name finder and topic patterns compiled from it serve every task, and the records
    are those of the copy each task brought."""
    import pickle

    from archive import load_vocabulary
    from ingest import Item
    from ingest.enrich.entities import name_finder
    from webapp import bulk

    vocab = load_vocabulary(settings.vocab_dir)
    key = bulk._fingerprint(vocab)
    text = seed_paragraphs()[0].encode("utf-8")
    first_copy, second_copy = pickle.loads(pickle.dumps(vocab)), pickle.loads(pickle.dumps(vocab))
    first = bulk._read_items([Item("a line 1", text)], settings, first_copy, key)
    finder = name_finder(first_copy)
    second = bulk._read_items([Item("a line 2", text)], settings, second_copy, key)
    assert name_finder(bulk._kept_vocab[key]) is finder and bulk._kept_vocab[key] is first_copy
    plain = bulk._read_items([Item("a line 3", text)], settings, second_copy)
    assert first[0].record and second[0].record and plain[0].record
    assert first[0].record.entities == second[0].record.entities == plain[0].record.entities
    assert first[0].record.topics == second[0].record.topics == plain[0].record.topics
