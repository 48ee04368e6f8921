"""Issue 12 on the web app: ids past SQLite's range, the database's file mode, JSON bodies for topic
decisions, visitors citing with POST, and sidecars uploaded beside their documents."""

from __future__ import annotations

import io
import re
import stat

import pytest

from archive import Store, load_settings
from webapp import create_app

from auth_helpers import create_user, page_csrf_token

PASSWORD = "a long enough passphrase"


@pytest.mark.parametrize("path", [
    "/api/drafts/99999999999999999999999",
    "/drafts/99999999999999999999999",
    "/api/drafts/9223372036854775808",
])
def test_an_id_too_large_for_sqlite_is_not_found(reader, path):
    resp = reader.get(path)
    assert resp.status_code == 404


def test_the_largest_sqlite_id_is_looked_up(reader):
    assert reader.get("/api/drafts/9223372036854775807").status_code == 404  # no such draft, but no 500


def test_the_database_is_readable_by_its_owner_only(app, web_settings):
    mode = stat.S_IMODE(web_settings.database_path.stat().st_mode)
    assert mode == 0o600, oct(mode)


def test_an_existing_world_readable_database_is_tightened(settings):
    settings.database_path.parent.mkdir(parents=True, exist_ok=True)
    settings.database_path.touch(mode=0o644)
    settings.database_path.chmod(0o644)
    create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "ada", "admin", PASSWORD)
    assert stat.S_IMODE(settings.database_path.stat().st_mode) == 0o600


def test_a_topic_decision_takes_a_json_body(client, web_store, web_settings):
    record = next(r for r in web_store if r.topics)
    topic = record.topics[0]
    token = page_csrf_token(client, f"/records/{record.id}")
    resp = client.post(f"/api/records/{record.id}/topics", headers={"X-CSRFToken": token},
                       json={"topic": topic, "action": "remove"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert topic not in resp.get_json()["topics"]
    assert topic in Store(web_settings).get(record.id).topics_manual["remove"]


def test_visitors_may_cite_a_quote_with_post_when_anonymous_reading_is_on(web_settings):
    opened = load_settings(web_settings.data_dir, anonymous_read=True)
    app = create_app({"SETTINGS": opened, "TESTING": True})
    create_user(opened, "ada", "admin", PASSWORD)
    visitor = app.test_client()
    record = next(iter(Store(opened)))
    words = " ".join(record.paragraphs[0].text.split()[:4])
    page = visitor.get(f"/records/{record.id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # what the page's script sends
    resp = visitor.post("/api/cite", headers={"X-CSRFToken": token},
                        json={"ref": f"{record.id}#p1", "quote": words, "style": "chicago"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert resp.get_json()["quote"] == words
    # still read-only: the same visitor cannot change anything
    resp = visitor.post(f"/api/records/{record.id}/delete", headers={"X-CSRFToken": token})
    assert resp.status_code == 401


def test_visitors_still_cannot_cite_when_anonymous_reading_is_off(anon, web_store):
    record = next(iter(web_store))
    token = page_csrf_token(anon, "/login")
    resp = anon.post("/api/cite", headers={"X-CSRFToken": token}, json={"ref": f"{record.id}#p1"})
    assert resp.status_code == 401


def test_an_uploaded_sidecar_is_metadata_for_its_document_not_a_document(client, web_settings):
    token = page_csrf_token(client, "/upload")
    body = b"A statement uploaded with its sidecar, which gives it a title and an organization.\n"
    side = b"title: Supplied by the sidecar\norg: The Sidecar Office\ndate: 2024-03-05\n"
    files = [(io.BytesIO(side), "folder/statement.txt.meta.yaml"), (io.BytesIO(body), "folder/statement.txt"),
             (io.BytesIO(b"title: Nobody\n"), "folder/orphan.meta.yaml")]
    resp = client.post("/api/upload", headers={"X-CSRFToken": token}, data={"files": files})
    assert resp.status_code == 200
    results = {r["name"]: r for r in resp.get_json()["results"]}
    assert results["folder/statement.txt"]["status"] == "ingested"
    assert "folder/statement.txt.meta.yaml" not in results
    assert results["folder/orphan.meta.yaml"]["status"] == "failed"
    assert "not in this upload" in results["folder/orphan.meta.yaml"]["reason"]
    record = Store(web_settings).get(results["folder/statement.txt"]["record_id"])
    assert record.title == "Supplied by the sidecar"
    assert record.source.org == "The Sidecar Office" and record.date == "2024-03-05"
    assert not [r for r in Store(web_settings) if (r.source.path or "").endswith(".meta.yaml")]


def test_a_refused_symbolic_link_is_named_by_its_own_name(settings, tmp_path):
    from click.testing import CliRunner

    from webapp.cli import main

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target-secret.txt").write_text("A private note outside the folder being ingested.\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "the-link.txt").symlink_to(outside / "target-secret.txt")
    result = CliRunner().invoke(main, ["--data", str(settings.data_dir), "ingest", "--quiet", str(inbox)])
    assert result.exit_code == 1
    assert "the-link.txt" in result.output and "target-secret" not in result.output
