"""Drafts: create, add quotes and paragraphs, note, reorder, remove, rename, export; per user."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from docx import Document

from webapp.exports import footnotes_of

from auth_helpers import create_user, csrf_token_from, login
from webapp_fixtures import PASSWORD


def token(client, url: str = "/drafts") -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


def a_paragraph(client, web_store, q: str = "prisoners of war"):
    hit = client.get("/api/search", query_string={"q": q}).get_json()["hits"][0]
    record = web_store.get(hit["record_id"])
    return record, record.paragraph(hit["paragraph"])


def new_draft(client, name: str) -> int:
    resp = client.post("/drafts", data={"name": name, "csrf_token": token(client)})
    assert resp.status_code == 303
    return int(re.search(r"/drafts/(\d+)", resp.headers["Location"]).group(1))


def add(client, draft_id, ref, quote="", note=""):
    page = client.get("/drafts/add", query_string={"ref": ref, "quote": quote}).get_data(as_text=True)
    return client.post("/drafts/add", data={"ref": ref, "quote": quote, "note": note, "draft_id": str(draft_id),
                                            "csrf_token": csrf_token_from(page)})


def test_a_researcher_builds_and_exports_a_draft(client, web_store):
    record, para = a_paragraph(client, web_store)
    ref = f"{record.id}#p{para.n}"
    quote = " ".join(para.text.split()[:9])
    draft_id = new_draft(client, "Letter on detainees")
    resp = add(client, draft_id, ref, quote, note="opening line")
    assert resp.status_code == 303 and f"/drafts/{draft_id}#item-" in resp.headers["Location"]
    assert add(client, draft_id, f"{record.id}#p1").status_code == 303

    data = client.get(f"/api/drafts/{draft_id}").get_json()
    assert [i["kind"] for i in data["items"]] == ["quote", "paragraph"]
    first, second = data["items"]
    assert first["text"] == quote and first["note"] == "opening line"
    assert second["text"] == record.paragraph(1).text
    assert record.title[:15].lower() in first["citation"].lower()

    html = client.get(f"/drafts/{draft_id}").get_data(as_text=True)
    assert f"“{quote}”" in html.replace("&#34;", '"')

    # reorder, note, rename
    tok = token(client, f"/drafts/{draft_id}")
    client.post(f"/drafts/{draft_id}/items/{second['id']}/move", data={"direction": "up", "csrf_token": tok})
    client.post(f"/drafts/{draft_id}/items/{first['id']}/note", data={"note": "now second", "csrf_token": tok})
    client.post(f"/drafts/{draft_id}/rename", data={"name": "Letter to the Committee", "csrf_token": tok})
    data = client.get(f"/api/drafts/{draft_id}").get_json()
    assert [i["id"] for i in data["items"]] == [second["id"], first["id"]]
    assert data["items"][1]["note"] == "now second" and data["name"] == "Letter to the Committee"

    # Word: the quote is in the body, its footnote names the document, a bibliography follows
    resp = client.get(f"/drafts/{draft_id}/export?format=docx&style=chicago")
    assert resp.status_code == 200 and resp.headers["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(resp.get_data()))
    body = [p.text for p in doc.paragraphs]
    assert f"“{quote}”" in body
    assert "Bibliography" in body
    notes = footnotes_of(resp.get_data())
    assert len(notes) == 2
    assert record.title[:15].lower() in notes[1].lower() and f"para. {para.n}" in notes[1]

    md = client.get(f"/drafts/{draft_id}/export?format=markdown").get_data(as_text=True)
    assert md.startswith("# Letter to the Committee") and "[^1]:" in md and "[^2]:" in md
    assert "## Bibliography" in md

    csl = json.loads(client.get(f"/drafts/{draft_id}/export?format=csljson").get_data(as_text=True))
    assert [item["id"] for item in csl] == [record.id]
    assert csl[0]["title"] == record.title

    # remove, then delete
    client.post(f"/drafts/{draft_id}/items/{first['id']}/remove", data={"csrf_token": tok})
    assert len(client.get(f"/api/drafts/{draft_id}").get_json()["items"]) == 1
    assert "cannot be brought back" in client.get(f"/drafts/{draft_id}/delete").get_data(as_text=True)
    assert client.get(f"/api/drafts/{draft_id}").status_code == 200  # asking deletes nothing
    client.post(f"/drafts/{draft_id}/delete", data={"csrf_token": tok})
    assert client.get(f"/api/drafts/{draft_id}").status_code == 404


def test_in_text_styles_export_without_footnotes(client, web_store):
    record, para = a_paragraph(client, web_store)
    quote = " ".join(para.text.split()[:7])
    draft_id = new_draft(client, "APA draft")
    add(client, draft_id, f"{record.id}#p{para.n}", quote)
    data = client.get(f"/drafts/{draft_id}/export?format=docx&style=apa").get_data()
    assert footnotes_of(data) == []
    body = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    quoted = next(t for t in body if t.startswith(f"“{quote}”"))
    assert f"para. {para.n})" in quoted  # the in-text citation follows the quote
    md = client.get(f"/drafts/{draft_id}/export?format=markdown&style=apa").get_data(as_text=True)
    assert "[^1]" not in md and f"para. {para.n})" in md


def test_a_quote_not_in_the_paragraph_is_refused_and_nothing_is_added(client, web_store):
    record, para = a_paragraph(client, web_store)
    draft_id = new_draft(client, "Check")
    resp = add(client, draft_id, f"{record.id}#p{para.n}", quote="words the document never used at all")
    assert resp.status_code == 303
    assert "does not occur" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/api/drafts/{draft_id}").get_json()["items"] == []


def test_drafts_are_private_to_their_owner(app, client, reader, web_store):
    draft_id = new_draft(client, "Mine")
    assert reader.get(f"/api/drafts/{draft_id}").status_code == 404
    assert reader.get("/api/drafts").get_json()["drafts"] == []
    assert client.get("/api/drafts").get_json()["drafts"][0]["name"] == "Mine"


def test_drafts_persist_in_the_database_across_app_instances(client, web_settings):
    from webapp import create_app

    draft_id = new_draft(client, "Kept")
    other = create_app({"SETTINGS": web_settings, "TESTING": True}).test_client()
    login(other, "ed", PASSWORD)
    assert other.get(f"/api/drafts/{draft_id}").get_json()["name"] == "Kept"


def test_json_api_adds_and_reorders(client, web_store):
    record, _para = a_paragraph(client, web_store)
    tok = token(client)
    headers = {"X-CSRFToken": tok}
    draft = client.post("/api/drafts", json={"name": "API draft"}, headers=headers).get_json()
    ids = []
    for n in (1, 2):
        resp = client.post(f"/api/drafts/{draft['id']}/items", json={"ref": f"{record.id}#p{n}", "note": f"n{n}"},
                           headers=headers)
        assert resp.status_code == 201
        ids.append(resp.get_json()["id"])
    data = client.post(f"/api/drafts/{draft['id']}/order", json={"order": ids[::-1]}, headers=headers).get_json()
    assert [i["id"] for i in data["items"]] == ids[::-1]
    bad = client.post(f"/api/drafts/{draft['id']}/order", json={"order": ids[:1]}, headers=headers)
    assert bad.status_code == 400 and "order" in bad.get_json()["error"]
    empty = client.post("/api/drafts", json={"name": "  "}, headers=headers)
    assert empty.status_code == 400 and empty.get_json()["error"].startswith("name")



# -- the audit log ---------------------------------------------------------------------------------

_AUDIT_ROW = re.compile(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>")


@pytest.fixture
def admin(app, web_settings):
    create_user(web_settings, "ada", "admin", PASSWORD)
    client = app.test_client()
    login(client, "ada", PASSWORD)
    return client


def audit_rows(admin, actor: str) -> list[tuple[str, str, str, dict]]:
    """(who, what, target, detail) of the draft changes shown on /admin/audit, oldest first."""
    resp = admin.get("/admin/audit", query_string={"actor": actor})
    assert resp.status_code == 200
    rows = [[html.unescape(cell) for cell in row] for row in _AUDIT_ROW.findall(resp.get_data(as_text=True))]
    assert all(at.endswith("Z") for at, *_ in rows)  # when, in UTC
    return [(who, what, target, json.loads(detail)) for _at, who, what, target, detail in reversed(rows)
            if what.startswith("draft.")]


def test_every_kind_of_draft_change_is_in_the_audit_log(admin, reader, web_store):
    record, para = a_paragraph(reader, web_store)
    ref, ref1 = f"{record.id}#p{para.n}", f"{record.id}#p1"
    draft_id = new_draft(reader, "Letter on detainees")
    assert add(reader, draft_id, ref, " ".join(para.text.split()[:9])).status_code == 303
    page = reader.get("/drafts/add", query_string={"ref": ref1}).get_data(as_text=True)
    resp = reader.post("/drafts/add", data={"ref": ref1, "draft_id": "new", "new_name": "Second letter",
                                            "csrf_token": csrf_token_from(page)})
    other_id = int(re.search(r"/drafts/(\d+)", resp.headers["Location"]).group(1))
    other_item = reader.get(f"/api/drafts/{other_id}").get_json()["items"][0]["id"]
    headers = {"X-CSRFToken": token(reader)}
    second = reader.post(f"/api/drafts/{draft_id}/items", json={"ref": ref1}, headers=headers).get_json()["id"]
    first = reader.get(f"/api/drafts/{draft_id}").get_json()["items"][0]["id"]
    tok = token(reader, f"/drafts/{draft_id}")
    reader.post(f"/drafts/{draft_id}/items/{first}/note", data={"note": "my private thoughts", "csrf_token": tok})
    reader.post(f"/drafts/{draft_id}/items/{second}/move", data={"direction": "up", "csrf_token": tok})
    reader.post(f"/api/drafts/{draft_id}/order", json={"order": [first, second]}, headers=headers)
    reader.post(f"/drafts/{draft_id}/rename", data={"name": "Letter to the Committee", "csrf_token": tok})
    reader.post(f"/drafts/{draft_id}/items/{second}/remove", data={"csrf_token": tok})
    reader.post(f"/drafts/{other_id}/delete", data={"csrf_token": tok})

    target, other = f"draft:{draft_id}", f"draft:{other_id}"
    assert audit_rows(admin, "rita") == [
        ("rita", "draft.create", target, {"name": "Letter on detainees"}),
        ("rita", "draft.add", target, {"item": first, "kind": "quote", "ref": ref}),
        ("rita", "draft.create", other, {"name": "Second letter"}),
        ("rita", "draft.add", other, {"item": other_item, "kind": "paragraph", "ref": ref1}),
        ("rita", "draft.add", target, {"item": second, "kind": "paragraph", "ref": ref1}),
        ("rita", "draft.note", target, {"item": first, "kind": "quote", "ref": ref, "note_chars": 19}),
        ("rita", "draft.move", target, {"item": second, "direction": "up"}),
        ("rita", "draft.reorder", target, {"order": [first, second]}),
        ("rita", "draft.rename", target, {"from": "Letter on detainees", "to": "Letter to the Committee"}),
        ("rita", "draft.remove", target, {"item": second, "kind": "paragraph", "ref": ref1}),
        ("rita", "draft.delete", other, {"name": "Second letter", "items": 1}),
    ]


def test_the_audit_log_keeps_no_quoted_text_or_notes(admin, reader, web_store):
    record, para = a_paragraph(reader, web_store)
    quote = " ".join(para.text.split()[:12])
    draft_id = new_draft(reader, "Quotes")
    add(reader, draft_id, f"{record.id}#p{para.n}", quote, note="call the senator's office")
    rows = audit_rows(admin, "rita")
    assert [what for _who, what, _target, _detail in rows] == ["draft.create", "draft.add"]
    logged = admin.get("/admin/audit").get_data(as_text=True)
    assert html.escape(quote) not in logged and quote not in logged and "senator" not in logged


def test_refused_and_empty_draft_changes_are_not_audited(admin, client, reader, web_store):
    record, para = a_paragraph(client, web_store)
    draft_id = new_draft(client, "Ed's")
    add(client, draft_id, f"{record.id}#p{para.n}", quote="words the document never used at all")  # refused
    add(client, draft_id, f"{record.id}#p1")
    only = client.get(f"/api/drafts/{draft_id}").get_json()["items"][0]["id"]
    tok = token(client, f"/drafts/{draft_id}")
    client.post(f"/drafts/{draft_id}/items/{only}/move", data={"direction": "up", "csrf_token": tok})  # already first
    client.post(f"/drafts/{draft_id}/rename", data={"name": "   ", "csrf_token": tok})  # no name
    assert reader.post(f"/drafts/{draft_id}/delete", data={"csrf_token": token(reader)}).status_code == 404
    assert client.get(f"/api/drafts/{draft_id}").status_code == 200
    assert [(who, what) for who, what, _t, _d in audit_rows(admin, "ed")] == [("ed", "draft.create"), ("ed", "draft.add")]
    assert audit_rows(admin, "rita") == []
