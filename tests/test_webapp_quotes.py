"""The quotes page stays exact as records come and go, and reads only the records that changed.

Real app, real store and Whoosh index in a temp folder (the web test archive); changes go through
the same routes and commands a researcher uses (upload, delete, topic decisions, retag, ingest).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive import Quote, Record, Settings, Store
from webapp.cli import main
from webapp.quotes.catalog import QuoteCatalog
from webapp.quotes.quoteset import QuoteSet

from auth_helpers import csrf_token_from
from paths import CORPUS, DATA
from webapp_fixtures import clean_settings

QUOTED = DATA / "enrich" / "quote_forms.txt"  # not in the web test archive: five quotes, four speakers
SPEAKER = "Daniel Okafor"
TEXT = "This is a matter of basic decency and of law."


@pytest.fixture
def web_settings(web_archive: Path, tmp_path: Path) -> Settings:
    """The web test archive, with its own copy of the vocabularies (a test edits one)."""
    data = tmp_path / "data"
    shutil.copytree(web_archive, data, ignore=shutil.ignore_patterns("*.lock", "*.sqlite3*", "secret_key"))
    vocab = tmp_path / "vocab"
    shutil.copytree(CORPUS, vocab, ignore=lambda _d, names: [n for n in names if not n.endswith(".yaml")])
    return clean_settings(data, vocab_dir=vocab)


def quotes(client, **args: str) -> dict:
    resp = client.get("/api/quotes", query_string={"limit": 500, **args})
    assert resp.status_code == 200
    return resp.get_json()


def upload(client, path: Path) -> str:
    tok = csrf_token_from(client.get("/upload").get_data(as_text=True))
    with open(path, "rb") as fh:
        resp = client.post("/api/upload", data={"csrf_token": tok, "files": [(fh, path.name)]},
                           content_type="multipart/form-data")
    (result,) = resp.get_json()["results"]
    assert result["status"] == "ingested", result
    return result["record_id"]


def token(client, record_id: str) -> str:
    return csrf_token_from(client.get(f"/records/{record_id}").get_data(as_text=True))


def set_topic(client, record_id: str, topic: str, action: str) -> None:
    resp = client.post(f"/api/records/{record_id}/topics",
                       data={"csrf_token": token(client, record_id), "topic": topic, "action": action})
    assert resp.status_code == 200, resp.get_data(as_text=True)


def test_the_page_follows_an_upload_a_topic_decision_and_a_delete(client, web_store):
    before = quotes(client)
    assert before["total"] > 0 and SPEAKER not in {s["speaker"] for s in before["speakers"]}
    assert TEXT not in client.get("/quotes").get_data(as_text=True)

    record_id = upload(client, QUOTED)
    after = quotes(client)
    assert after["total"] == before["total"] + 5
    assert {"speaker": SPEAKER, "count": 1} in after["speakers"]
    (mine,) = quotes(client, speaker=SPEAKER)["quotes"]
    assert (mine["text"], mine["record_id"], mine["paragraph"]) == (TEXT, record_id, 5)
    html = client.get("/quotes", query_string={"speaker": SPEAKER}).get_data(as_text=True)
    assert "1 quote<" in html and TEXT in html

    set_topic(client, record_id, "humanitarian-aid", "add")
    on_topic = quotes(client, topic="humanitarian-aid")
    assert {q["record_id"] for q in on_topic["quotes"]} >= {record_id}
    assert quotes(client, speaker=SPEAKER, topic="humanitarian-aid")["total"] == 1
    set_topic(client, record_id, "humanitarian-aid", "remove")
    assert record_id not in {q["record_id"] for q in quotes(client, topic="humanitarian-aid")["quotes"]}
    assert quotes(client, speaker=SPEAKER)["quotes"][0]["topics"] == []

    resp = client.post(f"/api/records/{record_id}/delete", headers={"X-CSRFToken": token(client, record_id)})
    assert resp.status_code == 200
    assert quotes(client) == before
    assert TEXT not in client.get("/quotes").get_data(as_text=True)


def test_the_page_follows_a_retag_after_a_vocabulary_edit(client, web_store, web_settings):
    topic = quotes(client)["topics"][0]["topic"]
    assert quotes(client, topic=topic)["total"] > 0
    path = web_settings.vocab_dir / "topics.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["topics"] = [t for t in data["topics"] if t["id"] != topic]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tok = csrf_token_from(client.get("/retag").get_data(as_text=True))
    assert client.post("/api/retag", headers={"X-CSRFToken": tok}).status_code == 200
    assert quotes(client, topic=topic)["total"] == 0
    assert topic not in {t["topic"] for t in quotes(client)["topics"]}


def test_the_page_follows_an_ingest_from_the_command_line(client, web_settings):
    total = quotes(client)["total"]
    result = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "ingest", str(QUOTED)],
                                env={"EVIDENCE_VOCAB_DIR": str(web_settings.vocab_dir)})
    assert result.exit_code == 0, result.output
    assert quotes(client)["total"] == total + 5
    assert quotes(client, speaker=SPEAKER)["quotes"][0]["text"] == TEXT


def test_quotes_are_every_quote_of_the_records_newest_first(web_store):
    shown = QuoteCatalog(web_store).current().quotes
    stored = [(r.id, q.paragraph, q.text) for r in web_store for q in r.quotes]
    assert sorted((q["record_id"], q["paragraph"], q["text"]) for q in shown) == sorted(stored)
    keys = [(q["date"] or "", q["record_id"], q["paragraph"] or 0) for q in shown]
    assert keys == sorted(keys, reverse=True)


def test_narrowing_by_speaker_and_topic_matches_filtering_every_quote(web_store):
    found = QuoteCatalog(web_store).current()
    every = found.quotes
    speakers = [s["speaker"] for s in found.speakers()[:5] if s["speaker"]]
    topics = [t["topic"] for t in found.topics()[:5]]
    for speaker in [None, *speakers, "nobody at all"]:
        for topic in [None, *topics, "no-such-topic"]:
            chosen = found.select(speaker, topic)
            expected = [q for q in every if (speaker is None or q["speaker"] == speaker)
                        and (topic is None or topic in q["topics"])]
            assert chosen.quotes == expected, (speaker, topic)
            in_topic = [q for q in every if topic is None or topic in q["topics"]]
            assert sum(s["count"] for s in chosen.speakers) == len(in_topic)
            of_speaker = [q for q in every if speaker is None or q["speaker"] == speaker]
            assert sum(t["count"] for t in chosen.topics) == sum(len(q["topics"]) for q in of_speaker)


# -- what is read, and when --------------------------------------------------------------------

def settled_catalog(store: Store, **kwargs) -> QuoteCatalog:
    """A catalog that trusts stats at once (racy_seconds=0); a test then waits a clock tick between changes."""
    return QuoteCatalog(store, racy_seconds=0.0, **kwargs)


def tick() -> None:
    time.sleep(0.03)  # longer than a filesystem timestamp tick, so each change shows in the folder's stat


def with_quote(record: Record, text: str) -> Record:
    return replace(record, quotes=[*record.quotes, Quote(text, "A Test Speaker", None, 1)])


def quoted_record(store: Store) -> Record:
    return next(r for r in store if r.quotes)


def answers(found: QuoteSet) -> list:
    """What the page shows for every speaker and topic of the archive, alone and together."""
    speakers = [None, *(s["speaker"] for s in found.speakers())]
    topics = [None, *(t["topic"] for t in found.topics())]
    return [(found.select(s, t), found.speakers(), found.topics()) for s in speakers for t in topics]


def test_an_updated_catalog_answers_as_one_read_afresh(web_store, web_settings):
    catalog = settled_catalog(web_store)
    catalog.current()
    count = len(web_store)
    records = [r for r in web_store if r.quotes][:4]
    tick()
    web_store.write(with_quote(records[0], "Added to the first."))
    web_store.write(replace(records[1], topics=[*records[1].topics, "humanitarian-aid", "blockade"][::-1]))
    web_store.write(replace(records[2], quotes=records[2].quotes[1:]))
    web_store.delete(records[3].id)
    updated = catalog.current()
    assert catalog.files_read == count + 3  # every record once, then the three rewritten ones
    assert answers(updated) == answers(settled_catalog(Store(web_settings)).current())


def test_a_change_reads_only_the_records_it_touched(web_store):
    catalog = settled_catalog(web_store)
    total = len(catalog.current())
    count = len(web_store)
    assert catalog.files_read == count
    tick()
    assert len(catalog.current()) == total and catalog.files_read == count  # nothing changed: nothing read
    changed = with_quote(quoted_record(web_store), "A sentence said once.")
    web_store.write(changed)
    assert len(catalog.current()) == total + 1 and catalog.files_read == count + 1
    tick()
    web_store.delete(changed.id)
    assert len(catalog.current()) == total - len(changed.quotes) + 1 and catalog.files_read == count + 1


def test_changes_in_quick_succession_are_all_seen(web_store):
    catalog = QuoteCatalog(web_store)  # the real racy window: stats younger than it are checked again
    total = len(catalog.current())
    original = quoted_record(web_store)
    for n in range(5):  # each write within a few milliseconds of the last reading
        web_store.write(with_quote(original, f"Quote number {n}."))
        assert [q["text"] for q in catalog.current().select("A Test Speaker").quotes] == [f"Quote number {n}."]
    web_store.write(original)
    assert len(catalog.current()) == total and "A Test Speaker" not in catalog.current().by_speaker


def test_a_new_process_starts_from_the_cache_file(web_store, web_settings):
    cache = web_settings.data_dir / "cache" / "quotes.json"
    first = settled_catalog(web_store, cache_path=cache, save_after=1)
    expected = first.current().quotes
    assert cache.is_file()
    tick()
    changed = with_quote(quoted_record(web_store), "Said after the cache was written.")
    web_store.write(changed)
    second = settled_catalog(Store(web_settings), cache_path=cache)
    shown = second.current().quotes
    assert second.files_read == 1  # only the changed record
    assert len(shown) == len(expected) + 1
    assert shown == settled_catalog(Store(web_settings)).current().quotes  # the same as reading every record


@pytest.mark.parametrize("content", [b"{not json", b'{"format": 999, "records": {}}', b'{"format": 1}',
                                     b'{"format": 1, "records": {"x.yaml": {"sig": [1], "key": []}}}'])
def test_a_broken_or_outdated_cache_file_is_ignored(web_store, web_settings, content: bytes):
    cache = web_settings.data_dir / "cache" / "quotes.json"
    cache.parent.mkdir()
    cache.write_bytes(content)
    catalog = settled_catalog(web_store, cache_path=cache)
    assert catalog.current().quotes == settled_catalog(web_store).current().quotes
    assert catalog.files_read == len(web_store)


def test_a_cache_file_naming_deleted_records_shows_none_of_them(web_store, web_settings):
    cache = web_settings.data_dir / "cache" / "quotes.json"
    settled_catalog(web_store, cache_path=cache, save_after=1).current()
    gone = quoted_record(web_store)
    tick()
    web_store.delete(gone.id)
    shown = settled_catalog(Store(web_settings), cache_path=cache).current().quotes
    assert gone.id not in {q["record_id"] for q in shown}
