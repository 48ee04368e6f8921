"""Page times of the web app over a synthetic archive: p50/p95 for search, document, timeline and quotes pages.

    .venv/bin/python bench/web_bench.py                      # 10,000 records in bench/out/web-archive
    .venv/bin/python bench/web_bench.py --records 2000 --requests 50

The synthetic archive is built once (and reused while its record count matches) from the shipped
corpus: each synthetic record is a shipped record with a new id, date, a rotated subset of its
paragraphs (with the quotes in them), topics and events shifted with the date. Pages are requested
in-process through Flask's test client (no network), as a signed-in reader, after a warm-up round;
the times are the app's own. "cold" is the first request of its kind in the process.

The quotes page is also timed on the first request after each change to the records ("after a
change"): a record with new quotes written, then deleted, then an existing record rewritten with
other topics (as ingest, delete and retag do); each answer is checked against the change, and the
archive is left as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Event, Paragraph, Quote, Record, Store, load_settings, make_record_id  # noqa: E402

FORMAT = "2"  # of the synthetic archive; 2: records keep the quotes of their paragraphs

QUERIES = ["prisoners of war", "blockade", "Lachin corridor", "cultural heritage", "Section 907",
           "humanitarian aid", "genocide", "Stepanakert", "Magnitsky sanctions", "peace agreement",
           "torture", "military aid", '"ethnic cleansing"', "Artsakh", "detainees"]


def templates() -> list[Record]:
    from webapp.jobs import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "data")
        report = ingest_paths([ROOT / "corpus"], settings)
        if report.failed:
            print(f"warning: {len(report.failed)} corpus files failed to ingest", file=sys.stderr)
        return list(Store(settings))


def synthetic(template: Record, i: int, rng: random.Random) -> Record:
    year = rng.randint(2005, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    keep = max(3, min(len(template.paragraphs), rng.randint(5, 25)))
    start = rng.randrange(len(template.paragraphs))
    chosen = [template.paragraphs[(start + k) % len(template.paragraphs)] for k in range(keep)]
    paragraphs = [Paragraph(n, p.text, p.page, p.kind) for n, p in enumerate(chosen, start=1)]
    new_n = {p.n: n for n, p in enumerate(chosen, start=1)}
    quotes = [Quote(q.text, q.speaker, q.speaker_role, new_n[q.paragraph], q.via)
              for q in template.quotes if q.paragraph in new_n]
    shift = year - int((template.date or "2020")[:4])
    events = []
    for e in template.events[:12]:
        try:
            new_year = int(e.date[:4]) + shift
        except ValueError:
            continue
        if 1900 < new_year < 2030:
            events.append(Event(f"{new_year:04d}{e.date[4:]}", e.precision, e.summary,
                                rng.randint(1, len(paragraphs)), None))
    title = f"{template.title} ({i})"
    sha = hashlib.sha256(f"synthetic-{i}".encode()).hexdigest()
    topics = rng.sample(template.topics, k=min(len(template.topics), rng.randint(1, 5))) if template.topics else []
    return replace(template, id=make_record_id(date, title, sha), title=title, date=date, paragraphs=paragraphs,
                   events=events, topics=topics, quotes=quotes, source=replace(template.source, sha256=sha,
                                                                            path=f"synthetic/{i}.txt"))


def build_archive(data_dir: Path, count: int) -> None:
    settings = load_settings(data_dir)
    store = Store(settings)
    marker = data_dir / "bench-format"
    built = marker.read_text().strip() if marker.is_file() else None
    if len(store) == count and settings.index_dir.exists() and built == FORMAT:
        import search

        index = search.SearchIndex(settings)
        handle = index._handle()
        if not handle.all_sidecars():  # an index from before the posting arrays
            print(f"reindexing {count} records in {data_dir} (no posting arrays yet)", file=sys.stderr)
            index.rebuild(store)
        print(f"reusing {count} records in {data_dir}", file=sys.stderr)
        return
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    store = Store(settings)
    rng = random.Random(7)
    base = templates()
    started = time.perf_counter()
    for i in range(count):
        store.write(synthetic(base[i % len(base)], i, rng))
    print(f"wrote {count} records in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    import search

    stats = search.SearchIndex(settings).rebuild(store)
    print(f"indexed: {stats}", file=sys.stderr)
    marker.write_text(FORMAT + "\n")


def percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def measure(client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        started = time.perf_counter()
        resp = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if resp.status_code != 200:
            raise SystemExit(f"{url}: HTTP {resp.status_code}")
        times.append(elapsed)
    return times


def sign_in(app) -> Any:
    """A test client signed in as the bench reader (created once in the data folder)."""
    from webapp.auth import create_user, find_user

    settings = app.config["SETTINGS"]
    if find_user(settings, "bench") is None:
        create_user(settings, "bench", "reader", "bench reader password")
    client = app.test_client()
    token_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', token_page).group(1)
    client.post("/login", data={"name": "bench", "password": "bench reader password", "csrf_token": token})
    return client


def frequent_speakers(store: Store, ids: list[str], rng: random.Random, count: int = 5) -> list[str]:
    """The most quoted speakers in a sample of the records (read from the files, not through the app)."""
    counts = Counter(q.speaker for i in rng.sample(ids, min(len(ids), 300)) for q in store.get(i).quotes if q.speaker)
    return [name for name, _ in counts.most_common(count)] or ["nobody"]


def page_kinds(ids: list[str], speakers: list[str], requests: int, rng: random.Random) -> dict[str, list[str]]:
    topics = ["pows-detainees", "blockade", "cultural-heritage", "genocide", "peace-process"]
    return {
        "search": [f"/search?q={rng.choice(QUERIES)}&page={rng.choice([1, 1, 1, 2])}" for _ in range(requests)],
        "search (topic facet)": [f"/search?q={rng.choice(QUERIES)}&topic={rng.choice(topics)}"
                                 for _ in range(requests)],
        "document": [f"/records/{rng.choice(ids)}" for _ in range(requests)],
        "timeline (topic)": [f"/timeline?topic={rng.choice(topics)}" for _ in range(requests)],
        "timeline (all)": ["/timeline" for _ in range(max(10, requests // 5))],
        "quotes (all)": [f"/quotes?page={rng.choice([1, 1, 1, 2])}" for _ in range(requests)],
        "quotes (speaker)": [f"/quotes?{urlencode({'speaker': rng.choice(speakers)})}" for _ in range(requests)],
    }


def api_total(client: Any, **args: str) -> int:
    return client.get("/api/quotes", query_string={**args, "limit": "1"}).get_json()["total"]


def check(what: str, got: int, expected: int) -> None:
    if got != expected:
        raise SystemExit(f"quotes page wrong after {what}: {got} quotes, expected {expected}")


def quotes_after_changes(client: Any, store: Store, ids: list[str], speakers: list[str], rounds: int,
                         rng: random.Random) -> list[float]:
    """Time the first quotes page after each change (add, delete, retag, retag back: the record
    written, then indexed, as those commands do), checking each answer."""
    from search import SearchIndex

    index = SearchIndex(store.settings)
    times: list[float] = []
    quoted = [r for r in (store.get(i) for i in rng.sample(ids, min(len(ids), 50))) if r.quotes]
    for n in range(rounds):
        url = "/quotes" if n % 2 == 0 else f"/quotes?{urlencode({'speaker': rng.choice(speakers)})}"
        base = rng.choice(quoted)
        sha = hashlib.sha256(f"bench-change-{n}".encode()).hexdigest()
        added = replace(base, id=make_record_id(base.date, f"bench change {n}", sha),
                        source=replace(base.source, sha256=sha, path=f"bench/change-{n}.txt"),
                        quotes=[Quote(f"Bench quote {n}.", "Bench Speaker", None, 1)])
        store.write(added)  # as an ingest does
        index.upsert([added])
        times += measure(client, [url])
        check("an ingest", api_total(client, speaker="Bench Speaker"), 1)
        store.delete(added.id)  # as a delete does
        index.delete([added.id])
        times += measure(client, [url])
        check("a delete", api_total(client, speaker="Bench Speaker"), 0)
        retagged = replace(base, topics=[*base.topics, "bench-topic"])
        store.write(retagged)  # as a retag does
        index.upsert([retagged])
        times += measure(client, [url])
        check("a retag", api_total(client, topic="bench-topic"), len(base.quotes))
        store.write(base)  # and back
        index.upsert([base])
        times += measure(client, [url])
        check("a retag back", api_total(client, topic="bench-topic"), 0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per page kind")
    parser.add_argument("--changes", type=int, default=10,
                        help="rounds of changes (add, delete, retag, retag back) before a quotes page")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this (e.g. quotes)")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "web-archive")
    args = parser.parse_args()
    build_archive(args.data, args.records)

    from webapp import create_app

    settings = load_settings(args.data)
    client = sign_in(create_app({"SETTINGS": settings}))
    rng = random.Random(11)
    store = Store(settings)
    ids = store.ids()
    speakers = frequent_speakers(store, ids, rng)
    kinds = {k: v for k, v in page_kinds(ids, speakers, args.requests, rng).items() if args.only in k}
    print(f"web app over {len(ids)} records ({args.requests} requests per kind, after one warm-up round)")
    if any(k.startswith("quotes") for k in kinds):
        cached = (args.data / "cache" / "quotes.json").is_file()
        print(f"quotes catalog starts from {'its cache file' if cached else 'the records (no cache file yet)'}")
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cold ms':>8}")
    for name, urls in kinds.items():
        cold = measure(client, urls[:1])[0]
        measure(client, urls[:5])
        p50, p95, top = percentiles(measure(client, urls))
        print(f"{name:24} {p50:8.1f} {p95:8.1f} {top:8.1f} {cold:8.1f}")
    if args.changes and args.only in "quotes (after a change)":
        p50, p95, top = percentiles(quotes_after_changes(client, store, ids, speakers, args.changes, rng))
        print(f"{'quotes (after a change)':24} {p50:8.1f} {p95:8.1f} {top:8.1f} {'':>8}")


if __name__ == "__main__":
    main()
