"""Search benchmark: a synthetic archive of N records recombined from the shipped corpus, indexed
by our Whoosh index and, as the in-run reference, by a plain SQLite FTS5 table of the same text.

For each N it prints: full rebuild time and records per second, index size, peak memory (the
rebuilding parent and its largest worker), and query latency p50/p95 by kind (single term, phrase,
alias-expanded, filtered with facet counts, 50 snippets; plus Whoosh alone without our facets
and snippets), for both engines; and the resident memory of the serving process.

    .venv/bin/python bench/search_bench.py --records 10000
    .venv/bin/python bench/search_bench.py --records 10000 100000 --queries 40

Records are 2 to 8 KB: corpus paragraphs recombined, with the place and organization names of
the aliases vocabulary swapped for their variants, random dates (2008-2025), topics, types and
organizations. The work folder (default: a temp folder) is deleted unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Paragraph, Record, Source, Store, load_settings, load_vocabulary  # noqa: E402

DOC_TYPES = ["press_release", "letter", "report", "action_alert", "statement", "testimony"]
ORGS = ["Armenian National Committee of America", "U.S. Department of State", "Office of Rep. Adam Schiff",
        "Office of Rep. Brad Sherman", "Congressional Armenian Caucus", "Human Rights Watch",
        "Armenian Assembly of America", "Freedom House"]


# -- the synthetic archive --------------------------------------------------------------------------

def corpus_paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix in (".txt", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            out += [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if len(p.strip()) >= 80]
    if not out:
        raise SystemExit("no corpus text found under corpus/")
    return out


def name_swapper(rng: random.Random) -> tuple[re.Pattern[str], dict[str, list[str]]]:
    vocab = load_vocabulary(ROOT / "corpus")
    groups: dict[str, list[str]] = {}
    for group in vocab.aliases:
        if group.kind in ("place", "organization", "term"):
            for name in group.names:
                groups[name.lower()] = list(group.names)
    names = sorted(groups, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I), groups


def paragraph_pool(rng: random.Random, variants: int = 6) -> list[str]:
    """Corpus paragraphs, each in several copies with alias names swapped for other names of their
    group and an added dated sentence in some."""
    pattern, groups = name_swapper(rng)
    pool = []
    for text in corpus_paragraphs():
        for _ in range(variants):
            swapped = pattern.sub(lambda m: rng.choice(groups[m.group(0).lower()]), text)
            if rng.random() < 0.3:
                swapped += (f" On {rng.choice(['January', 'March', 'May', 'July', 'September', 'November'])} "
                            f"{rng.randint(1, 28)}, {rng.randint(2008, 2025)}, officials responded.")
            pool.append(swapped)
    return pool


def synthetic_records(n: int, seed: int = 7):
    rng = random.Random(seed)
    pool = paragraph_pool(rng)
    topics = load_vocabulary(ROOT / "corpus").topic_ids
    for i in range(n):
        target = rng.randint(2048, 8192)
        paras: list[str] = []
        size = 0
        while size < target:
            text = rng.choice(pool)
            paras.append(text)
            size += len(text.encode("utf-8"))
        year = rng.randint(2008, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(paras[0].split()[:9])
        rid = f"{date}-synthetic-{i:06d}"
        yield Record(
            id=rid, title=title, doc_type=rng.choice(DOC_TYPES), date=date, date_source="sidecar",
            source=Source(org=rng.choice(ORGS), url=f"https://example.org/{rid}", path=f"synthetic/{rid}.txt",
                          sha256=f"{i:064x}", media_type="text/plain"),
            topics=sorted(rng.sample(topics, rng.randint(0, 3))),
            paragraphs=[Paragraph(n=k, text=t) for k, t in enumerate(paras, 1)],
        )


def build_archive(data_dir: Path, n: int) -> dict[str, Any]:
    """Write the records as the store's files (JSON, which is YAML too and parses as fast with
    the C loader; written without fsync: this is a throwaway archive)."""
    started = time.perf_counter()
    store = Store(load_settings(data_dir))
    store.records_dir.mkdir(parents=True, exist_ok=True)
    total_bytes = 0
    for record in synthetic_records(n):
        total_bytes += sum(len(p.text.encode("utf-8")) for p in record.paragraphs)
        store.path_for(record.id).write_bytes(json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8"))
    return {"seconds": round(time.perf_counter() - started, 1), "text_mb": round(total_bytes / 2**20, 1)}


# -- phases run in their own processes (so memory is measured per job) ----------------------------

def peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def phase_rebuild(data_dir: Path, procs: int | None) -> dict[str, Any]:
    from search import SearchIndex

    settings = load_settings(data_dir)
    stats = SearchIndex(settings).rebuild(Store(settings), procs=procs)
    stats["load_average"] = round(os.getloadavg()[0], 2)
    stats.pop("skipped", None)
    cpu = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    stats["cpu_seconds"] = round(sum(u.ru_utime + u.ru_stime for u in cpu), 1)
    stats["peak_parent_mb"] = peak_mb(resource.RUSAGE_SELF)
    stats["peak_worker_mb"] = peak_mb(resource.RUSAGE_CHILDREN)
    stats["index_mb"] = round(dir_size(settings.index_dir) / 2**20, 1)
    return stats


def phase_fts(data_dir: Path) -> dict[str, Any]:
    settings = load_settings(data_dir)
    db_path = data_dir / "fts.sqlite3"
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE VIRTUAL TABLE fts USING fts5(text, title, tokenize='porter unicode61 remove_diacritics 2');
        CREATE TABLE meta(id INTEGER PRIMARY KEY, rid TEXT, n INT, doc_type TEXT, org TEXT, year TEXT, date INT);
        CREATE TABLE topic(id INTEGER, topic TEXT);
    """)
    rowid = 0
    records = 0
    for record in Store(settings):
        records += 1
        date = int(record.date.replace("-", "")) if record.date else 0
        for p in record.paragraphs:
            rowid += 1
            con.execute("INSERT INTO fts(rowid, text, title) VALUES (?, ?, ?)", (rowid, p.text, record.title))
            con.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (rowid, record.id, p.n, record.doc_type, record.source.org, (record.date or "")[:4], date))
            con.executemany("INSERT INTO topic VALUES (?, ?)", [(rowid, t) for t in record.topics])
    con.executescript("CREATE INDEX topic_t ON topic(topic, id); CREATE INDEX topic_id ON topic(id, topic);"
                      "CREATE INDEX meta_date ON meta(date);")
    con.commit()
    con.close()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"records": records, "documents": rowid, "seconds": round(seconds, 1),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "records_per_second": round(records / seconds, 1), "index_mb": round(db_path.stat().st_size / 2**20, 1),
            "peak_mb": peak_mb(resource.RUSAGE_SELF)}


