"""A quotation many records hold is listed once on the quotes page: a few of its other records by
name, and one search that finds them all (the JSON twin lists every record)."""

from __future__ import annotations

import re

import pytest

from webapp import create_app
from webapp.quotes.views import ALSO_IN_SHOWN

from auth_helpers import create_user, login
from paths import DATA
from webapp_fixtures import build_archive

SOURCE = DATA / "enrich" / "quote_forms.txt"  # five quotations, among them one said by a legal director
SHARED = "This is a matter of basic decency and of law."
COPIES = ALSO_IN_SHOWN + 3
CITIES = ["Albany", "Boise", "Camden", "Dover", "Eugene", "Fresno", "Gary", "Helena", "Irvine", "Joliet"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    """An archive of releases that each carry the same quoted paragraph beside text of their own."""
    folder = tmp_path_factory.mktemp("also-in")
    source = SOURCE.read_text(encoding="utf-8")
    shared = next(p for p in source.split("\n\n") if SHARED in p)
    files = []
    for n, city in enumerate(CITIES[:COPIES]):
        path = folder / "files" / f"release-{n}.txt"
        path.parent.mkdir(exist_ok=True)
        own = (f"{city} office opens a clinic for families number {n}\n\n"
               f"{city.upper()} – The office in {city} opened its clinic on day {n + 3} of the month, "
               f"with {n + 20} volunteers and {n * 7 + 11} families on its first list.\n\n"
               f"The {city} volunteers will meet each week in the library on Elm Street number {n + 40}.")
        path.write_text(f"{own}\n\n{shared}\n", encoding="utf-8")
        files.append(path)
    settings = build_archive(folder / "data", files)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "rita", "reader", "a long enough passphrase")
    test_client = app.test_client()
    login(test_client, "rita", "a long enough passphrase")
    return test_client


def test_the_json_twin_lists_every_record_of_the_quotation(client):
    rows = [q for q in client.get("/api/quotes?limit=500").get_json()["quotes"] if q["text"] == SHARED]
    assert len(rows) == 1
    assert len(rows[0]["records"]) == COPIES


def test_the_page_names_a_few_records_and_links_a_search_that_finds_them_all(client):
    page = client.get("/quotes?limit=500").get_data(as_text=True)
    item = next(li for li in page.split('<li class="hit">') if "basic decency" in li)
    also_in = re.search(r'<p class="meta also-in">(.*?)</p>', item, re.S).group(1)
    named = re.findall(r'href="/records/[^"#]+', also_in)
    assert len(named) == ALSO_IN_SHOWN
    more = re.search(r'<a class="also-in-more" href="([^"]+)">and (\d+) more records</a>', also_in)
    assert more and int(more.group(2)) == COPIES - 1 - ALSO_IN_SHOWN
    url = more.group(1).replace("&amp;", "&").replace("/search?", "/api/search?", 1)
    found = client.get(url + "&limit=50").get_json()
    assert found["records"] == COPIES, found.get("error")


def test_a_quotation_in_few_records_names_them_all_without_a_search(client):
    page = client.get("/quotes?limit=500").get_data(as_text=True)
    assert page.count('class="also-in-more"') == 1  # only the shared quotation has more than it shows
