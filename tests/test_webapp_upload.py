"""Upload: files go through the shared ingest job; each gets a result; bad files are named."""

from __future__ import annotations

from auth_helpers import csrf_token_from
from paths import DATA

UPLOADS = DATA / "webapp"


def test_upload_ingests_indexes_and_reports_each_file(client, web_store):
    client.get("/api/timeline")  # a cached timeline must not hide the new document
    tok = csrf_token_from(client.get("/upload").get_data(as_text=True))
    with open(UPLOADS / "upload-note.html", "rb") as good, open(UPLOADS / "broken.pdf", "rb") as bad:
        resp = client.post("/api/upload", data={"csrf_token": tok, "files": [(good, "memos/upload-note.html"),
                                                                           (bad, "../../broken.pdf")]},
                           content_type="multipart/form-data")
    body = resp.get_json()
    assert resp.status_code == 200, body
    by_name = {r["name"]: r for r in body["results"]}
    assert set(by_name) == {"memos/upload-note.html", "broken.pdf"}  # no way out of the upload folder
    assert by_name["broken.pdf"]["status"] == "failed" and by_name["broken.pdf"]["reason"]
    ok = by_name["memos/upload-note.html"]
    assert ok["status"] == "ingested"
    record = web_store.get(ok["record_id"])
    assert record.source.path == "uploads/memos/upload-note.html"
    hits = client.get("/api/search", query_string={"q": "uploading"}).get_json()["hits"]
    assert ok["record_id"] in {h["record_id"] for h in hits}
    assert not list((web_store.settings.data_dir / "tmp").glob("upload-*"))  # temp files are gone
    timeline = client.get("/api/timeline", query_string={"since": record.date, "until": record.date}).get_json()
    assert ok["record_id"] in {e["record_id"] for e in timeline["events"]}  # the timeline sees it at once


def test_upload_page_without_javascript_shows_results(client):
    tok = csrf_token_from(client.get("/upload").get_data(as_text=True))
    with open(UPLOADS / "upload-note.html", "rb") as good:
        resp = client.post("/upload", data={"csrf_token": tok, "files": [(good, "upload-note.html")]},
                           content_type="multipart/form-data")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "upload-note.html" in html and "ingested" in html


def test_upload_with_no_file_is_a_clear_400(client):
    tok = csrf_token_from(client.get("/upload").get_data(as_text=True))
    resp = client.post("/api/upload", data={"csrf_token": tok}, content_type="multipart/form-data")
    assert resp.status_code == 400 and "files" in resp.get_json()["error"]
