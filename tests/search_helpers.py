"""Helpers for the search tests: small records built in code, and comparing indexes."""

from __future__ import annotations

from archive import Event, Paragraph, Record, Settings, Source, Store
from search import SearchIndex, SearchQuery


def make_record(
    rid: str,
    paragraphs: list[str],
    *,
    title: str | None = None,
    date: str | None = "2024-03-01",
    doc_type: str = "press_release",
    topics: list[str] | None = None,
    org: str | None = "Test Organization",
    url: str | None = None,
    events: list[Event] | None = None,
) -> Record:
    return Record(
        id=rid,
        title=title or f"Title of {rid}",
        doc_type=doc_type,
        date=date,
        source=Source(org=org, url=url, path=f"tests/{rid}.txt", sha256=rid.ljust(64, "0")[:64]),
        topics=list(topics or []),
        paragraphs=[Paragraph(n=i, text=t) for i, t in enumerate(paragraphs, 1)],
        events=list(events or []),
    )


def sample_records() -> list[Record]:
    """Invented test sentences (not document text) covering aliases, phrases, filters and markup."""
    return [
        make_record("2023-05-02-artsakh-only-aaaaaa", [
            "A statement about the road to Artsakh and its villages.",
            "The families asked for news of relatives held by the army.",
        ], date="2023-05-02", topics=["blockade"], org="Armenian National Committee of America"),
        make_record("2024-01-10-khankendi-bbbbbb", [
            "Reporters described the streets of Khankendi after the exodus.",
            "Officials promised to reopen the school in the spring.",
        ], date="2024-01-10", topics=["ethnic-cleansing-displacement"], doc_type="report",
            org="U.S. Department of State"),
        make_record("2022-11-20-pows-cccccc", [
            "The committee met on a Tuesday.",
            "Lawmakers demanded the release of all prisoners of war before winter.",
            "The letter was signed by twelve members.",
        ], date="2022-11-20", topics=["pows-detainees"], doc_type="letter", org="ANCA"),
        make_record("2025-06-30-markup-dddddd", [
            "A page that contained <img src=x onerror=alert(1)> & other markup near the word captives.",
        ], date="2025-06-30", topics=["pows-detainees", "torture-abuse"], org=None),
        make_record("undated-many-eeeeee", [
            f"Paragraph {i} mentions the detention of captives again and again." for i in range(1, 9)
        ], date=None, doc_type="action_alert", topics=["pows-detainees"],
            events=[Event(date="2020-11-10", precision="day", summary="A ceasefire was signed.", paragraph=2)]),
    ]


def result_key(index: SearchIndex, text: str, **kw: object) -> list[tuple[str, int, str]]:
    result = index.search(SearchQuery(text, limit=100, **kw))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return [(h.record_id, h.paragraph, h.snippet) for h in result.hits]


def rebuilt_sample_index(settings: Settings, store: Store) -> SearchIndex:
    """The sample records written to `store` and indexed by a full rebuild (one worker)."""
    for record in sample_records():
        store.write(record)
    index = SearchIndex(settings)
    index.rebuild(store, procs=1)
    return index
