"""Load benchmark: the real server (`evidence serve`, waitress) on loopback, driven by concurrent
clients for a bounded time, with an upload every few seconds.

Each client signs in, then loops over searches, document views, citations, draft edits and
timeline views. One more client uploads a new document every --upload-every seconds. At the end
the archive is compared with what was uploaded. Prints requests per second, p50/p95/p99 latency,
the error count, and records lost.

    .venv/bin/python bench/load_bench.py                      # 20 clients, 60 s, 2 server processes x 4 threads
    .venv/bin/python bench/load_bench.py --processes 1 --threads 8   # one server process
    .venv/bin/python bench/load_bench.py --clients 5 --seconds 15
    .venv/bin/python bench/load_bench.py --think 1             # users who read between clicks
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "load bench passphrase"
QUERIES = ["prisoners of war", "Artsakh", "sanctions", "blockade", "humanitarian aid", "Section 907",
           "cultural heritage", "genocide", "Azerbaijan", "peace", "letter", "Nagorno-Karabakh"]
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {detail}"[:300])


class Client:
    """One browser-like user: a cookie jar, the CSRF token, timed requests."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def request(self, kind: str, path: str, data: bytes | None = None, headers: dict | None = None,
                timed: bool = True) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = time.perf_counter()
        status, body, detail = 0, b"", ""
        try:
            with self.opener.open(req, timeout=60) as resp:
                status, body = resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
            detail = f"HTTP {exc.code} {path} {body[:160]!r}"
        except (OSError, urllib.error.URLError) as exc:
            detail = f"{exc.__class__.__name__}: {exc} ({path})"
        if timed:
            self.stats.add(kind, time.perf_counter() - started, 200 <= status < 400, detail)
        return status, body

    def sign_in(self, name: str) -> None:
        _, page = self.request("login", "/login", timed=False)
        self.token = _csrf(page)
        form = urllib.parse.urlencode({"name": name, "password": PASSWORD, "csrf_token": self.token}).encode()
        status, page = self.request("login", "/login", form, timed=False)
        if status != 200:
            raise RuntimeError(f"sign-in as {name} failed: HTTP {status}")
        self.token = _csrf(page) or self.token

    def post_json(self, kind: str, path: str, body: dict) -> tuple[int, bytes]:
        return self.request(kind, path, json.dumps(body).encode(),
                            {"Content-Type": "application/json", "X-CSRFToken": self.token})

    def upload(self, name: str, content: bytes) -> tuple[int, bytes]:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("upload", "/api/upload", body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": self.token})


def _csrf(page: bytes) -> str:
    match = _CSRF.search(page.decode("utf-8", "replace"))
    return (match.group(1) or match.group(2)) if match else ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_archive(data: Path, users: int) -> list[str]:
    from archive import Store, load_settings
    from webapp.auth import create_user
    from webapp.jobs import ingest_paths

    settings = load_settings(data)
    report = ingest_paths([ROOT / "corpus"], settings)
    for failed in report.failed:
        print(f"  (corpus file not ingested: {failed.path}: {failed.reason})", file=sys.stderr)
    create_user(settings, "uploader", "editor", PASSWORD)
    for i in range(users):
        create_user(settings, f"user{i}", "reader", PASSWORD)
    return Store(settings).ids()


def start_server(data: Path, port: int, threads: int, log: Path, processes: int = 1) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    evidence = ROOT / ".venv" / "bin" / "evidence"
    with open(log, "wb") as log_file:  # the server's stderr goes to a file: a full pipe would stall it
        proc = subprocess.Popen([str(evidence), "--data", str(data), "-v", "serve", "--host", "127.0.0.1", "--port",
                                 str(port), "--threads", str(threads), "--processes", str(processes)], env=env, stdout=subprocess.DEVNULL,
                                stderr=log_file)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2):
                return proc
        except (OSError, urllib.error.URLError):
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text(errors='replace')[-500:]}") from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not answer within 60 s")


def reader_loop(client: Client, ids: list[str], stop: threading.Event, rng: random.Random, think: float) -> None:
    status, body = client.post_json("draft", "/api/drafts", {"name": f"Load draft {uuid.uuid4().hex[:6]}"})
    draft_id = json.loads(body).get("id") if status in (200, 201) else None
    while not stop.wait(rng.uniform(0, 2 * think) if think else 0):
        roll = rng.random()
        record_id = rng.choice(ids)
        if roll < 0.40:
            q = urllib.parse.quote(rng.choice(QUERIES))
            client.request("search", f"/api/search?q={q}" if rng.random() < 0.5 else f"/search?q={q}")
        elif roll < 0.65:
            client.request("view", f"/records/{record_id}" if rng.random() < 0.5 else f"/api/records/{record_id}")
        elif roll < 0.80:
            ref = urllib.parse.quote(f"{record_id}#p1")
            style = rng.choice(["chicago", "apa", "mla", "bluebook"])
            client.request("cite", f"/api/cite?ref={ref}&style={style}")
        elif roll < 0.95 and draft_id:
            client.post_json("draft", f"/api/drafts/{draft_id}/items", {"ref": f"{record_id}#p1", "note": "load"})
        else:
            client.request("timeline", "/api/timeline")


SAME_NAME = "load/same-name.txt"  # every uploader also re-uploads this one name with new bytes (a replace)


