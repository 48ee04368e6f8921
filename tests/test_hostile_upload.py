"""The hostile corpus uploaded through the web app: every refused file is named with its reason in
the answer, nothing is stored for it, and the server never answers 500."""

from __future__ import annotations

import io
from pathlib import Path

from test_hostile_files import HOSTILE, REFUSED, XSS_FILES

from archive import Store
from webapp import create_app

from auth_helpers import create_user, login, page_csrf_token

PASSWORD = "a long enough passphrase"


def test_hostile_uploads_get_a_clear_refusal_each(settings):
    app = create_app({"SETTINGS": settings, "TESTING": True})
    create_user(settings, "ed", "editor", PASSWORD)
    client = app.test_client()
    login(client, "ed", PASSWORD)
    token = page_csrf_token(client, "/upload")
    names = sorted(REFUSED) + [n for n in XSS_FILES if not n.startswith("xss-sidecar")]
    files = [(io.BytesIO((HOSTILE / name).read_bytes()), name) for name in names]
    resp = client.post("/api/upload", headers={"X-CSRFToken": token}, data={"files": files})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    results = {r["name"]: r for r in resp.get_json()["results"]}
    assert sorted(results) == sorted(names)
    for name in REFUSED:
        assert results[name]["status"] == "failed", name
        assert results[name]["reason"] and "Traceback" not in results[name]["reason"], name
        assert results[name]["record_id"] is None
    stored = sorted(Path(r.source.path).name for r in Store(settings))
    assert stored == sorted(n for n in names if n not in REFUSED)
    page = client.post("/upload", data={"csrf_token": token, "files": [
        (io.BytesIO((HOSTILE / "zip-bomb.docx").read_bytes()), "zip-bomb.docx")]})
    assert page.status_code == 200
    assert "zip-bomb.docx" in page.get_data(as_text=True)
