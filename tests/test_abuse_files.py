"""Issue 12: files that cost too much (PDF bombs past the old guard, a YAML alias bomb in a sidecar,
a long file name, hard-wrapped text): each is refused by name or read in bounded time; the batch goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Store
from ingest import IngestError, SidecarError, TooLarge, read_document
from ingest.metafile import parse_sidecar
from webapp.cli import main

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

PDF_BOMBS = {
    "pdf-chain-bomb.pdf": "inflates past",
    "pdf-lzw-bomb.pdf": "LZW stream decodes past",
    "pdf-object-stream-bomb.pdf": "inflates past",
    "pdf-image-bomb.pdf": "megapixels",
}


@pytest.mark.parametrize("name", sorted(PDF_BOMBS))
def test_a_pdf_bomb_is_refused_before_it_is_decoded(name, settings):
    with pytest.raises(TooLarge) as caught:
        read_document(HOSTILE / name, settings, shown=f"hostile/{name}")
    assert str(caught.value).startswith(f"hostile/{name}: ")
    assert PDF_BOMBS[name] in caught.value.reason
    assert "setting pdf_max" in caught.value.reason


def test_a_run_length_bomb_is_refused(tmp_path, settings):
    path = make_hostile.make_big("pdf-runlength-bomb.pdf", tmp_path)
    with pytest.raises(TooLarge) as caught:
        read_document(path, settings, shown="big/pdf-runlength-bomb.pdf")
    assert "run-length stream decodes past" in caught.value.reason


def test_the_bombs_really_decode_that_large():
    """The test files are what they claim: without the guard, pdfminer's own decoders give 100 MB."""
    from pdfminer.lzw import lzwdecode

    assert len(lzwdecode(make_hostile.lzw_encode_run(0x20, 3 << 20))) == 3 << 20
    assert make_hostile.alias_bomb_sidecar().count(b"*a") == 8 * 9


def test_the_stream_limit_is_a_setting(settings, tmp_path):
    """Under a higher limit the chain bomb decodes (and holds no text): the bound is the setting."""
    from archive import load_settings

    roomy = load_settings(settings.data_dir, pdf_max_stream_mb=200)
    with pytest.raises(IngestError) as caught:
        read_document(HOSTILE / "pdf-chain-bomb.pdf", roomy, shown="chain.pdf")
    assert not isinstance(caught.value, TooLarge)
    assert "no text" in caught.value.reason


def test_a_sidecar_alias_bomb_is_refused_by_name(settings):
    with pytest.raises(SidecarError) as caught:
        read_document(HOSTILE / "alias-bomb.txt", settings)
    assert caught.value.path.endswith("alias-bomb.txt.meta.yaml")
    assert "aliases" in caught.value.reason


@pytest.mark.parametrize(("text", "words"), [
    ("notes: [a, b]\n", "field 'notes' must be text"),
    ("notes: " + "x" * 20_001 + "\n", "over the limit of 20,000"),
    ("authors: [" + ", ".join(["A. Name"] * 101) + "]\n", "over the limit of 100"),
    ("authors: [[nested]]\n", "must be a list of names"),
    ("recipients: ['" + "y" * 301 + "']\n", "over 300 characters"),
    ("source: {a: 1}\n", "field 'source' must be text"),
    ("title: x\n" + "#" * (70 * 1024) + "\n", "over 64 KB"),
])
def test_every_sidecar_field_is_type_checked_and_bounded(text, words):
    with pytest.raises(SidecarError) as caught:
        parse_sidecar(text.encode(), "doc.meta.yaml")
    assert words in caught.value.reason, caught.value.reason
    assert str(caught.value).startswith("doc.meta.yaml: ")


def test_a_good_sidecar_still_reads():
    data = parse_sidecar(b"title: A title\nauthors: [One, Two]\ndate: 2024-03-05\nnotes: where it came from\n", "x")
    assert data == {"title": "A title", "authors": ["One", "Two"], "date": "2024-03-05", "notes": "where it came from"}


def test_the_batch_goes_on_past_an_alias_bomb_and_a_long_file_name(settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("alias-bomb.txt", "alias-bomb.txt.meta.yaml", "xss.txt"):
        (folder / name).write_bytes((HOSTILE / name).read_bytes())
    long_name = "n" * 246 + ".txt"  # 250 characters: with ".meta.yaml" too long for the file system
    (folder / long_name).write_text("A statement filed under a very long name, read like any other.\n")
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "OSError" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and "alias-bomb.txt.meta.yaml" in errors[0], result.output
    stored = sorted(Path(r.source.path).name for r in Store(settings))
    assert stored == sorted([long_name, "xss.txt"])


def test_hard_wrapped_text_unwraps_into_its_paragraph_whole():
    """The hostile shape (no blank lines, one width) gives one paragraph holding every word once;
    a line-end hyphen inside it is still joined."""
    from ingest import text_clean as tc

    data = make_hostile.hard_wrapped_text(0.05).decode()
    lines = data.split("\n")[1:]
    lines[10] = lines[10] + " detain-"
    lines[11] = "ees " + lines[11]
    paragraphs = tc.unwrap(lines, {"detainees"})
    assert len(paragraphs) == 1
    assert "detainees" in paragraphs[0] and "detain-" not in paragraphs[0]
    assert paragraphs[0].split() == " ".join(lines).replace("detain- ees", "detainees").split()


def test_mending_split_sentences_joins_a_long_run_of_pieces_once():
    from ingest import text_clean as tc

    pieces = ["A sentence that a page break cut " + "x" * 120] + [f"continued part {i}" for i in range(2000)] + ["Next."]
    mended = tc.mend_split_sentences(pieces)
    assert mended == [" ".join(pieces[:-1]), "Next."]
