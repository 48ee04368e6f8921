"""`evidence serve` writes an access log, one line per request, on by default (issue 15); the setting
access_log turns it off. Against the real server in a subprocess."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

LINE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 "(GET|POST) (\S+) HTTP/1\.[01]" (\d{3}) (\d+) \d+ms$')


def serve_and_get(data_dir: Path, paths: list[str], wait_for: tuple[str, ...] = (), **env_extra: str) -> list[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    evidence = str(Path(sys.executable).with_name("evidence"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")} | env_extra
    server = subprocess.Popen([evidence, "--data", str(data_dir), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while True:  # wait for the server; these probes are logged too (they are requests)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        for path in paths:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                    answer.read()
            except urllib.error.HTTPError as exc:
                exc.read()
                exc.close()
        # A line is written once its answer has been sent: give the last ones a moment to arrive.
        deadline = time.monotonic() + (10 if wait_for else 2)
        while time.monotonic() < deadline and not all(any(w in line for line in lines) for w in wait_for):
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=10)
        server.stderr.close()  # type: ignore[union-attr]
    return [line.rstrip("\n") for line in lines if line.strip()]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX server")
def test_one_line_per_request_by_default(web_settings) -> None:
    long_query = "/api/search?q=" + "x" * 5000
    lines = serve_and_get(web_settings.data_dir, ["/login", "/no-such-page", long_query],
                          wait_for=('"GET /no-such-page ', '"GET /api/search?q='))
    access = [m for m in (LINE.match(line) for line in lines) if m]
    assert len(access) >= 3, lines
    requests = [(m.group(1), m.group(2), m.group(3)) for m in access]
    assert ("GET", "/login", "302") in requests and ("GET", "/setup", "200") in requests  # no account yet
    assert ("GET", "/no-such-page", "404") in requests
    refused = [m for m in access if m.group(2).startswith("/api/search")]
    assert refused and refused[-1].group(3) in ("400", "401", "302")
    assert len(refused[-1].group(0)) < 500 and "5014-chars" in refused[-1].group(0)  # cut short
    assert all(int(m.group(4)) >= 0 for m in access)
    assert not [line for line in lines if "Traceback" in line]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX server")
def test_the_setting_turns_it_off(web_settings) -> None:
    lines = serve_and_get(web_settings.data_dir, ["/login", "/login"], EVIDENCE_ACCESS_LOG="false")
    assert not [line for line in lines if LINE.match(line)], lines
