"""Reuse links on the shipped corpus: the 2024 State Department report, its Markdown rendition, the
2023 report and the press releases that quote them (real files, ingested through the real pipeline)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Store
from search.reuse import ReuseIndex, doc_of
from webapp.cli import main
from webapp.reuse_links import rebuild_links

from paths import CORPUS
from webapp_fixtures import build_archive, clean_settings

SOURCES = [CORPUS / "state-department", CORPUS / "seeds"]
CONTRACT = {"paragraph", "other_record_id", "other_paragraph", "relation", "similarity", "diff"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reuse-archive") / "data"
    build_archive(folder, SOURCES)
    return folder


@pytest.fixture
def settings(built: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(built, data, ignore=shutil.ignore_patterns("*.lock"))
    return clean_settings(data)


def cli(settings, *args: str):
    return CliRunner().invoke(main, ["--data", str(settings.data_dir), *args], catch_exceptions=False)


def ids(settings) -> dict[str, str]:
    """The records of the archive by what they are (found from their source paths)."""
    store = Store(settings)
    found = {}
    for record_id in store.ids():
        path = store.get(record_id).source.path or ""
        if path.endswith("statedept_2024_azerbaijan.txt"):
            found["report"] = record_id
        elif path.endswith("markdown_part1.md"):
            found["rendition"] = record_id
        elif path.endswith("statedept_2023_azerbaijan.txt"):
            found["report_2023"] = record_id
        elif record_id.startswith("undated-"):
            with ReuseIndex.of(settings) as reuse:
                if any(link["relation"] == "quotes" for link in reuse.links(record_id)):
                    found["release"] = record_id
    assert set(found) == {"report", "rendition", "report_2023", "release"}, found
    return found


def links_of(settings, record_id: str) -> dict:
    result = cli(settings, "reuse", record_id, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def all_links(settings) -> set[tuple]:
    with ReuseIndex.of(settings) as reuse:
        return {(r, link["paragraph"], link["other_record_id"], link["other_paragraph"], link["relation"])
                for r in Store(settings).ids() for link in reuse.links(r)}


def test_the_json_contract_and_the_relations(settings):
    rec = ids(settings)
    data = links_of(settings, rec["rendition"])
    assert set(data) == {"record_id", "links"} and data["record_id"] == rec["rendition"]
    assert data["links"] and all(set(link) == CONTRACT for link in data["links"])
    to_report = [link for link in data["links"] if link["other_record_id"] == rec["report"]]
    assert to_report and {link["relation"] for link in to_report} == {"same_text"}
    # The undated release quotes the report (its text names dates before the report's; the passages are
    # in quotation marks there), and the report is quoted by it.
    release = links_of(settings, rec["release"])["links"]
    assert {link["relation"] for link in release if link["other_record_id"] == rec["report"]} == {"quotes"}
    report = links_of(settings, rec["report"])["links"]
    assert {link["relation"] for link in report if link["other_record_id"] == rec["release"]} == {"quoted_by"}
    # Two reports of different years share passages without quoting each other.
    assert "shares_text" in {link["relation"] for link in report if link["other_record_id"] == rec["report_2023"]}


def test_a_quotation_that_is_not_exact_carries_its_difference(settings):
    rec = ids(settings)
    links = links_of(settings, rec["release"])["links"]
    inexact = [link for link in links if link["diff"]]
    assert inexact, "the release changes a few words of what it quotes"
    for link in inexact:
        assert link["similarity"] < 1
        assert any(seg["op"] != "equal" for seg in link["diff"])
    store = Store(settings)
    for link in links:
        if link["diff"] is None:
            continue
        here = store.get(rec["release"]).paragraphs[link["paragraph"] - 1].text
        there = store.get(link["other_record_id"]).paragraphs[link["other_paragraph"] - 1].text
        for seg in link["diff"]:
            if "text" in seg:
                assert seg["text"] in here
            if "other" in seg:
                assert seg["other"] in there


def test_links_at_ingest_match_the_whole_archive_pass(settings):
    at_ingest = all_links(settings)
    assert at_ingest
    result = cli(settings, "reuse", "--all", "--fresh", "--quiet")
    assert result.exit_code == 0, result.output
    assert all_links(settings) == at_ingest


def test_reindex_rebuilds_the_links(settings):
    before = all_links(settings)
    for name in ("reuse.sqlite3", "reuse.sqlite3-wal", "reuse.sqlite3-shm"):
        (settings.data_dir / name).unlink(missing_ok=True)
    assert cli(settings, "reindex").exit_code == 0
    assert all_links(settings) == before


class Crash(Exception):
    pass


@pytest.mark.parametrize("stage, after", [("read", 1), ("linked", 5)])
def test_a_crash_mid_pass_leaves_consistent_links_and_a_rerun_resumes(settings, stage, after):
    expected = all_links(settings)
    seen = {"read": 0, "linked": 0}

    def crash(step: str, n: int) -> None:
        seen[step] += n
        if step == stage and seen[step] >= after:
            raise Crash

    import search.reuse.engine as engine

    old = engine.BATCH, engine.LINK_BATCH
    engine.BATCH = engine.LINK_BATCH = 3
    try:
        with pytest.raises(Crash):
            rebuild_links(settings, Store(settings), True, print, crash)
    finally:
        engine.BATCH, engine.LINK_BATCH = old
    with ReuseIndex.of(settings) as reuse:
        linked = {r for (r,) in reuse.conn.execute("SELECT record_id FROM docs WHERE state=1")}
        halfway = {(r, o) for r, _, o, _, _ in all_links(settings)}
        assert all(r in linked and o in linked for r, o in halfway), "links only between linked records"
        assert len(linked) < len(Store(settings).ids())
    stats = rebuild_links(settings, Store(settings), False, print)
    assert stats["linked"] > 0
    assert all_links(settings) == expected


def link_rows(settings) -> list[tuple]:
    """Every link and pair, as written (spans, similarity and difference included)."""
    with ReuseIndex.of(settings) as reuse:
        links = reuse.conn.execute(
            "SELECT d.record_id, l.n, o.record_id, l.other_n, l.relation, l.similarity, l.start, l.end, "
            "l.other_start, l.other_end, l.diff FROM links l JOIN docs d ON d.rid=l.rid JOIN docs o ON o.rid=l.other")
        pairs = reuse.conn.execute(
            "SELECT d.record_id, o.record_id, p.relation, p.share, p.other_share, p.rendition FROM pairs p "
            "JOIN docs d ON d.rid=p.rid JOIN docs o ON o.rid=p.other")
        return sorted(links.fetchall(), key=repr) + sorted(pairs.fetchall(), key=repr)


def test_worker_processes_write_the_same_links_and_name_a_torn_record(settings, monkeypatch, caplog):
    import search.reuse.workers as workers

    assert rebuild_links(settings, Store(settings), True, print)["links"] > 0
    expected = link_rows(settings)
    (settings.records_dir / "torn-record-0a1b2c.yaml").write_text("title: [not closed\n", encoding="utf-8")
    monkeypatch.setattr(workers, "PARALLEL_MIN_RECORDS", 1)  # this small archive read and linked by 2 workers
    parallel = clean_settings(settings.data_dir, reuse_procs=2)
    errors: list[str] = []
    with caplog.at_level("INFO", logger="search.reuse.engine"):
        stats = rebuild_links(parallel, Store(parallel), True, errors.append)
    assert "2 process(es)" in caplog.text
    assert len(errors) == 1 and "torn-record-0a1b2c.yaml" in errors[0] and "\n" not in errors[0]
    assert stats["linked"] == len(Store(settings).ids()) - 1
    assert link_rows(settings) == expected


def test_a_deleted_record_takes_its_links_along(settings, tmp_path):
    from webapp.jobs import delete_record

    rec = ids(settings)
    delete_record(settings, Store(settings), rec["rendition"])
    assert all(rec["rendition"] not in (a, o) for a, _, o, _, _ in all_links(settings))


def test_the_document_page_and_its_json_twin(settings):
    from webapp import create_app

    from auth_helpers import create_user, login

    rec = ids(settings)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", "a long enough passphrase")
    client = app.test_client()
    login(client, "rita", "a long enough passphrase")
    twin = client.get(f"/api/records/{rec['release']}").get_json()
    assert twin["links"] == links_of(settings, rec["release"])["links"]
    page = client.get(f"/records/{rec['release']}").get_data(as_text=True)
    assert "Quotes <a href=\"/records/" + rec["report"] in page
    assert "<del" in page or "<ins" in page  # the differences of an inexact quotation, highlighted
    rendition = client.get(f"/records/{rec['rendition']}").get_data(as_text=True)
    assert "This record is a rendition of" in rendition and f'href="/records/{rec["report"]}"' in rendition
    assert client.get(f"/api/records/{rec['rendition']}").get_json()["rendition_of"] == [rec["report"]]
    report = client.get(f"/records/{rec['report']}").get_data(as_text=True)
    assert "Quoted in 1 document" in report and "This record is a rendition of" not in report


def test_quotes_and_events_of_two_renditions_show_once(settings):
    from webapp import create_app

    from auth_helpers import create_user, login

    rec = ids(settings)
    store = Store(settings)
    key = lambda text: " ".join(text.casefold().split())  # noqa: E731
    in_both = {key(q.text) for q in store.get(rec["report"]).quotes} & {key(q.text) for q in store.get(rec["rendition"]).quotes}
    assert in_both, "the rendition repeats quotations of the report"
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", "a long enough passphrase")
    client = app.test_client()
    login(client, "rita", "a long enough passphrase")
    quotes = client.get("/api/quotes?limit=500").get_json()["quotes"]
    for text in in_both:
        rows = [q for q in quotes if key(q["text"]) == text]
        assert len(rows) == 1
        assert {rec["report"], rec["rendition"]} <= {r["record_id"] for r in rows[0]["records"]}
    events = client.get("/api/timeline").get_json()["events"]
    both = [e for e in events if {rec["report"], rec["rendition"]} <= {r["record_id"] for r in e.get("records", [])}]
    assert both, "an event both renditions report is listed once, with both"
    summaries = [(e["date"], e["summary"]) for e in events if e.get("kind") != "publication"]
    assert len(summaries) == len(set(summaries))


def test_search_folds_renditions(settings):
    rec = ids(settings)
    result = cli(settings, "search", "Committee against Torture", "--json", "--limit", "50")
    data = json.loads(result.output)
    shown = {hit["record_id"] for hit in data["hits"]}
    assert rec["report"] in shown and rec["rendition"] not in shown
    assert data["renditions"] == {rec["report"]: [rec["rendition"]]}


def test_user_mistakes_get_one_line(settings):
    result = cli(settings, "reuse", "no-such-record")
    assert result.exit_code == 1 and "no-such-record" in result.output and "Traceback" not in result.output
    result = cli(settings, "reuse")
    assert result.exit_code != 0 and "--all" in result.output


def test_a_new_record_is_linked_alone_and_unchanged_records_are_not_redone(settings):
    rec = ids(settings)
    store = Store(settings)
    with ReuseIndex.of(settings) as reuse:
        assert reuse.update([doc_of(store.get(rec["report"]))]) == 0  # unchanged: nothing rewritten
        before = reuse.links(rec["rendition"])
        reuse.update([], [rec["rendition"]])
        assert reuse.links(rec["rendition"]) == []
        written = reuse.update([doc_of(store.get(rec["rendition"]))])
        assert written > 0 and reuse.links(rec["rendition"]) == before


def test_the_record_page_never_writes_links(settings):
    """Links are derived at ingest, reindex and `reuse --all`; a GET only reads them, even for a record
    not compared yet, and never creates the database."""
    from webapp import create_app

    from auth_helpers import create_user, login

    rec = ids(settings)
    with ReuseIndex.of(settings) as reuse:  # as after a crash between writing a record and linking it
        reuse.update([], [rec["release"]])
    db = settings.data_dir / "reuse.sqlite3"

    def state() -> tuple:
        with ReuseIndex.of(settings, readonly=True) as reuse:
            rows = reuse.conn.execute("SELECT COUNT(*), COALESCE(SUM(state), 0) FROM docs").fetchone()
            links = reuse.conn.execute("SELECT COUNT(*) FROM links").fetchone()[0]
        return (*rows, links)

    before = state()
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", "a long enough passphrase")
    client = app.test_client()
    login(client, "rita", "a long enough passphrase")
    twin = client.get(f"/api/records/{rec['release']}").get_json()
    assert twin["links"] == [] and client.get(f"/records/{rec['release']}").status_code == 200
    assert not ReuseIndex.of(settings, readonly=True).is_linked(rec["release"])
    assert state() == before
    assert "not compared with the archive yet" in cli(settings, "reuse", rec["release"]).output
    assert state() == before
    for name in ("reuse.sqlite3", "reuse.sqlite3-wal", "reuse.sqlite3-shm"):
        (settings.data_dir / name).unlink(missing_ok=True)
    assert client.get(f"/api/records/{rec['report']}").get_json()["links"] == []
    assert not db.exists()