def uploader_loop(client: Client, every: float, stop: threading.Event, uploaded: list[dict], worker: int = 0) -> None:
    sources = sorted((ROOT / "corpus").rglob("*.txt"))
    n = 0
    while not stop.wait(every):
        n += 1
        src = sources[n % len(sources)]
        name = SAME_NAME if n % 2 == 0 else f"load/{worker}-{n:04d}-{src.name}"
        content = src.read_bytes() + f"\n\nLoad-test upload {worker}-{n} ({uuid.uuid4().hex}).\n".encode()
        status, body = client.upload(name, content)
        results = json.loads(body).get("results", []) if status == 200 else []
        uploaded.append({"name": name, "status": status, "results": results})


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--upload-every", type=float, default=3.0)
    parser.add_argument("--uploaders", type=int, default=2,
                        help="clients uploading at once (half their uploads replace one shared name)")
    parser.add_argument("--threads", type=int, default=4, help="server worker threads per process (evidence serve --threads)")
    parser.add_argument("--processes", type=int, default=2, help="server processes (evidence serve --processes)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause between a client's requests, in seconds (0: back to back)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="evidence-load-")) / "data"
    data.mkdir()
    print(f"preparing an archive from corpus/ in {data} ...", file=sys.stderr)
    ids = prepare_archive(data, args.clients)
    port = free_port()
    server_log = data.parent / "server.log"
    server = start_server(data, port, args.threads, server_log, args.processes)
    base = f"http://127.0.0.1:{port}"
    stats = Stats()
    stop = threading.Event()
    uploaded: list[dict] = []
    threads = []
    try:
        clients = []
        for i in range(args.clients):
            c = Client(base, stats)
            c.sign_in(f"user{i}")
            clients.append(c)
        uploaders = []
        for _ in range(args.uploaders):
            up = Client(base, stats)
            up.sign_in("uploader")
            uploaders.append(up)
        for i, c in enumerate(clients):
            threads.append(threading.Thread(target=reader_loop, args=(c, ids, stop, random.Random(args.seed + i), args.think),
                                            daemon=True))
        for w, up in enumerate(uploaders):
            threads.append(threading.Thread(target=uploader_loop, args=(up, args.upload_every, stop, uploaded, w),
                                            daemon=True))
        print(f"driving {base} with {args.clients} clients for {args.seconds:g} s ...", file=sys.stderr)
        started = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    from archive import Store, load_settings
    from search import SearchIndex

    settings = load_settings(data)
    store = Store(settings)
    in_archive = set(store.ids())
    paths = {r.source.path for r in store}
    unique = [u for u in uploaded if u["name"] != SAME_NAME]
    accepted = [r for u in unique for r in u["results"] if r.get("status") == "ingested"]
    lost = [r for r in accepted if r["record_id"] not in in_archive]
    refused = [u for u in unique if u["status"] != 200 or not any(r.get("status") == "ingested" for r in u["results"])]
    lost_names = [u["name"] for u in refused if f"uploads/{u['name']}" not in paths]
    if any(u["name"] == SAME_NAME for u in uploaded) and f"uploads/{SAME_NAME}" not in paths:
        lost_names.append(SAME_NAME)
    index_ok = SearchIndex(settings).record_ids() == in_archive
    by_path = Counter(r.source.path for r in store)
    duplicates = {p: n for p, n in by_path.items() if n > 1}
    replaces = sum(1 for u in uploaded for r in u["results"] if r.get("status") == "replaced")
    check = subprocess.run([str(ROOT / ".venv" / "bin" / "evidence"), "--data", str(data), "check", "--json"],
                           capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                                if not k.startswith("EVIDENCE_")})

    every = [s for values in stats.latencies.values() for s in values]
    total_errors = sum(stats.errors.values())
    print(f"clients {args.clients}, think {args.think:g} s, server processes {args.processes} x threads {args.threads}, "
          f"{elapsed:.1f} s, "
          f"{len(every)} requests")
    print(f"requests/s {len(every) / elapsed:.1f}")
    print(f"latency ms  p50 {pct(every, 50) * 1000:.0f}  p95 {pct(every, 95) * 1000:.0f}  "
          f"p99 {pct(every, 99) * 1000:.0f}  max {max(every, default=0) * 1000:.0f}")
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:<9} n={len(values):<6} p50 {pct(values, 50) * 1000:>6.0f}  p95 {pct(values, 95) * 1000:>6.0f}  "
              f"p99 {pct(values, 99) * 1000:>6.0f}  mean {statistics.fmean(values) * 1000:>6.0f}  "
              f"errors {stats.errors.get(kind, 0)}")
    print(f"errors {total_errors}")
    for sample in stats.error_samples:
        print(f"  {sample}")
    if total_errors:
        logged = [ln for ln in server_log.read_text(errors="replace").splitlines() if "Error" in ln or "error" in ln]
        for line in logged[-5:]:
            print(f"  server log: {line[:300]}")
    served = sorted(set(re.findall(r"\[(\d+)\] webapp\.upload\.views: upload ", server_log.read_text(errors="replace"))))
    print(f"uploads {len(uploaded)} ({args.uploaders} uploaders; server processes that took uploads: "
          f"{len(served) if served else 'unknown'}), ingested {len(accepted)}, replaced {replaces}, "
          f"records lost {len(lost) + len(lost_names)}")
    print(f"duplicate records (two records for one source path): {sum(n - 1 for n in duplicates.values())}"
          + (f" {duplicates}" if duplicates else ""))
    print(f"index agrees with archive: {'yes' if index_ok else 'NO'}")
    print(f"evidence check: {'clean' if check.returncode == 0 else 'PROBLEMS'}"
          + ("" if check.returncode == 0 else f"\n{check.stdout[-800:]}{check.stderr[-300:]}"))
    if args.keep:
        print(f"data kept in {data}", file=sys.stderr)
    else:
        shutil.rmtree(data.parent, ignore_errors=True)
    ok = not total_errors and not lost and not lost_names and index_ok and not duplicates and check.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
