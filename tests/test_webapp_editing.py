"""Editors' record management: delete a record, add or remove a topic by hand, retag the archive.

Real app, real store and Whoosh index in a temp folder (the web test archive), and a private copy
of the vocabularies so a test may break one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive import Record, Settings, Store, load_vocabulary
from webapp.auth import read_audit
from webapp.cli import main

from auth_helpers import csrf_token_from, page_csrf_token
from paths import CORPUS
from webapp_fixtures import clean_settings

VOCAB_FILES = ("topics.yaml", "aliases.yaml", "gazetteer.yaml")


@pytest.fixture
def web_settings(web_archive: Path, tmp_path: Path) -> Settings:
    """The web test archive, with its own copy of the vocabularies."""
    data = tmp_path / "data"
    shutil.copytree(web_archive, data, ignore=shutil.ignore_patterns("*.lock", "*.sqlite3*", "secret_key"))
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    for name in VOCAB_FILES:
        shutil.copy(CORPUS / name, vocab / name)
    return clean_settings(data, vocab_dir=vocab)


def _token(client, record_id: str) -> str:
    return csrf_token_from(client.get(f"/records/{record_id}").get_data(as_text=True))


def _snapshot(settings: Settings) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in settings.records_dir.glob("*.yaml")}


def _topic_hits(client, topic: str) -> set[str]:
    body = client.get("/api/search", query_string={"topic": topic, "limit": 100}).get_json()
    return {h["record_id"] for h in body["hits"]}


def _record_with_topics(store: Store) -> Record:
    return next(r for r in store if r.topics)


def _missing_topic(settings: Settings, record: Record) -> str:
    return next(t for t in load_vocabulary(settings.vocab_dir).topic_ids if t not in record.topics)


def _search_ids(client, words: str) -> set[str]:
    body = client.get("/api/search", query_string={"q": words, "limit": 100}).get_json()
    return {h["record_id"] for h in body["hits"]}


# --- delete -------------------------------------------------------------------------------------

def test_delete_removes_record_and_index_entry_keeps_original_and_audits(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    words = " ".join(record.title.split()[:4])
    assert record.id in _search_ids(client, words)
    resp = client.post(f"/records/{record.id}/delete", data={"csrf_token": _token(client, record.id),
                                                              "confirm": "yes"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/search")
    assert record.id in client.get("/search").get_data(as_text=True)  # the flash names what was deleted
    assert record.id not in Store(web_settings).ids()
    assert client.get(f"/records/{record.id}").status_code == 404
    assert record.id not in _search_ids(client, words)
    assert Store(web_settings).original_path(record.source.sha256).read_bytes()  # originals are kept
    entries, total = read_audit(web_settings, action="record.delete")
    assert total == 1 and entries[0].actor == "ed" and entries[0].target == record.id and entries[0].at


def test_delete_json_twin_and_unknown_id(client, web_store, web_settings):
    record = next(iter(web_store))
    tok = _token(client, record.id)
    resp = client.post(f"/api/records/{record.id}/delete", headers={"X-CSRFToken": tok})
    assert resp.status_code == 200
    assert resp.get_json() == {"deleted": record.id, "title": record.title}
    assert record.id not in Store(web_settings).ids()
    missing = client.post("/api/records/no-such-record/delete", headers={"X-CSRFToken": tok})
    assert missing.status_code == 404 and "no-such-record" in missing.get_json()["error"]


def test_delete_needs_the_confirmation_box(client, web_store, web_settings):
    record = next(iter(web_store))
    before = _snapshot(web_settings)
    resp = client.post(f"/records/{record.id}/delete", data={"csrf_token": _token(client, record.id)})
    assert resp.status_code == 400 and "confirm" in resp.get_data(as_text=True)
    assert _snapshot(web_settings) == before


def test_readers_cannot_delete_retag_or_retopic_and_see_no_forms(reader, client, web_store, web_settings):
    record = _record_with_topics(web_store)
    before = _snapshot(web_settings)
    page = reader.get(f"/records/{record.id}").get_data(as_text=True)
    assert f"/records/{record.id}/delete" not in page and f"/records/{record.id}/topics" not in page
    assert 'href="/retag"' not in page
    tok = page_csrf_token(reader, "/logout")  # a valid token: the refusal is about the role
    topic = _missing_topic(web_settings, record)
    assert reader.post(f"/records/{record.id}/delete", data={"csrf_token": tok, "confirm": "yes"}).status_code == 403
    assert reader.post(f"/api/records/{record.id}/delete", headers={"X-CSRFToken": tok}).status_code == 403
    assert reader.post(f"/records/{record.id}/topics",
                       data={"csrf_token": tok, "topic": topic, "action": "add"}).status_code == 403
    assert reader.get("/retag").status_code == 403
    assert reader.post("/api/retag", headers={"X-CSRFToken": tok}).status_code == 403
    assert _snapshot(web_settings) == before
    editor_page = client.get(f"/records/{record.id}").get_data(as_text=True)
    assert f"/records/{record.id}/delete" in editor_page and 'href="/retag"' in editor_page


def test_anonymous_visitors_cannot_change_anything(anon, web_store, web_settings):
    record = next(iter(web_store))
    before = _snapshot(web_settings)
    resp = anon.post(f"/api/records/{record.id}/delete")
    assert resp.status_code in (400, 401, 403)
    assert anon.post("/api/retag").status_code in (400, 401, 403)
    assert _snapshot(web_settings) == before


def test_missing_csrf_token_is_refused_and_nothing_changes(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    before = _snapshot(web_settings)
    topic = _missing_topic(web_settings, record)
    assert client.post(f"/records/{record.id}/delete", data={"confirm": "yes"}).status_code == 400
    assert client.post(f"/records/{record.id}/topics", data={"topic": topic, "action": "add"}).status_code == 400
    assert client.post("/retag").status_code == 400
    assert _snapshot(web_settings) == before


# --- manual topics ------------------------------------------------------------------------------

def _set_topic(client, record_id: str, topic: str, action: str, api: bool = False):
    tok = _token(client, record_id)
    prefix = "/api" if api else ""
    return client.post(f"{prefix}/records/{record_id}/topics", data={"csrf_token": tok, "topic": topic,
                                                                     "action": action})


def test_manual_add_and_remove_reach_record_search_and_page(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    added = _missing_topic(web_settings, record)
    removed = record.topics[0]
    assert record.id not in _topic_hits(client, added) and record.id in _topic_hits(client, removed)
    assert _set_topic(client, record.id, added, "add").status_code == 302
    resp = _set_topic(client, record.id, removed, "remove", api=True)
    assert resp.status_code == 200
    stored = Store(web_settings).get(record.id)
    assert added in stored.topics and removed not in stored.topics
    assert stored.topics_manual == {"add": [added], "remove": [removed]}
    assert resp.get_json() == {"id": record.id, "topics": stored.topics, "topics_manual": stored.topics_manual}
    assert record.id in _topic_hits(client, added) and record.id not in _topic_hits(client, removed)
    page = client.get(f"/records/{record.id}").get_data(as_text=True)
    assert "added by an editor" in page and "removed by an editor" in page
    actions = {e.action for e in read_audit(web_settings, actor="ed")[0]}
    assert {"record.topic_add", "record.topic_remove"} <= actions


def test_a_later_decision_overrides_an_earlier_one(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    topic = _missing_topic(web_settings, record)
    _set_topic(client, record.id, topic, "add")
    _set_topic(client, record.id, topic, "remove")
    stored = Store(web_settings).get(record.id)
    assert topic not in stored.topics and stored.topics_manual == {"add": [], "remove": [topic]}
    _set_topic(client, record.id, topic, "add")
    stored = Store(web_settings).get(record.id)
    assert topic in stored.topics and stored.topics_manual == {"add": [topic], "remove": []}


def test_unknown_topic_or_action_is_a_400_naming_the_field(client, web_store, web_settings):
    record = next(iter(web_store))
    before = _snapshot(web_settings)
    resp = _set_topic(client, record.id, "no-such-topic", "add", api=True)
    assert resp.status_code == 400 and resp.get_json()["error"].startswith("topic:")
    assert "no-such-topic" in resp.get_json()["error"]
    resp = _set_topic(client, record.id, _missing_topic(web_settings, record), "toggle", api=True)
    assert resp.status_code == 400 and resp.get_json()["error"].startswith("action:")
    assert _snapshot(web_settings) == before
    tok = _token(client, record.id)
    missing = client.post("/api/records/no-such-record/topics", headers={"X-CSRFToken": tok},
                          data={"topic": _missing_topic(web_settings, record), "action": "add"})
    assert missing.status_code == 404


def test_manual_topics_survive_cli_retag_and_web_retag(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    added = _missing_topic(web_settings, record)
    removed = record.topics[0]
    _set_topic(client, record.id, added, "add")
    _set_topic(client, record.id, removed, "remove")
    result = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "retag"],
                                env={"EVIDENCE_VOCAB_DIR": str(web_settings.vocab_dir)})
    assert result.exit_code == 0, result.output
    stored = Store(web_settings).get(record.id)
    assert added in stored.topics and removed not in stored.topics
    tok = csrf_token_from(client.get("/retag").get_data(as_text=True))
    resp = client.post("/api/retag", headers={"X-CSRFToken": tok})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["report"]["failed"] == [] and body["report"]["unchanged"] == len(Store(web_settings).ids())
    stored = Store(web_settings).get(record.id)
    assert added in stored.topics and removed not in stored.topics
    assert record.id in _topic_hits(client, added) and record.id not in _topic_hits(client, removed)


def test_web_retag_applies_an_edited_vocabulary_and_shows_the_summary(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    topic = record.topics[0]
    path = web_settings.vocab_dir / "topics.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"] = [t for t in data["topics"] if t["id"] != topic]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tok = csrf_token_from(client.get("/retag").get_data(as_text=True))
    resp = client.post("/retag", data={"csrf_token": tok})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "changed" in html and record.id in html
    assert topic not in Store(web_settings).get(record.id).topics
    assert record.id not in _topic_hits(client, topic)
    entries, total = read_audit(web_settings, action="archive.retag")
    assert total == 1 and entries[0].actor == "ed"


def test_broken_vocabulary_is_a_400_naming_the_file_and_nothing_is_written(client, web_store, web_settings):
    record = _record_with_topics(web_store)
    before = _snapshot(web_settings)
    topic = _missing_topic(web_settings, record)
    tok = csrf_token_from(client.get("/retag").get_data(as_text=True))
    (web_settings.vocab_dir / "topics.yaml").write_text("topics:\n  - {id: broken, label: B}\n", encoding="utf-8")
    resp = client.post("/api/retag", headers={"X-CSRFToken": tok})
    assert resp.status_code == 400 and "topics.yaml" in resp.get_json()["error"]
    html = client.post("/retag", data={"csrf_token": tok})
    assert html.status_code == 400 and "topics.yaml" in html.get_data(as_text=True)
    resp = _set_topic(client, record.id, topic, "add", api=True)
    assert resp.status_code == 400 and "topics.yaml" in resp.get_json()["error"]
    assert _snapshot(web_settings) == before
