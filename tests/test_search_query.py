"""Queries against a real Whoosh index built from records made in the test."""

from __future__ import annotations

import html
import re

import pytest
from search_helpers import make_record, sample_records

from archive import Settings
from search import SearchIndex, SearchQuery


@pytest.fixture
def index(settings: Settings) -> SearchIndex:
    ix = SearchIndex(settings)
    ix.upsert(sample_records())
    return ix


def hits(index: SearchIndex, text: str, **kw: object) -> list[tuple[str, int]]:
    result = index.search(SearchQuery(text, limit=100, **kw))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return [(h.record_id, h.paragraph) for h in result.hits]


def records_of(index: SearchIndex, text: str, **kw: object) -> set[str]:
    return {rid for rid, _ in hits(index, text, **kw)}


def test_place_alias_finds_the_other_name(index: SearchIndex) -> None:
    assert records_of(index, "Nagorno-Karabakh") == {"2023-05-02-artsakh-only-aaaaaa"}
    assert records_of(index, '"Nagorno Karabakh"') == {"2023-05-02-artsakh-only-aaaaaa"}
    assert records_of(index, "Stepanakert") == {"2024-01-10-khankendi-bbbbbb"}


def test_acronym_alias_finds_the_phrase_and_back(index: SearchIndex) -> None:
    assert hits(index, "POWs") == [("2022-11-20-pows-cccccc", 2)]
    assert hits(index, "POW") == [("2022-11-20-pows-cccccc", 2)]
    assert hits(index, "prisoner of war") == [("2022-11-20-pows-cccccc", 2)]


def test_alias_expansion_keeps_other_words_required(index: SearchIndex) -> None:
    assert records_of(index, "POWs winter") == {"2022-11-20-pows-cccccc"}
    assert records_of(index, "POWs summer") == set()


def test_phrase_hit_names_the_paragraph_that_holds_it(index: SearchIndex) -> None:
    result = index.search(SearchQuery('"release of all prisoners"'))
    assert [(h.record_id, h.paragraph) for h in result.hits] == [("2022-11-20-pows-cccccc", 2)]
    hit = result.hits[0]
    plain = html.unescape(re.sub(r"</?mark>", "", hit.snippet))
    assert plain == sample_records()[2].paragraph(2).text
    assert "<mark>" in hit.snippet
    assert "¶ 2" in hit.citation and "November 20, 2022" in hit.citation


def test_phrase_does_not_match_scattered_words(index: SearchIndex) -> None:
    assert hits(index, '"war prisoners"') == []


def test_stemming_and_accent_folding(index: SearchIndex) -> None:
    assert records_of(index, "reporter") == {"2024-01-10-khankendi-bbbbbb"}
    assert records_of(index, "détention") == {"undated-many-eeeeee"}


def test_snippet_escapes_markup_exactly(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery("markup")).hits
    assert "<img" not in hit.snippet
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; other <mark>markup</mark>" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0


def test_topic_type_org_and_date_filters(index: SearchIndex) -> None:
    assert records_of(index, "captives", topic="torture-abuse") == {"2025-06-30-markup-dddddd"}
    assert records_of(index, "captives", doc_type="action_alert") == {"undated-many-eeeeee"}
    assert records_of(index, "release OR streets", org="Armenian National Committee of America") == {
        "2022-11-20-pows-cccccc"}  # ANCA is an alias of the full name
    assert records_of(index, "release OR streets", since="2023") == {"2024-01-10-khankendi-bbbbbb"}
    assert records_of(index, "release OR streets", until="2023-12") == {"2022-11-20-pows-cccccc"}
    assert records_of(index, "release OR streets", since="2022-11-20", until="2022-11-20") == {
        "2022-11-20-pows-cccccc"}


def test_filters_alone_list_newest_records_first(index: SearchIndex) -> None:
    result = index.search(SearchQuery("", topic="pows-detainees"))
    dates = [h.date for h in result.hits]
    assert [h.record_id for h in result.hits][:2] == ["2025-06-30-markup-dddddd", "2022-11-20-pows-cccccc"]
    assert dates[-1] is None and result.records == 3


def test_facet_counts_are_records_not_passages(index: SearchIndex) -> None:
    result = index.search(SearchQuery("captives"))
    facets = {name: {f["value"]: f["count"] for f in values} for name, values in result.facets.items()}
    assert facets["topic"] == {"pows-detainees": 2, "torture-abuse": 1}
    assert facets["doc_type"] == {"press_release": 1, "action_alert": 1}
    assert result.records == 2