def query_sets(rng: random.Random, count: int, topics: list[str]) -> dict[str, list[dict[str, Any]]]:
    pool = corpus_paragraphs()
    words = sorted({w for p in pool for w in re.findall(r"[A-Za-z]{6,}", p)})
    phrases = []
    while len(phrases) < count:
        toks = re.findall(r"[A-Za-z]{3,}", rng.choice(pool))
        if len(toks) >= 3:
            i = rng.randrange(len(toks) - 2)
            phrases.append(" ".join(toks[i : i + rng.choice((2, 3))]))
    aliases = ["Nagorno-Karabakh", "Stepanakert", "POWs", "Shusha", "Khankendi", "Artsakh", "Türkiye", "ICRC",
               "prisoners of war", "State Department", "Lachin Corridor", "Magnitsky Act"]
    terms = [rng.choice(words) for _ in range(count)]
    return {
        "term": [{"text": t} for t in terms],
        "phrase": [{"text": f'"{p}"'} for p in phrases],
        "alias": [{"text": aliases[i % len(aliases)]} for i in range(count)],
        "filtered_facets": [{"text": rng.choice(words), "topic": rng.choice(topics),
                             "since": str(rng.randint(2010, 2020))} for _ in range(count)],
        "snippets_50": [{"text": rng.choice(words), "limit": 50} for _ in range(count)],
    }


def percentiles(samples: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    """p50/p95 of wall-clock ms (and of CPU ms: what an idle core would take)."""
    def pct(values: list[float]) -> tuple[float, float]:
        ordered = sorted(values)
        return round(statistics.median(ordered), 2), round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2)

    out = dict(zip(("p50_ms", "p95_ms"), pct(samples), strict=True))
    if cpu:
        out.update(zip(("cpu_p50_ms", "cpu_p95_ms"), pct(cpu), strict=True))
    return out


