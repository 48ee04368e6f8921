"""Issue 14: editors correct a record's metadata (title, date with precision, doc_type, org, url,
authors, recipients) on an edit page with a JSON twin; corrections are audited, kept through
re-ingest and retagging, shown on the document page as corrected by an editor, and searchable."""

from __future__ import annotations

import re

from click.testing import CliRunner

from archive import Store
from webapp import auth
from webapp.cli import main as cli_main
from webapp.jobs import ingest_paths

from auth_helpers import csrf_token_from, page_csrf_token
from paths import CORPUS


def _letter(store: Store):
    return next(r for r in store if r.doc_type == "letter")


def _form(client, record_id: str, **changes) -> dict:
    page = client.get(f"/records/{record_id}/edit").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page)}
    for name in ("title", "date", "org", "url"):
        match = re.search(rf'name="{name}" value="([^"]*)"', page)
        form[name] = match.group(1) if match else ""
    form["doc_type"] = re.search(r'name="doc_type">.*?<option value="([^"]+)" selected', page, re.S).group(1)
    form["date_precision"] = re.search(r'name="date_precision">.*?<option value="([^"]+)" selected', page, re.S).group(1)
    for name in ("authors", "recipients"):
        form[name] = re.search(rf'name="{name}"[^>]*>([^<]*)</textarea>', page).group(1)
    form.update(changes)
    return form


def test_an_editor_corrects_metadata_through_the_form(client, web_store, web_settings):
    record = _letter(web_store)
    form = _form(client, record.id, title="A corrected title", date="2023-10", date_precision="month",
                 recipients="Antony Blinken\nSamantha Power")
    resp = client.post(f"/records/{record.id}/edit", data=form)
    assert resp.status_code == 302
    stored = Store(web_settings).get(record.id)
    assert stored.title == "A corrected title"
    assert stored.date == "2023-10" and stored.date_source == "editor"
    assert stored.recipients == ["Antony Blinken", "Samantha Power"]
    assert sorted(stored.corrections) == ["date", "recipients", "title"]  # unchanged fields are not corrections
    page = client.get(f"/records/{record.id}").get_data(as_text=True)
    assert "A corrected title" in page and "October 2023" in page
    assert "Corrected by an editor: title, date, recipients" in page
    assert page.count("(corrected by an editor)") == 2  # date and recipients rows (the title has the notice)
    entries, _ = auth.read_audit(web_settings, action="record.correct")
    assert entries and entries[0].target == record.id and "recipients" in entries[0].detail
    hits = client.get("/api/search?q=title:corrected").get_json()
    assert any(h["record_id"] == record.id for h in hits["hits"])


def test_the_json_twin_reads_and_corrects(client, web_store, web_settings):
    record = _letter(web_store)
    data = client.get(f"/api/records/{record.id}/edit").get_json()
    assert data["id"] == record.id and data["values"]["title"] == record.title
    assert "letter" in data["doc_types"] and data["precisions"] == ["day", "month", "year"]
    token = page_csrf_token(client, f"/records/{record.id}/edit")
    resp = client.post(f"/api/records/{record.id}/edit", headers={"X-CSRFToken": token},
                       json={"doc_type": "statement", "authors": ["Adam B. Schiff"], "url": "https://example.org/x"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    body = resp.get_json()
    assert sorted(body["changed"]) == ["authors", "doc_type", "url"]
    assert body["values"]["doc_type"] == "statement"
    assert client.get(f"/api/records/{record.id}").get_json()["corrections"]["authors"] == ["Adam B. Schiff"]


def test_bad_corrections_are_refused_by_field_and_nothing_is_written(client, web_store, web_settings):
    record = _letter(web_store)
    before = Store(web_settings).path_for(record.id).read_bytes()
    token = page_csrf_token(client, f"/records/{record.id}/edit")
    for body, field in [({"date": "2023-13-01"}, "date"), ({"date": "2023", "date_precision": "week"}, "date_precision"),
                        ({"doc_type": "memo"}, "doc_type"), ({"title": "  "}, "title"),
                        ({"url": "javascript:alert(1)"}, "url"), ({"authors": [["nested"]]}, "authors")]:
        resp = client.post(f"/api/records/{record.id}/edit", headers={"X-CSRFToken": token}, json=body)
        assert resp.status_code == 400, body
        assert resp.get_json()["error"].startswith(f"{field}:"), resp.get_json()
    page = client.post(f"/records/{record.id}/edit", data=_form(client, record.id, date="March 5"))
    assert page.status_code == 400 and "is not a date like" in page.get_data(as_text=True)
    assert Store(web_settings).path_for(record.id).read_bytes() == before


def test_readers_cannot_correct_and_a_post_needs_its_csrf_token(reader, client, web_store):
    record = _letter(web_store)
    assert reader.get(f"/records/{record.id}/edit").status_code == 403
    assert reader.post(f"/api/records/{record.id}/edit", json={"title": "x"}).status_code in (400, 403)
    assert client.post(f"/api/records/{record.id}/edit", json={"title": "x"}).status_code == 400  # no token
    assert "Correct the metadata" not in reader.get(f"/records/{record.id}").get_data(as_text=True)


def test_corrections_survive_retag_and_reingest_of_new_bytes(client, web_settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    source = next(p for p in sorted((CORPUS / "congress").glob("*.txt")))
    copy = folder / "statement.txt"
    copy.write_text(source.read_text(encoding="utf-8") + "\nA copy kept in another folder.\n", encoding="utf-8")
    report = ingest_paths([copy], web_settings)
    record_id = report.results[0].record_id
    token = page_csrf_token(client, f"/records/{record_id}/edit")
    resp = client.post(f"/api/records/{record_id}/edit", headers={"X-CSRFToken": token},
                       json={"title": "An editor's title", "date": "2016", "date_precision": "year"})
    assert resp.status_code == 200
    result = CliRunner().invoke(cli_main, ["--data", str(web_settings.data_dir), "retag"])
    assert result.exit_code == 0, result.output
    kept = Store(web_settings).get(record_id)
    assert (kept.title, kept.date, kept.date_source) == ("An editor's title", "2016", "editor")
    copy.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added in a later version of the file.\n",
                    encoding="utf-8")
    again = ingest_paths([copy], web_settings).results[0]
    assert again.status == "replaced"
    replaced = Store(web_settings).get(again.record_id)
    assert replaced.id != record_id
    assert (replaced.title, replaced.date) == ("An editor's title", "2016")
    assert replaced.corrections == {"title": "An editor's title", "date": "2016"}
    assert "later version" in replaced.text