def test_one_record_does_not_flood_the_page(index: SearchIndex, settings: Settings) -> None:
    result = index.search(SearchQuery("captives"))
    per_record = settings.search.search_passages_per_record
    ids = [h.record_id for h in result.hits]
    assert ids.count("undated-many-eeeeee") == per_record
    assert result.more == {"undated-many-eeeeee": 8 - per_record}
    assert result.total == result.records == 2  # a page lists records; each shows its best passages
    assert len(result.hits) == per_record + 1


def test_sort_by_date_and_pagination(index: SearchIndex) -> None:
    by_date = index.search(SearchQuery("release OR streets OR road", sort="date"))
    assert [h.date for h in by_date.hits] == ["2024-01-10", "2023-05-02", "2022-11-20"]
    assert all(h.score is None for h in by_date.hits)
    pages = [index.search(SearchQuery("release OR streets OR road", sort="date", limit=1, page=p)) for p in (1, 2, 3, 4)]
    assert [[h.record_id for h in r.hits] for r in pages[:3]] == [[h.record_id] for h in by_date.hits]
    assert pages[3].hits == [] and pages[0].pages == 3


@pytest.mark.parametrize("text, words", [
    ('"unclosed phrase', "closing"),
    ("(captives OR detention", "("),
    ("captives)", ")"),
    ("title:x*", "wildcard"),
    ("date:[abc TO def]", "not a date"),
    ("the", "no words"),
    ("kind:e", "unknown field"),
])
def test_malformed_queries_get_a_message(index: SearchIndex, text: str, words: str) -> None:
    result = index.search(SearchQuery(text))
    assert result.error and words in result.error
    assert result.hits == [] and result.to_dict()["error"] == result.error


@pytest.mark.parametrize("kw, field", [
    ({"since": "2024-13-01"}, "since"), ({"until": "yesterday"}, "until"), ({"doc_type": "memo"}, "type"),
    ({"topic": "no-such-topic"}, "topic"), ({"sort": "random"}, "sort"), ({"page": 0}, "page"),
    ({"limit": 0}, "limit"), ({"since": "2024", "until": "2023"}, "since"),
])
def test_bad_filters_name_the_field(index: SearchIndex, kw: dict, field: str) -> None:
    result = index.search(SearchQuery("captives", **kw))
    assert result.error and result.error.startswith(field)


def test_did_you_mean(index: SearchIndex) -> None:
    result = index.search(SearchQuery("Khankandi"))
    assert result.total == 0 and result.suggestion == "Khankendi"
    result = index.search(SearchQuery("detentin of captives"))
    assert result.suggestion == "detention of captives"
    assert index.search(SearchQuery("captives")).suggestion is None


def test_wildcards_and_boolean_operators(index: SearchIndex) -> None:
    assert records_of(index, "reop*") == {"2024-01-10-khankendi-bbbbbb"}
    assert records_of(index, "captives NOT markup") == {"undated-many-eeeeee"}
    assert records_of(index, "NOT captives", doc_type="letter") == {"2022-11-20-pows-cccccc"}
    assert records_of(index, "title:khankendi OR type:letter") == {"2022-11-20-pows-cccccc",
                                                                   "2024-01-10-khankendi-bbbbbb"}


def test_to_dict_has_the_contract_fields(index: SearchIndex) -> None:
    data = index.search(SearchQuery("winter")).to_dict()
    assert {"query", "total", "hits", "facets", "suggestion", "page", "pages", "error"} <= set(data)
    assert set(data["hits"][0]) == {"record_id", "paragraph", "title", "date", "doc_type", "topics",
                                    "snippet", "score", "citation"}


def test_timeline_lists_events_and_publications(index: SearchIndex) -> None:
    entries = index.timeline()
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    assert {"date": "2020-11-10", "kind": "event", "record_id": "undated-many-eeeeee", "paragraph": 2}.items() \
        <= entries[0].items()
    assert [e["record_id"] for e in index.timeline(topic="blockade")] == ["2023-05-02-artsakh-only-aaaaaa"]
    assert [e["date"] for e in index.timeline(since="2024", until="2024-12-31")] == ["2024-01-10"]


def test_upsert_replaces_and_delete_removes(index: SearchIndex) -> None:
    index.upsert([make_record("2024-01-10-khankendi-bbbbbb", ["Only new words about lighthouses."])])
    assert records_of(index, "Khankendi") == set()
    assert records_of(index, "lighthouses") == {"2024-01-10-khankendi-bbbbbb"}
    index.delete(["2024-01-10-khankendi-bbbbbb"])
    assert records_of(index, "lighthouses") == set()
    assert "2024-01-10-khankendi-bbbbbb" not in index.record_ids()
    assert len(index.record_ids()) == len(sample_records()) - 1


def test_page_length_is_capped(index: SearchIndex, settings: Settings) -> None:
    result = index.search(SearchQuery("captives OR release OR streets", limit=10**6))
    assert result.error is None and result.limit == settings.search.search_max_limit