def phase_serve(data_dir: Path, count: int) -> dict[str, Any]:
    from search import SearchIndex, SearchQuery
    from search.aliases import load_aliases
    from search.query import parse_text

    settings = load_settings(data_dir)
    topics = load_vocabulary(ROOT / "corpus").topic_ids
    sets = query_sets(random.Random(11), count, topics)
    started = time.perf_counter()
    index = SearchIndex(settings)
    index.search(SearchQuery("Armenia"))  # open + first query (facet columns read)
    out: dict[str, Any] = {"open_and_first_query_ms": round(1000 * (time.perf_counter() - started), 1)}
    ours: dict[str, Any] = {}
    for kind, queries in sets.items():
        times, cpu = [], []
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            result = index.search(SearchQuery(**q))
            times.append(1000 * (time.perf_counter() - t))
            cpu.append(1000 * (time.process_time() - c))
            assert result.error is None, (q, result.error)
        ours[kind] = percentiles(times, cpu)
    # The serving process after our query kinds (the Whoosh-alone runs below read posting blocks
    # that our queries never touch, which adds mapped index pages).
    out["serving_rss_mb"] = rss_mb()
    out["serving_rss_anon_mb"] = rss_mb("RssAnon")
    out["serving_rss_file_mb"] = rss_mb("RssFile")
    # Whoosh alone: the same term and filtered queries, top 20, without our facets and snippets.
    aliases = load_aliases(settings)
    handle = index._handle()
    for kind in ("term", "filtered_facets"):
        times, cpu = [], []
        for q in sets[kind]:
            t, c = time.perf_counter(), time.process_time()
            parsed = parse_text(q["text"], aliases)
            filt = None
            if "topic" in q:
                from search.query import filter_queries

                fqs = filter_queries(SearchQuery(**q), int(q["since"] + "0000"), None, aliases)
                filt = set.intersection(*[set(handle.searcher.docs_for_query(fq)) for _, fq in fqs])
            handle.searcher.search(parsed, filter=filt, limit=20)
            times.append(1000 * (time.perf_counter() - t))
            cpu.append(1000 * (time.process_time() - c))
        ours[f"whoosh_only_{kind}"] = percentiles(times, cpu)
    out["ours"] = ours
    out["rss_after_whoosh_only_mb"] = rss_mb()
    out["serving_peak_rss_mb"] = peak_mb(resource.RUSAGE_SELF)
    fts_db = data_dir / "fts.sqlite3"
    out["fts5"] = fts_queries(fts_db, sets, aliases) if fts_db.exists() else {}
    return out


def fts_match(text: str, aliases: Any) -> str:
    from search.analysis import terms

    phrase = text.strip('"')
    variants = aliases.variants(terms(phrase)) if aliases else ()
    if len(variants) > 1:
        names = [n for group in aliases.groups for n in group if terms(n) in variants]
        return " OR ".join('"' + n.replace('"', "") + '"' for n in names)
    return '"' + phrase.replace('"', "") + '"'


