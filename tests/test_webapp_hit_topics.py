"""Issue 14: a search hit shows its few strongest topics; the rest are folded under "more topics"."""

from __future__ import annotations

import re

from archive import Record, Store, load_settings
from search.documents import topics_by_strength
from webapp import create_app

from auth_helpers import create_user, login

PASSWORD = "a long enough passphrase"


def test_topics_are_ordered_by_strength():
    record = Record(id="x", title="t", topics=["a", "b", "c", "d"],
                    topic_evidence={"a": [{"paragraph": 1, "match": "w"}],
                                    "b": [{"paragraph": 1, "match": "w"}, {"paragraph": 2, "match": "w"},
                                          {"paragraph": 2, "match": "v"}],
                                    "c": [{"paragraph": n, "match": "w"} for n in range(1, 6)],
                                    "d": []},
                    topics_manual={"add": ["d"], "remove": []})
    assert topics_by_strength(record) == ["d", "c", "b", "a"]  # the editor's, then 5, 2, 1 paragraphs


def _record_with_many_topics(store: Store) -> Record:
    return max(store, key=lambda r: len(r.topics))


def test_a_hit_shows_the_strongest_topics_and_folds_the_rest(reader, web_store):
    record = _record_with_many_topics(web_store)
    assert len(record.topics) > 3, "the test archive should hold a record with more than three topics"
    q = f'"{" ".join(record.paragraphs[0].text.split()[:5])}"'
    data = reader.get("/api/search", query_string={"q": q}).get_json()
    hit = next(h for h in data["hits"] if h["record_id"] == record.id)
    assert data["topics_shown"] == 3
    assert sorted(hit["topics"]) == sorted(record.topics)
    assert hit["topics"] == topics_by_strength(record)
    page = reader.get("/search", query_string={"q": q}).get_data(as_text=True)
    item = page[page.index(f'/records/{record.id}#p'):]
    item = item[:item.index('class="snippet"')]  # this hit's header: title, meta line, topics
    shown, _, folded = item.partition('<details class="more-topics">')
    assert len(re.findall(r'class="chip"', shown)) == 3
    assert f"{len(record.topics) - 3} more topic" in folded
    assert len(re.findall(r'class="chip"', folded)) == len(record.topics) - 3


def test_the_number_shown_is_a_setting(web_settings, web_store):
    settings = load_settings(web_settings.data_dir, search_hit_topics=1)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", PASSWORD)
    client = app.test_client()
    login(client, "rita", PASSWORD)
    record = _record_with_many_topics(web_store)
    q = f'"{" ".join(record.paragraphs[0].text.split()[:5])}"'
    assert client.get("/api/search", query_string={"q": q}).get_json()["topics_shown"] == 1
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    assert f"{len(record.topics) - 1} more topics" in page
