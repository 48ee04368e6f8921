"""Draft check (issue 16): letters read (text, Markdown, Word), quotations located and classified,
traps and figures, the CLI contract, the web page and its JSON twin, the Word export, bad input,
and the real case of seed 004 against the 2024 State Department report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from search_helpers import make_record

from archive import Store
from ingest.draft import draft_from_text, find_figures, find_quotations, read_draft
from search import SearchIndex
from search.locate import locate_figure, locate_quotation
from webapp.cli import main as cli
from webapp.draftcheck import LetterError, check_draft, checked_docx, read_letter
from webapp.exports import footnotes_of

from auth_helpers import csrf_token_from
from paths import CORPUS, DATA
from webapp_fixtures import app, build_archive, clean_settings, client, reader, web_archive, web_settings  # noqa: F401

LETTERS = DATA / "draftcheck"


def invented_records():
    """Invented paragraphs (not document text) for the checks' positive and trap cases."""
    return [
        make_record("2024-03-01-monitors-aaaaaa", [
            "The monitors said the convoy reached the northern villages on Tuesday morning, but it left within an hour.",
            "The road remained closed to civilian traffic for the rest of the week.",
        ], date="2024-03-01", title="Monitors report"),
        make_record("2024-04-02-inspectors-bbbbbb", [
            "The inspectors counted 14 damaged schools in the district and recommended that repairs begin before winter.",
        ], date="2024-04-02", title="Inspection"),
        make_record("2024-05-01-ministry-cccccc", [
            "There was not a pattern of harassment at the checkpoint, the ministry said.",
        ], date="2024-05-01", title="Ministry statement"),
        make_record("2024-06-01-release-dddddd", [
            "“The convoy reached the northern villages on Tuesday morning,” said Jane Roe.",
        ], date="2024-06-01", title="A release quoting the monitors"),
        make_record("2024-08-01-claims-ffffff", [
            "The governor claimed that the bridge had been rebuilt by the end of the summer season.",
        ], date="2024-08-01", title="Claims"),
        make_record("2024-07-01-shelters-eeeeee", [
            "Some 200 families were moved to shelters in the spring.",
        ], date="2024-07-01", title="Shelters"),
        make_record("2024-09-01-letter-gggggg", [  # a release quoting its own letter, then the letter
            "The mayor wrote to the minister about the valley.",
            "“The rains came early to the valley,” the mayor wrote in her letter. “By the time the floods "
            "receded, four bridges and the old mill were gone.”",
            "Dear Minister:",
            "The rains came early to the valley. By the time the floods receded, four bridges and the old "
            "mill were gone.",
        ], date="2024-09-01", title="Letter on the floods"),
    ]


@pytest.fixture
def invented(tmp_path):
    settings = clean_settings(tmp_path / "data")
    store = Store(settings)
    for record in invented_records():
        store.write(record)
    index = SearchIndex(settings)
    index.rebuild(store, procs=1)
    return settings, store, index


@pytest.fixture(scope="module")
def report_archive(tmp_path_factory):
    """The ANCA release (seed 004) and the 2024 State Department report it quotes, ingested."""
    folder = tmp_path_factory.mktemp("draftcheck") / "data"
    seed = next((CORPUS / "seeds").glob("004_*.txt"))  # each file's sidecar is read beside it
    report = CORPUS / "state-department" / "statedept_2024_azerbaijan.txt"
    return build_archive(folder, [seed, report]), seed


# -- reading letters ---------------------------------------------------------------------------------

def test_markdown_letter_quotations_block_quote_and_scare_quotes():
    paragraphs = read_draft((LETTERS / "letter.md").read_bytes(), "letter.md", 1 << 20)
    quotes = find_quotations(paragraphs)
    texts = [q.text for q in quotes]
    assert texts[0] == "the convoy reached the northern villages on Tuesday morning"
    assert texts[1] == "remained closed to civilian traffic for the rest of the week"  # straight quotes
    block = [q for q in quotes if q.block]
    assert len(block) == 1 and block[0].text.startswith("The inspectors counted 14 damaged schools …")
    assert "routine" not in texts  # a scare quote
    assert "routine" in [q.text for q in find_quotations(paragraphs, min_words=1)]
    assert quotes[0].context.startswith("The monitors wrote that")


def test_word_letter_block_quotes_by_indent_and_style():
    paragraphs = read_draft((LETTERS / "letter.docx").read_bytes(), "letter.docx", 1 << 20)
    assert [p.block for p in paragraphs] == [False, False, True, True, False]
    quotes = find_quotations(paragraphs)
    assert [q.block for q in quotes] == [False, True, True]


def test_text_letter_indented_block_quote():
    paragraphs = read_draft((LETTERS / "letter.txt").read_bytes(), "letter.txt", 1 << 20)
    assert [q.block for q in find_quotations(paragraphs)] == [False, True]


