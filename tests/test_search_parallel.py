"""Searches run in parallel (each with a searcher of its own), and the index's generation key."""

from __future__ import annotations

import threading

from search_helpers import make_record, rebuilt_sample_index

from archive import Settings, Store
from search import SearchQuery


def test_a_search_does_not_wait_for_another_in_progress(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    found: list[int] = []
    with index._using() as held:  # a search in progress on this thread, holding its searcher
        other = threading.Thread(target=lambda: found.append(index.search(SearchQuery("captives")).records))
        other.start()
        other.join(timeout=60)  # one lock per index used to hold this thread until the first search ended
        assert not other.is_alive() and found == [2]
        assert held.searcher.doc_count() > 0  # the held searcher is still its own, still open


def test_a_commit_during_a_search_leaves_it_on_its_generation(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    before = index.generation()
    with index._using() as held:
        count = held.searcher.doc_count()
        index.upsert([make_record("2024-02-02-newcomer-ffffff", ["A paragraph about the newcomer orchard."])])
        after = index.generation()
        assert after != before and after.split(":")[0] == before.split(":")[0]  # same folder, a new commit
        assert index.search(SearchQuery("orchard")).records == 1  # the next search sees the commit
        assert held.generation == before and held.searcher.doc_count() == count
        assert held.opened.retired
    assert held.opened._idle == []  # the old generation's searchers closed with its last search


def test_the_generation_key_changes_with_writes_and_rebuilds_only(settings: Settings, store: Store) -> None:
    index = rebuilt_sample_index(settings, store)
    first = index.generation()
    assert first.startswith("ix-") and index.generation() == first
    index.search(SearchQuery("captives"))
    index.facets()
    assert index.generation() == first
    index.delete(["2023-05-02-artsakh-only-aaaaaa"])
    second = index.generation()
    assert second != first
    index.rebuild(store, procs=1)
    third = index.generation()
    assert third.split(":")[0] != second.split(":")[0]  # a rebuild is a new folder
