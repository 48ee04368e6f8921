"""Hostile files (tests/data/hostile/): each gets a clear refusal naming the file, or, for the
files whose payload is only text, a record that keeps the text as data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Store
from ingest import CorruptFile, EmptyDocument, IngestError, TooLarge, Undecodable, read_document
from webapp.cli import main

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

REFUSED = {
    "binary-named.pdf": CorruptFile,
    "empty.txt": EmptyDocument,
    "invalid-utf8.txt": Undecodable,
    "only-whitespace.html": EmptyDocument,
    "pdf-huge-page-count.pdf": TooLarge,
    "pdf-stream-bomb.pdf": TooLarge,
    "pdf-bad-ascii85.pdf": CorruptFile,
    "truncated.pdf": CorruptFile,
    "zip-bomb.docx": CorruptFile,
    "zip-bomb-lying-header.docx": CorruptFile,
}
XSS_FILES = ["xss.html", "xss.txt", "xss.md", "xss.docx", "xss-sidecar.txt"]


def test_the_committed_corpus_matches_its_generator(tmp_path):
    make_hostile.write_committed(tmp_path)
    for name in make_hostile.COMMITTED:
        assert (tmp_path / name).read_bytes() == (HOSTILE / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_with_its_name_and_reason(name, settings):
    path = HOSTILE / name
    with pytest.raises(IngestError) as caught:
        read_document(path, settings, shown=f"hostile/{name}")
    err = caught.value
    assert isinstance(err, REFUSED[name]), f"{name}: {type(err).__name__}: {err}"
    assert err.path == f"hostile/{name}"
    assert str(err).startswith(f"hostile/{name}: ")
    assert len(err.reason) > 10 and "Traceback" not in err.reason


@pytest.mark.parametrize("name", XSS_FILES)
def test_markup_in_a_document_is_kept_as_text(name, settings):
    record = read_document(HOSTILE / name, settings).record
    assert record.title == make_hostile.SCRIPT
    text = "\n".join(p.text for p in record.paragraphs)
    # the payloads are data: kept as the characters the document shows, never turned into markup
    assert make_hostile.IMG in text or make_hostile.IMG in (record.source.org or "")
    assert "alert(1)" in text


def test_sidecar_payloads_stay_plain_field_values(settings):
    record = read_document(HOSTILE / "xss-sidecar.txt", settings).record
    assert record.source.org == make_hostile.IMG
    assert record.authors == [make_hostile.PAYLOADS[2]]


def test_cyclic_page_tree_reads_each_page_once(settings):
    try:
        record = read_document(HOSTILE / "pdf-cyclic-page-tree.pdf", settings).record
    except IngestError as exc:
        assert "pdf-cyclic-page-tree.pdf" in str(exc)
        return
    texts = [p.text for p in record.paragraphs]
    assert len(texts) == len(set(texts)), "a page read more than once"


def test_a_200_mb_file_is_refused_without_being_read(tmp_path, settings):
    path = make_hostile.make_big("huge-200mb.txt", tmp_path)
    assert path.stat().st_size == 200 * 1024 * 1024
    with pytest.raises(TooLarge) as caught:
        read_document(path, settings, shown="big/huge-200mb.txt")
    assert caught.value.path == "big/huge-200mb.txt"
    assert "200" in caught.value.reason and "max_file_mb" in caught.value.reason


def test_a_deep_pdf_page_tree_is_refused(tmp_path, settings):
    path = make_hostile.make_big("deep-page-tree.pdf", tmp_path)
    with pytest.raises(IngestError) as caught:
        read_document(path, settings, shown="big/deep-page-tree.pdf")
    assert caught.value.path == "big/deep-page-tree.pdf"


def test_deeply_nested_html_gives_a_record_or_a_clear_refusal(tmp_path, settings):
    # 3,000 levels: deeper trees work too but take minutes (reported: quadratic byline search)
    path = tmp_path / "nested.html"
    path.write_bytes(make_hostile.nested_html(3000))
    try:
        record = read_document(path, settings, shown="big/nested.html").record
    except IngestError as exc:
        assert exc.path == "big/nested.html" and exc.reason
    else:
        assert record.paragraphs


def test_a_symlink_out_of_the_ingested_folder_is_refused(tmp_path, settings):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "private.txt"
    secret.write_text("A private note that lives outside the folder being ingested, and must stay out.\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    make_hostile.make_escaping_symlink(inbox, secret)
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", str(inbox)])
    assert result.exit_code == 1
    assert "escape.txt" in result.output
    assert len(Store(settings)) == 0


def test_cli_ingest_of_the_hostile_folder_names_each_refusal(settings, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in [*REFUSED, *XSS_FILES, "xss-sidecar.txt.meta.yaml"]:
        (folder / name).write_bytes((HOSTILE / name).read_bytes())
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    for name in REFUSED:
        assert f"{name}: " in result.output, name
    store = Store(settings)
    stored = sorted(Path(r.source.path).name for r in store)
    assert stored == sorted(XSS_FILES)
    originals = sorted(p.name for p in settings.originals_dir.iterdir())
    assert originals == sorted(r.source.sha256 for r in store)  # stored by hash, nothing else
    assert not [p for p in settings.records_dir.iterdir() if p.name.startswith(".")]  # no temp files left


def test_nothing_is_written_outside_the_data_folder(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in XSS_FILES:
        (folder / name).write_bytes((HOSTILE / name).read_bytes())
    before = set(os.listdir(tmp_path))
    CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", str(folder)])
    assert set(os.listdir(tmp_path)) == before
    assert sorted(os.listdir(folder)) == sorted(XSS_FILES)