def fts_queries(db_path: Path, sets: dict[str, list[dict[str, Any]]], aliases: Any) -> dict[str, Any]:
    con = sqlite3.connect(db_path)
    out = {}
    for kind, queries in sets.items():
        times, cpu = [], []
        for q in queries:
            match = fts_match(q["text"], aliases)
            limit = q.get("limit", 20)
            t, c = time.perf_counter(), time.process_time()
            if "topic" in q:
                # Matches once into a temp table, narrowed by the filters; then hits and facet counts.
                con.execute("DROP TABLE IF EXISTS temp.f")
                # CROSS JOIN keeps the full-text match as the outer loop: left to itself, SQLite's
                # planner walks the date index and runs the match once per row (minutes at 100,000).
                con.execute("CREATE TEMP TABLE f AS SELECT m.rowid AS id FROM fts m CROSS JOIN meta ON meta.id = m.rowid "
                            "WHERE fts MATCH ? AND meta.date >= ? AND EXISTS (SELECT 1 FROM topic t "
                            "WHERE t.id = m.rowid AND t.topic = ?)", (match, int(q["since"] + "0000"), q["topic"]))
                # "+rowid" likewise: as a constraint, the planner runs the match once per listed row
                # (344 s for one common word at 100,000 records, against 0.5 s).
                con.execute("SELECT meta.rid, meta.n, snippet(fts, 0, '<mark>', '</mark>', '…', 40) FROM fts "
                            "CROSS JOIN meta ON meta.id = fts.rowid WHERE fts MATCH ? AND +fts.rowid IN "
                            f"(SELECT id FROM f) ORDER BY rank LIMIT {limit}", (match,)).fetchall()
                for col in ("doc_type", "org", "year"):
                    con.execute(f"SELECT meta.{col}, COUNT(DISTINCT meta.rid) FROM f JOIN meta ON meta.id = f.id "
                                f"GROUP BY meta.{col}").fetchall()
                con.execute("SELECT t.topic, COUNT(DISTINCT meta.rid) FROM f JOIN topic t ON t.id = f.id "
                            "JOIN meta ON meta.id = f.id GROUP BY t.topic").fetchall()
            else:
                con.execute("SELECT meta.rid, meta.n, snippet(fts, 0, '<mark>', '</mark>', '…', 40) FROM fts "
                            f"JOIN meta ON meta.id = fts.rowid WHERE fts MATCH ? ORDER BY rank LIMIT {limit}",
                            (match,)).fetchall()
            times.append(1000 * (time.perf_counter() - t))
            cpu.append(1000 * (time.process_time() - c))
        out[kind] = percentiles(times, cpu)
    con.close()
    return out


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory from /proc/self/status: VmRSS (all), RssAnon (the heap), RssFile (mapped
    index files, which the kernel can drop and share)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_phase(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--phase", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"phase {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(n: int, work: Path, procs: int | None, queries: int, fts: bool = True) -> dict[str, Any]:
    data_dir = work / f"n{n}" / "data"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    load = os.getloadavg()[0]
    archive = build_archive(data_dir, n)
    print(f"[{n}] archive written in {archive['seconds']} s ({archive['text_mb']} MB of text)", file=sys.stderr)
    rebuild = run_phase("rebuild", str(data_dir), str(procs or 0))
    print(f"[{n}] whoosh rebuild: {rebuild}", file=sys.stderr)
    fts_build = run_phase("fts", str(data_dir)) if fts else None
    print(f"[{n}] fts5 build: {fts_build}", file=sys.stderr)
    serve = run_phase("serve", str(data_dir), str(queries))
    return {"records": n, "load_average_at_start": round(load, 2), "archive": archive, "whoosh_rebuild": rebuild,
            "fts5_build": fts_build, "queries": serve}


def report(result: dict[str, Any]) -> None:
    r, f, q = result["whoosh_rebuild"], result["fts5_build"], result["queries"]
    print(f"\n== {result['records']:,} records ({result['archive']['text_mb']} MB text; "
          f"load average {result['load_average_at_start']} on {os.cpu_count()} cores) ==")
    cores = os.cpu_count() or 1
    print(f"full rebuild  whoosh: {r['seconds']:.1f} s, {r['records_per_second']:.0f} records/s, "
          f"{r['documents']:,} docs, {r['procs']} procs; {r['cpu_seconds']} CPU-s "
          f"(= {r['cpu_seconds'] / min(cores, r['procs']):.0f} s on {min(cores, r['procs'])} idle cores); "
          f"index {r['index_mb']} MB, "
          f"peak parent {r['peak_parent_mb']} MB + largest worker {r['peak_worker_mb']} MB")
    if f:
        print(f"              fts5:   {f['seconds']:.1f} s, {f['records_per_second']:.0f} records/s, "
              f"{f['cpu_seconds']} CPU-s (one process), index {f['index_mb']} MB, peak {f['peak_mb']} MB")
    print(f"serving process: {q['serving_rss_mb']} MB resident ({q.get('serving_rss_anon_mb')} MB heap, "
          f"{q.get('serving_rss_file_mb')} MB mapped index files), after our queries; "
          f"{q.get('rss_after_whoosh_only_mb')} MB after the Whoosh-alone runs too; "
          f"open + first query {q['open_and_first_query_ms']} ms")
    print(f"{'query kind (ms)':28} {'ours p50':>9} {'ours p95':>9} {'fts5 p50':>9} {'fts5 p95':>9}"
          f"   | CPU: {'ours p50':>9} {'ours p95':>9} {'fts5 p50':>9} {'fts5 p95':>9}")
    for kind, ours in q["ours"].items():
        fts = q["fts5"].get(kind, {})
        print(f"{kind:28} {ours['p50_ms']:>9} {ours['p95_ms']:>9} {fts.get('p50_ms', ''):>9} {fts.get('p95_ms', ''):>9}"
              f"   |      {ours['cpu_p50_ms']:>9} {ours['cpu_p95_ms']:>9} {fts.get('cpu_p50_ms', ''):>9} "
              f"{fts.get('cpu_p95_ms', ''):>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[10000])
    parser.add_argument("--queries", type=int, default=40, help="queries per kind")
    parser.add_argument("--procs", type=int, default=None, help="rebuild workers (default: all cores)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", action="store_true", help="also print the raw numbers as JSON")
    parser.add_argument("--no-fts", action="store_true", help="skip the SQLite FTS5 reference")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, data = args.phase[0], Path(args.phase[1])
        if name == "rebuild":
            out = phase_rebuild(data, int(args.phase[2]) or None)
        elif name == "fts":
            out = phase_fts(data)
        else:
            out = phase_serve(data, int(args.phase[2]))
        print(json.dumps(out))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        for n in args.records:
            result = bench(n, work, args.procs, args.queries, fts=not args.no_fts)
            report(result)
            if args.json:
                print(json.dumps(result))
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
