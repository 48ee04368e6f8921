"""Issue 12 item 4: one truth across server processes. The real server (`evidence serve --processes 2`)
takes uploads of one file name with new bytes from several clients at once; both processes serve
them, and afterwards the archive holds one record for that name and `evidence check` is clean."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from archive import Store, load_settings

from auth_helpers import create_user
from paths import ROOT

pytestmark = pytest.mark.slow

EVIDENCE = str(Path(sys.executable).with_name("evidence"))
PASSWORD = "a long enough passphrase"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.token = ""

    def open(self, path: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=120) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def sign_in(self, name: str) -> None:
        _, page = self.open("/login")
        self.token = _CSRF.search(page.decode()).group(1)
        form = urllib.parse.urlencode({"name": name, "password": PASSWORD, "csrf_token": self.token}).encode()
        status, page = self.open("/login", form)
        assert status == 200, status
        self.token = _CSRF.search(page.decode()).group(1)

    def upload(self, name: str, content: bytes) -> dict:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                "Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        status, answer = self.open("/api/upload", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                          "X-CSRFToken": self.token})
        assert status == 200, answer[:300]
        return json.loads(answer)["results"][0]


def _serve(data: Path, port: int) -> subprocess.Popen:
    log = open(data.parent / "server.log", "wb")  # noqa: SIM115  (closed when the test ends)
    proc = subprocess.Popen([EVIDENCE, "--data", str(data), "-v", "serve", "--port", str(port), "--processes", "2",
                             "--threads", "2"], cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=log)
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5):
                return proc
        except OSError:
            assert proc.poll() is None, (data.parent / "server.log").read_text(errors="replace")[-500:]
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("the server did not start")


def test_uploads_of_one_name_to_both_processes_leave_one_record_and_a_clean_check(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    settings = load_settings(data)
    create_user(settings, "ed", "editor", PASSWORD)
    port = _free_port()
    server = _serve(data, port)
    results: list[dict] = []
    errors: list[BaseException] = []
    try:
        clients = [Client(f"http://127.0.0.1:{port}") for _ in range(4)]
        for c in clients:
            c.sign_in("ed")

        def uploads(c: Client, worker: int) -> None:
            try:
                for round_ in range(6):
                    text = (f"A statement uploaded again and again under one name, version {worker}-{round_} "
                            f"({uuid.uuid4().hex}), each time with other bytes.\n")
                    results.append(c.upload("same-name.txt", text.encode()))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=uploads, args=(c, i)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=60)
        server.log.close()
    assert not errors, errors
    assert len(results) == 24 and all(r["status"] in ("ingested", "replaced") for r in results), results
    served_by = set(re.findall(r"\[(\d+)\] webapp\.upload\.views: upload uploads/same-name\.txt", (data.parent / "server.log").read_text()))
    assert len(served_by) == 2, "both server processes should have taken uploads"
    at_path = [r.id for r in Store(load_settings(data)) if r.source.path == "uploads/same-name.txt"]
    assert len(at_path) == 1, at_path
    check = subprocess.run([EVIDENCE, "--data", str(data), "check", "--json"], cwd=ROOT, env=_env(),
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
