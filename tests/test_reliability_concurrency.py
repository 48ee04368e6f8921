"""Uploads and searches at the same time, through the real app in threads: no request fails
(no LockError, no 500), and no search hit points at a record that is not completely there."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

import search
from archive import Store
from webapp import create_app
from webapp.jobs import ingest_paths

from auth_helpers import create_user, login, page_csrf_token

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough passphrase"
UPLOADERS, FILES_EACH, SEARCHERS = 3, 4, 4
QUERIES = ["prisoners", "Armenia", "sanctions", "letter", "humanitarian", "Azerbaijan", "blockade"]

pytestmark = pytest.mark.slow


def _documents() -> list[bytes]:
    sources = sorted((ROOT / "corpus").rglob("*.txt"))
    assert len(sources) >= 2
    docs = []
    for i in range(UPLOADERS * FILES_EACH):
        body = sources[i % len(sources)].read_bytes()
        docs.append(body + f"\n\nUpload number {i} in the concurrency test.\n".encode())
    return docs


def test_uploads_and_searches_at_the_same_time(settings):
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "ed", "editor", PASSWORD)
    docs = _documents()
    seed = sorted((ROOT / "corpus").rglob("*.md"))[:1]
    assert not ingest_paths(seed, settings).failed  # searches start on an archive that is not empty
    errors: list[str] = []
    uploaded: list[str] = []
    done = threading.Event()
    lock = threading.Lock()

    def guarded(work):
        def run(worker: int) -> None:
            try:
                work(worker)
            except Exception as exc:  # the app raised instead of answering
                errors.append(f"{work.__name__} {worker}: {exc.__class__.__name__}: {exc}")
        return run

    def uploader(worker: int) -> None:
        client = app.test_client()
        login(client, "ed", PASSWORD)
        token = page_csrf_token(client, "/upload")
        for j in range(FILES_EACH):
            n = worker * FILES_EACH + j
            resp = client.post("/api/upload", headers={"X-CSRFToken": token},
                               data={"files": [(io.BytesIO(docs[n]), f"w{worker}/doc{n}.txt")]})
            if resp.status_code != 200:
                errors.append(f"upload {n}: HTTP {resp.status_code} {resp.get_data(as_text=True)[:200]}")
                continue
            for result in resp.get_json()["results"]:
                if result["status"] != "ingested":
                    errors.append(f"upload {n}: {result}")
                else:
                    with lock:
                        uploaded.append(result["record_id"])

    def searcher(worker: int) -> None:
        client = app.test_client()
        login(client, "ed", PASSWORD)
        i = worker
        while not done.is_set() or i < worker + len(QUERIES):
            q = QUERIES[i % len(QUERIES)]
            i += 1
            resp = client.get(f"/api/search?q={q}&limit=10")
            if resp.status_code != 200:
                errors.append(f"search {q}: HTTP {resp.status_code} {resp.get_data(as_text=True)[:200]}")
                continue
            for hit in resp.get_json()["hits"]:
                rec = client.get(f"/api/records/{hit['record_id']}")
                if rec.status_code != 200:
                    errors.append(f"hit {hit['record_id']}: the record answers HTTP {rec.status_code}")
                elif not 1 <= hit["paragraph"] <= len(rec.get_json()["paragraphs"]):
                    errors.append(f"hit {hit['record_id']}#p{hit['paragraph']}: no such paragraph")

    threads = [threading.Thread(target=guarded(uploader), args=(w,)) for w in range(UPLOADERS)]
    readers = [threading.Thread(target=guarded(searcher), args=(w,)) for w in range(SEARCHERS)]
    for t in threads + readers:
        t.start()
    for t in threads:
        t.join(timeout=600)
    done.set()
    for t in readers:
        t.join(timeout=600)

    assert errors == [], "\n".join(errors)
    store = Store(settings)
    assert sorted(uploaded) == sorted(set(store.ids()) - {r.id for r in store if r.source.path.endswith(".md")})
    assert len(uploaded) == len(docs)
    assert search.SearchIndex(settings).record_ids() == set(store.ids())
