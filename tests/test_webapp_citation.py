"""Citations: quote verification, the four styles, pinpoints, and the CLI's cite/timeline/serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cite import STYLES, CitationError, cite, document_url, locate_quote, parse_ref
from webapp.cli import main


def test_locate_quote_returns_the_paragraph_text_exactly():
    text = "He said: “We will  not forget” the\u00a0prisoners’ names."
    assert locate_quote(text, 'said: "We will not forget" the prisoners\' names') == \
        "said: “We will  not forget” the\u00a0prisoners’ names"
    assert locate_quote(text, "We will forget") is None
    assert locate_quote(text, "   ") is None


@pytest.mark.parametrize("bad", ["", "no-hash", "id#3", "id#p0", "id#p", "#p3", "a b#p2"])
def test_parse_ref_rejects_what_is_not_id_hash_pn(bad):
    with pytest.raises(CitationError, match="RECORD_ID#pN"):
        parse_ref(bad)


def records(web_store):
    return [web_store.get(i) for i in web_store.ids()]


def test_every_style_names_org_title_date_pinpoint_and_access_date(web_store):
    record = next(r for r in records(web_store) if document_url(r.source.url) and r.date and r.source.org)
    n = record.paragraphs[-1].n
    for style in STYLES:
        c = cite(record, n, style)
        full = f"{c.note} {c.bibliography}"
        assert record.source.url in full, style
        assert record.date[:4] in full, style
        assert str(n) in c.note, style
        assert record.source.org.split()[0] in full, style
        year = c.access_date[:4]
        if style != "apa":  # APA gives no retrieval date for an archived document (APA 9.16)
            assert year in c.bibliography, style
    assert f"¶ {n}" in cite(record, n, "bluebook").note
    assert f"para. {n}" in cite(record, n, "chicago").note


def test_remembered_renderings_follow_every_argument(web_store):
    """Renderings are remembered; a change to the paragraph, access date or record gives a new one."""
    record = next(r for r in records(web_store)
                  if document_url(r.source.url) and r.date and len(r.paragraphs) > 1)
    first, last = record.paragraphs[0].n, record.paragraphs[-1].n
    for style in ("chicago", "apa", "mla"):
        again = cite(record, last, style)
        assert again.note == cite(record, last, style).note
        assert str(last) in cite(record, last, style).note and str(first) in cite(record, first, style).note
        assert cite(record, first, style).note != again.note
        earlier = cite(record, last, style, access_date="2021-02-03")
        later = cite(record, last, style, access_date="2024-05-06")
        if style != "apa":
            assert "2021" in earlier.bibliography and "2024" in later.bibliography, style
        renamed = replace(record, title=record.title + " (corrected)")
        assert "(corrected)" in cite(renamed, last, style).note + cite(renamed, last, style).bibliography


def test_pdf_paragraphs_are_cited_by_page(web_store):
    record = next(r for r in records(web_store) if r.source.media_type == "application/pdf")
    para = next(p for p in reversed(record.paragraphs) if p.page)
    assert f", at {para.page}" in cite(record, para.n, "bluebook").note
    chicago = cite(record, para.n, "chicago")
    assert chicago.page == para.page and str(para.page) in chicago.note


def test_cli_cite_matches_the_api(client, web_settings, web_store):
    record = records(web_store)[0]
    para = record.paragraphs[0]
    quote = " ".join(para.text.split()[:6])
    ref = f"{record.id}#p{para.n}"
    out = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "cite", ref, "--quote", quote,
                                    "--style", "mla", "--json"])
    assert out.exit_code == 0, out.output
    api = client.get("/api/cite", query_string={"ref": ref, "quote": quote, "style": "mla"}).get_json()
    assert json.loads(out.output) == api
    plain = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "cite", ref])
    assert plain.exit_code == 0 and "Bibliography:" in plain.output


def test_cli_cite_errors_are_one_clear_line(web_settings, web_store):
    record = records(web_store)[0]
    runner = CliRunner()
    out = runner.invoke(main, ["--data", str(web_settings.data_dir), "cite", f"{record.id}#p1",
                               "--quote", "words that are not in the paragraph at all"])
    assert out.exit_code == 1 and "does not occur" in out.output and "Traceback" not in out.output
    out = runner.invoke(main, ["--data", str(web_settings.data_dir), "cite", "2020-01-01-missing-000000#p1"])
    assert out.exit_code == 1 and "no record" in out.output


def test_cli_timeline_json_is_the_api_twin(client, web_settings):
    out = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "timeline", "--type", "letter", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == client.get("/api/timeline?type=letter").get_json()
    bad = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "timeline", "--since", "soon"])
    assert bad.exit_code == 1 and "since" in bad.output


def test_cli_serve_reports_a_port_in_use(web_settings):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        out = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "serve", "--port", str(port)])
    assert out.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in out.output


def test_cli_serve_reports_a_bad_setting_in_one_line(web_settings, monkeypatch):
    monkeypatch.setenv("EVIDENCE_TRUSTED_PROXIES", "-1")
    out = CliRunner().invoke(main, ["--data", str(web_settings.data_dir), "serve", "--port", "5999"])
    assert out.exit_code == 1 and "trusted_proxies" in out.output and "Traceback" not in out.output


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/task").is_dir(), reason="needs fork and /proc")
def test_cli_serve_with_two_processes_answers_and_stops_cleanly(web_settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    evidence = str(Path(sys.executable).with_name("evidence"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    server = subprocess.Popen([evidence, "--data", str(web_settings.data_dir), "serve", "--port", str(port),
                               "--processes", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        children = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
        assert len(children) == 1  # the second server process
        for _ in range(20):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                assert answer.status == 200
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert b"Traceback" not in err
    assert not Path(f"/proc/{children[0]}").exists() or "Z" in Path(f"/proc/{children[0]}/stat").read_text().split()[2]
    with socket.socket() as again:  # the port is free: no process kept listening
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
