"""Draft exports carry the style rules (issue 15): Markdown escaped only where Markdown would act (no
backslashes in web addresses or before plain brackets), CSL-JSON with the item types Zotero maps, nested
quotation marks alternated in the quote but the archived text unchanged."""

from __future__ import annotations

import json

from test_webapp_drafts import add, new_draft

from webapp.exports.markdown import escape


def test_markdown_escape_leaves_urls_and_plain_brackets_alone() -> None:
    text = "[Letter to the Secretary], October 2, 2023, https://example.org/a_b/c_d?x=1_2."
    assert escape(text) == text
    assert escape("a *b* _c_ snake_case") == "a \\*b\\* \\_c\\_ snake_case"
    assert escape("[^1] and [a](b)") == "\\[^1] and [a\\](b)"
    assert escape("<script>") == "\\<script>"
    assert escape("Note:\n# not a heading\n1. not a list") == "Note:\n\\# not a heading\n1\\. not a list"


def test_a_drafts_exports_follow_the_styles(client, web_store) -> None:
    records = [web_store.get(i) for i in web_store.ids()]
    described = next(r for r in records if r.title.startswith("[") and r.doc_type == "press_release")
    with_url = next(r for r in records if r.source.url and "/20" in r.source.url and r.doc_type == "press_release")
    home_page = next(r for r in records if r.source.url and r.source.url.rstrip("/").count("/") == 2)
    draft_id = new_draft(client, "Evidence for the letter")
    for record in (described, with_url, home_page):
        assert add(client, draft_id, f"{record.id}#p2").status_code == 303

    md = client.get(f"/drafts/{draft_id}/export?format=markdown&style=chicago").get_data(as_text=True)
    assert "\\[" not in md and "\\]" not in md  # no link syntax to guard against in these citations
    assert with_url.source.url in md  # the address whole, without backslashes
    assert home_page.source.url + "." not in md and f"{home_page.source.url}/" not in md
    assert described.title in md  # the supplied description as it stands: not title-cased, not quoted
    assert f"“{described.title}" not in md

    items = json.loads(client.get(f"/drafts/{draft_id}/export?format=csljson").get_data(as_text=True))
    by_id = {item["id"]: item for item in items}
    for record in (described, with_url, home_page):
        assert by_id[record.id]["type"] == "report" and by_id[record.id]["genre"] == "Press release"
        assert by_id[record.id]["publisher"] == record.source.org
    assert by_id[with_url.id]["URL"] == with_url.source.url
    assert "URL" not in by_id[home_page.id]  # a site's home page does not address the document


def test_nested_quotes_in_a_drafts_quote(client, web_store) -> None:
    found = None
    for rid in web_store.ids():
        record = web_store.get(rid)
        for p in record.paragraphs:
            start = p.text.find("“")
            if start > 0 and "”" in p.text[start:]:
                found = (record, p, p.text[max(0, start - 20): p.text.index("”", start) + 1])
                break
        if found:
            break
    assert found, "the test archive has a paragraph with a quotation inside it"
    record, paragraph, quote = found
    draft_id = new_draft(client, "Nested")
    assert add(client, draft_id, f"{record.id}#p{paragraph.n}", quote=quote).status_code == 303
    item = client.get(f"/api/drafts/{draft_id}").get_json()["items"][0]
    assert item["text"] == quote  # archived words unchanged
    md = client.get(f"/drafts/{draft_id}/export?format=markdown").get_data(as_text=True)
    shown = quote.replace("“", "‘").replace("”", "’")
    assert f"> “{shown}”" in md
    page = client.get(f"/drafts/{draft_id}").get_data(as_text=True)
    assert f"“{shown}”" in page
