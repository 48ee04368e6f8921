"""Every page and its JSON twin, through the real app over a real archive and index."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup


def code_in_markup(html: str) -> list[str]:
    """What a strict CSP would refuse or an attacker would want: inline scripts, on* and style
    attributes, javascript: links, and any element a document's text could have smuggled in."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and not tag.get("src"):
            found.append("inline <script>")
        if tag.name in ("iframe", "img", "object", "embed"):
            found.append(f"<{tag.name}>")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"<{tag.name} {name}=...>")
            if name in ("href", "src", "action") and str(value).strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}=javascript:...>")
    return found


def page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code, resp.get_data(as_text=True)[:500])
    html = resp.get_data(as_text=True)
    if resp.mimetype == "text/html":
        assert not code_in_markup(html), f"{url}: {code_in_markup(html)}"
        assert re.search(r"<title>[^<]+</title>", html) and "<h1" in html, f"{url}: no title or heading"
    return html


def meta_csrf_token(html: str) -> str:
    """The token the page's scripts send as X-CSRFToken (from <meta name="csrf-token">)."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no csrf-token meta tag"
    return match.group(1)


def first_hit(client, q: str = "prisoners of war") -> dict:
    data = client.get("/api/search", query_string={"q": q}).get_json()
    assert data["hits"], f"no hits for {q!r}"
    return data["hits"][0]


# -- search -------------------------------------------------------------------------------------

def test_search_page_shows_the_same_hits_as_its_json_twin(client):
    data = client.get("/api/search", query_string={"q": "prisoners of war"}).get_json()
    assert set(data) >= {"query", "total", "hits", "facets", "suggestion", "error"}
    assert data["total"] > 0
    html = page(client, "/search?q=prisoners+of+war")
    for hit in data["hits"]:
        assert f'/records/{hit["record_id"]}#p{hit["paragraph"]}' in html
        assert hit["snippet"] in html  # the index's escaped snippet with <mark>, shown as is
        assert f'ref={hit["record_id"]}%23p{hit["paragraph"]}' in html  # cite and add-to-draft links


def test_a_facet_link_narrows_the_search(client):
    html = page(client, "/search?q=Armenia")
    links = re.findall(r'href="([^"]+)"[^>]*data-facet="type" data-value="([^"]+)"', html)
    assert links, "no document-type facet links"
    href, value = links[0]
    narrowed = client.get(unescape(href).replace("/search", "/api/search", 1)).get_json()
    assert narrowed["hits"] and all(h["doc_type"] == value for h in narrowed["hits"])
    assert parse_qs(urlsplit(unescape(href)).query)["q"] == ["Armenia"]
    assert "Narrowed to" in page(client, unescape(href))


def test_date_range_and_sort_reach_the_index(client):
    data = client.get("/api/search", query_string={"q": "Armenia", "since": "2016", "sort": "date"}).get_json()
    assert data["hits"] and all(h["date"] >= "2016" for h in data["hits"])
    dates = [h["date"] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_empty_misspelled_and_malformed_queries_get_friendly_answers(client):
    assert "Type words or a phrase" in page(client, "/search")
    misspelled = client.get("/api/search?q=prisonrs").get_json()
    assert misspelled["suggestion"]
    assert "Did you mean" in page(client, "/search?q=prisonrs")
    html = page(client, "/search?q=Armenia&since=yesterday", 400)
    assert "since" in html and "YYYY" in html
    body = client.get("/api/search?q=Armenia&page=zero").get_json()
    assert body["status"] == 400 and "page" in body["error"]


# -- documents ------------------------------------------------------------------------------------

def test_document_page_numbers_every_paragraph_and_links_the_original(client, web_store):
    hit = first_hit(client)
    record = web_store.get(hit["record_id"])
    html = page(client, f"/records/{record.id}")
    anchors = re.findall(r'<div class="para[^"]*" id="p(\d+)"', html)
    assert [int(a) for a in anchors] == [p.n for p in record.paragraphs]
    assert record.source.sha256 in html
    data = client.get(f"/api/records/{record.id}").get_json()
    assert {k: v for k, v in data.items() if k not in ("links", "rendition_of")} == record.to_dict()
    resp = client.get(f"/records/{record.id}/original")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    assert hashlib.sha256(resp.get_data()).hexdigest() == record.source.sha256
    resp.close()


def test_unknown_document_is_404_in_html_and_json(client):
    assert "no document" in page(client, "/records/2020-01-01-nothing-here-000000", 404)
    body = client.get("/api/records/2020-01-01-nothing-here-000000").get_json()
    assert body["status"] == 404 and body["title"] == "Not Found" and body["error"]


# -- citations ------------------------------------------------------------------------------------

def test_cite_a_selected_quote_checks_it_against_the_paragraph(client, web_store):
    hit = first_hit(client)
    para = web_store.get(hit["record_id"]).paragraph(hit["paragraph"])
    words = para.text.split()
    quote = " ".join(words[2:12])
    ref = f'{hit["record_id"]}#p{hit["paragraph"]}'
    token = meta_csrf_token(page(client, f'/records/{hit["record_id"]}'))
    resp = client.post("/api/cite", json={"ref": ref, "quote": quote, "style": "chicago"},
                       headers={"X-CSRFToken": token})
    body = resp.get_json()
    assert resp.status_code == 200, body
    assert body["quote"] == quote and body["quote"] in para.text
    assert body["text"].startswith(f"“{quote}”")
    assert hit["title"][:20].lower() in body["note"].lower()
    bad = client.post("/api/cite", json={"ref": ref, "quote": quote + " and something never said"},
                      headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and "does not occur" in bad.get_json()["error"]


def test_cite_page_offers_every_style_and_the_api_matches(client):
    hit = first_hit(client)
    ref = f'{hit["record_id"]}#p{hit["paragraph"]}'
    html = page(client, f"/cite?ref={ref.replace('#', '%23')}")
    for style in ("chicago", "apa", "mla", "bluebook"):
        one = client.get("/api/cite", query_string={"ref": ref, "style": style}).get_json()
        assert one["style"] == style and one["ref"] == ref
        assert one["note"] in unescape(html)
    every = client.get("/api/cite", query_string={"ref": ref, "style": "all"}).get_json()
    assert [c["style"] for c in every["citations"]] == ["chicago", "apa", "mla", "bluebook"]


def test_cite_page_checks_typed_words_without_javascript(client, web_store):
    hit = first_hit(client)
    para = web_store.get(hit["record_id"]).paragraph(hit["paragraph"])
    typed = " ".join(para.text.replace("’", "'").replace("“", '"').replace("”", '"').split()[:8])
    html = page(client, f'/cite?ref={hit["record_id"]}%23p{hit["paragraph"]}&quote={typed}')
    exact = " ".join(para.text.split()[:8])
    assert "they occur exactly in" in html
    assert f"“{exact}”" in unescape(html)  # the document's own characters, not the typed ones
    assert "does not occur" in page(client, f'/cite?ref={hit["record_id"]}%23p{hit["paragraph"]}&quote=xyzzy plugh', 400)


def test_cite_rejects_a_bad_reference_or_style(client):
    assert client.get("/api/cite?ref=nonsense").get_json()["status"] == 400
    hit = first_hit(client)
    body = client.get("/api/cite", query_string={"ref": f'{hit["record_id"]}#p1', "style": "harvard"}).get_json()
    assert body["status"] == 400 and "style" in body["error"]
    body = client.get("/api/cite", query_string={"ref": f'{hit["record_id"]}#p9999'}).get_json()
    assert body["status"] == 400 and "no paragraph 9999" in body["error"]


# -- timeline and quotes ------------------------------------------------------------------------------

def test_timeline_page_and_twin_agree_and_link_to_paragraphs(client):
    data = client.get("/api/timeline").get_json()
    assert data["total"] == len(data["events"]) > 0
    assert sum(c["events"] + c["documents"] for c in data["counts"]) == data["total"]
    html = page(client, "/timeline")
    assert 'class="chart-detail"' in html and "Each bar counts the entries dated in that" in html
    with_paragraph = [e for e in data["events"] if e.get("paragraph")]
    for e in with_paragraph[:5]:
        assert f'/records/{e["record_id"]}#p{e["paragraph"]}' in html
    letters = client.get("/api/timeline?type=letter").get_json()
    assert letters["events"] and all(e["doc_type"] == "letter" for e in letters["events"])
    assert client.get("/api/timeline?since=someday").get_json()["status"] == 400


def test_quotes_page_and_twin(client):
    data = client.get("/api/quotes").get_json()
    assert set(data) >= {"total", "quotes", "speakers", "topics"}
    html = page(client, "/quotes")
    assert f'{data["total"]} quote' in html
    if data["speakers"] and data["speakers"][0]["speaker"]:
        name = data["speakers"][0]["speaker"]
        narrowed = client.get("/api/quotes", query_string={"speaker": name}).get_json()
        assert narrowed["total"] == data["speakers"][0]["count"]
        assert all(q["speaker"] == name for q in narrowed["quotes"])


# -- access, errors, CSRF -------------------------------------------------------------------------

def test_pages_need_a_signed_in_reader(anon):
    assert anon.get("/search?q=war").status_code == 302
    assert anon.get("/api/search?q=war").status_code == 401


def test_upload_needs_an_editor(reader):
    assert reader.get("/upload").status_code == 403


def test_error_shape_is_pinned(client):
    body = client.get("/api/no-such-page").get_json()
    assert body == {"error": body["error"], "status": 404, "title": "Not Found"}
    assert isinstance(body["error"], str) and body["error"]


def test_a_post_without_csrf_token_is_refused(client):
    resp = client.post("/drafts", data={"name": "no token"})
    assert resp.status_code == 400


@pytest.mark.parametrize("url", ["/search", "/timeline", "/quotes", "/drafts", "/upload"])
def test_every_page_has_a_title_heading_and_no_inline_code(client, url):
    html = page(client, url)
    assert 'aria-current="page"' in html  # the navigation says where you are
    assert '<main id="main"' in html


# -- hostile documents ------------------------------------------------------------------------------

def test_hostile_document_text_is_shown_as_text_everywhere(client, web_settings):
    from webapp.jobs import ingest_paths

    from paths import DATA

    report = ingest_paths([DATA / "hostile" / "xss-sidecar.txt"], web_settings)
    record_id = report.results[0].record_id
    assert record_id, report.results[0].reason
    tok = meta_csrf_token(page(client, "/search"))
    client.post("/drafts/add", data={"ref": f"{record_id}#p1", "draft_id": "new", "new_name": "x", "csrf_token": tok})
    for url in (f"/records/{record_id}", "/search?q=payload", "/timeline", "/quotes", "/drafts/1",
                f"/cite?ref={record_id}%23p1"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.get_data(as_text=True)
        assert not code_in_markup(html), (url, code_in_markup(html))
        assert "<svg onload" not in html and "<script>alert" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/records/{record_id}").get_data(as_text=True)