def test_figures_with_units_not_years_or_dates():
    paragraphs = draft_from_text("In March 2024, more than 200 deaths and 120,000 civilians; Section 907 applies; "
                                 "45% of homes; on May 5 nothing else.")
    figures = [(f.text, f.number, f.unit) for f in find_figures(paragraphs)]
    assert figures == [("more than 200 deaths", "200", "deaths"), ("120,000 civilians", "120000", "civilians"),
                       ("45% of homes", "45", "percent of homes")]


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty"),
    ("not-a-letter.bin", "binary"),
])
def test_bad_letters_give_one_clear_message(name, reason, tmp_path):
    settings = clean_settings(tmp_path / "data")
    with pytest.raises(LetterError) as err:
        read_letter((LETTERS / name).read_bytes(), name, settings)
    assert name in str(err.value) and reason in str(err.value)


def test_a_pdf_is_not_a_letter(tmp_path):
    settings = clean_settings(tmp_path / "data")
    pdf = next((DATA / "pdf").glob("*.pdf"))
    with pytest.raises(LetterError, match="text, Markdown or a Word"):
        read_letter(pdf.read_bytes(), pdf.name, settings)


# -- locating ---------------------------------------------------------------------------------------------

def test_exact_match_lists_all_records_and_marks_the_original(invented):
    _, _, index = invented
    found = locate_quotation(index, "the convoy reached the northern villages on Tuesday morning")
    ids = {m.source.record_id: m for m in found}
    assert set(ids) == {"2024-03-01-monitors-aaaaaa", "2024-06-01-release-dddddd"}
    assert ids["2024-03-01-monitors-aaaaaa"].original
    assert ids["2024-06-01-release-dddddd"].quoted_in_source
    assert [t.kind for t in ids["2024-06-01-release-dddddd"].traps] == ["attributed"]
    assert [t.kind for t in ids["2024-03-01-monitors-aaaaaa"].traps] == ["cut_before_qualifier"]


def test_negated_source_sentence_is_flagged(invented):
    _, _, index = invented
    (match,) = locate_quotation(index, "a pattern of harassment at the checkpoint")
    assert match.alignment.status == "exact"
    assert [t.kind for t in match.traps] == ["negated"]


def test_ellipsis_into_the_next_paragraph_is_found(invented):
    _, _, index = invented
    found = locate_quotation(index, "but it left within an hour … The road remained closed to civilian traffic")
    assert [(m.source.record_id, m.source.n, m.alignment.status) for m in found] == [
        ("2024-03-01-monitors-aaaaaa", 1, "exact")]
    assert [p.paragraph for p in found[0].alignment.pieces] == [0, 1]


def test_a_passage_a_record_holds_twice_is_found_where_it_is_whole(invented):
    _, _, index = invented
    found = locate_quotation(index, "early to the valley. By the time the floods receded … the old mill were gone")
    assert [(m.source.record_id, m.source.n, m.alignment.status, m.quoted_in_source) for m in found] == [
        ("2024-09-01-letter-gggggg", 4, "exact", False)]


def test_reported_words_are_flagged(invented):
    _, _, index = invented
    (match,) = locate_quotation(index, "the bridge had been rebuilt by the end of the summer season")
    assert [t.kind for t in match.traps] == ["attributed"]
    assert "claimed that" in match.traps[0].message


def test_changed_number_is_near_with_the_difference(invented):
    _, _, index = invented
    (match,) = locate_quotation(index, "The inspectors counted 41 damaged schools in the district")
    assert match.alignment.status == "near"
    assert [(d.op, d.quoted, d.source) for d in match.alignment.diff if d.op != "equal"] == [("changed", "41", "14")]


def test_fabricated_quotation_is_not_found(invented):
    _, _, index = invented
    assert locate_quotation(index, "the committee praised the swift reopening of every border crossing") == []


def test_figures_supported_or_not(invented):
    _, _, index = invented
    (match,) = locate_figure(index, "200", "families")
    assert match.text.startswith("200 families")
    assert locate_figure(index, "3500", "residents") == []
    assert locate_figure(index, "200", "soldiers") == []


def test_check_of_the_markdown_letter(invented):
    settings, store, index = invented
    paragraphs = read_letter((LETTERS / "letter.md").read_bytes(), "letter.md", settings)
    result = check_draft(settings, store, index, paragraphs, "chicago").to_dict()
    statuses = {q["text"][:30]: q["status"] for q in result["quotes"]}
    assert statuses == {
        "the convoy reached the norther": "exact",
        "remained closed to civilian tr": "exact",
        "The inspectors counted 14 dama": "exact",     # a block quote with an ellipsis
        "a pattern of harassment at the": "exact",
    }
    first = result["quotes"][0]
    assert set(first["matches"][0]) >= {"record_id", "paragraph", "status", "similarity", "diff", "citation"}
    assert first["matches"][0]["citation"].startswith("Test Organization")
    assert [t["kind"] for t in result["quotes"][3]["traps"]] == ["negated"]
    assert [(f["text"], f["status"]) for f in result["figures"]] == [
        ("More than 200 families", "supported"), ("3,500 residents", "not_found")]


def test_word_export_has_a_footnote_per_verified_quotation(invented):
    settings, store, index = invented
    paragraphs = read_letter((LETTERS / "letter.docx").read_bytes(), "letter.docx", settings)
    check = check_draft(settings, store, index, paragraphs, "chicago")
    assert [q.status for q in check.quotes] == ["exact", "exact", "not_found"]
    data = checked_docx(check)
    notes = footnotes_of(data)
    assert len(notes) == 2 and all("Test Organization" in n for n in notes)
    doc = Document(io.BytesIO(data))
    assert [p.text for p in doc.paragraphs] == [p.text for p in paragraphs]
    assert doc.paragraphs[2].style.name == "Quote"


# -- the real case ----------------------------------------------------------------------------------------

def test_seed_004_quotes_the_report_without_its_colon(report_archive):
    settings, seed = report_archive
    store, index = Store(settings), SearchIndex(settings)
    paragraphs = read_letter(seed.read_bytes(), seed.name, settings)
    check = check_draft(settings, store, index, paragraphs, "chicago")
    quote = next(q for q in check.quotes if q.quote.text.startswith("credible reports of arbitrary"))
    assert quote.status == "near"  # the release itself holds it verbatim, but it quotes the report
    original = next(m for m in quote.matches if m["original"])
    assert "2024-human-rights-report" in original["record_id"]
    assert original["status"] == "near"
    assert original["changes"] == [{"op": "missing", "quoted": "", "source": ":"}]
    assert "credible reports of {-:-} arbitrary" in original["diff"]


# -- the command line -------------------------------------------------------------------------------------

def test_cli_json_contract_and_exit_code(invented, tmp_path):
    settings, _, _ = invented
    runner = pytest.importorskip("click.testing").CliRunner()
    done = runner.invoke(cli, ["--data", str(settings.data_dir), "check-draft", str(LETTERS / "letter.txt"), "--json",
                               "--style", "apa"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert [q["status"] for q in data["quotes"]] == ["exact", "exact"]
    assert data["quotes"][0]["matches"][0]["citation"]
    text = runner.invoke(cli, ["--data", str(settings.data_dir), "check-draft", str(LETTERS / "letter.docx")])
    assert text.exit_code == 1  # one quotation is not in the archive
    assert "3. NOT FOUND: “a pattern of harassment at the checkpoint, which officials did not deny”" in text.output
    assert "Summary: 2 exact, 0 near, 1 not found" in text.output


def test_cli_bad_input_one_line_and_nothing_stored(invented, tmp_path):
    settings, _, _ = invented
    before = sorted(p.name for p in settings.records_dir.iterdir())
    runner = pytest.importorskip("click.testing").CliRunner()
    big = tmp_path / "big.txt"
    big.write_text("word " * (3 * 1024 * 1024 // 5), encoding="utf-8")
    for path, reason in ((LETTERS / "empty.txt", "empty"), (LETTERS / "not-a-letter.bin", "binary"),
                         (big, "limit"), (tmp_path / "missing.txt", "cannot be read")):
        done = runner.invoke(cli, ["--data", str(settings.data_dir), "check-draft", str(path)])
        assert done.exit_code == 2
        lines = done.output.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and reason in lines[0], done.output
        assert "Traceback" not in done.output
    assert sorted(p.name for p in settings.records_dir.iterdir()) == before


# -- the web ----------------------------------------------------------------------------------------------

def _token(client) -> str:  # noqa: F811
    return csrf_token_from(client.get("/check").get_data(as_text=True))


def test_web_check_page_and_json_twin(reader):  # noqa: F811
    token = _token(reader)
    letter = Path(LETTERS / "letter.txt").read_text(encoding="utf-8")
    resp = reader.post("/api/check", json={"text": letter, "style": "mla"}, headers={"X-CSRFToken": token})
    assert resp.status_code == 200
    data = resp.get_json()
    assert set(data) >= {"quotes", "figures"}
    assert [q["status"] for q in data["quotes"]] == ["not_found", "not_found"]  # not in the seed archive
    page = reader.post("/check", data={"text": letter, "csrf_token": token})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Not found" in html and "the convoy reached" in html


def test_web_upload_and_export(reader):  # noqa: F811
    token = _token(reader)
    docx_bytes = (LETTERS / "letter.docx").read_bytes()
    resp = reader.post("/api/check", data={"file": (io.BytesIO(docx_bytes), "letter.docx")},
                       headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert resp.status_code == 200
    assert [q["block"] for q in resp.get_json()["quotes"]] == [False, True, True]
    export = reader.post("/check/export", data={"text": "No quotations here.", "csrf_token": token})
    assert export.status_code == 200
    assert Document(io.BytesIO(export.data)).paragraphs[0].text == "No quotations here."


def test_web_bad_input(reader, app):  # noqa: F811
    token = _token(reader)
    for body in ({"text": ""}, {"text": "x " * (3 * 1024 * 1024)}):
        resp = reader.post("/api/check", json=body, headers={"X-CSRFToken": token})
        assert resp.status_code == 400
        assert resp.get_json()["error"].startswith("the ")
    resp = reader.post("/api/check", data={"file": (io.BytesIO(b"\x00\x01\x02\x00"), "x.bin")},
                       headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "x.bin" in resp.get_json()["error"]
    page = reader.post("/check", data={"text": " ", "csrf_token": token})
    assert page.status_code == 400 and "paste its text" in page.get_data(as_text=True)
