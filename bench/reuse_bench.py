"""Reuse detection at scale: the whole-archive pass of `evidence reuse --all` over real releases.

What it measures (on ../shared/corpus-large/, the House press releases):

1. Paragraphs: each release's text split by the project's own text ingestor (`ingest.extract`,
   then `normalize_text`), kept as a paragraph table (cached in --cache, not timed twice).
2. The pass: `ReuseIndex.run_all` (the code behind `evidence reuse --all`) over those paragraphs in
   a child process: wall time, CPU seconds and peak memory (the child's max RSS).
3. A new record's links: `ReuseIndex.update` of held-out releases (not in the pass), one at a time
   (the ingest-time path): p50/p95/max ms.
4. Quality: precision and recall of cross-record reuse against a ground truth computed here
   independently: paragraph pairs of different records sharing an exact run of 25 words (own
   tokenizer and hashing; runs found in more records than `--max-records` are boilerplate, left
   out on both sides, as the detector does). Also at the level of record pairs.

    .venv/bin/python bench/reuse_bench.py --records 10000 --candidates [--code /work/main]
    .venv/bin/python bench/reuse_bench.py --records 100000 --no-truth
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
TRUTH_WORDS = 25


def paragraph_table(limit: int, cache: Path) -> list[tuple[str, str | None, list[str]]]:
    """(record id, date, paragraph texts) of the first `limit` releases, split as ingest splits them."""
    path = cache / f"reuse_paras_{limit}.pickle"
    larger = sorted((int(p.stem.rsplit("_", 1)[1]), p) for p in cache.glob("reuse_paras_*.pickle"))
    for size, found in larger:
        if size >= limit:
            with found.open("rb") as fh:
                return pickle.load(fh)[:limit]
    from archive import load_settings
    from ingest import IngestError, extract
    from ingest.normalize import normalize_text

    settings = load_settings(tempfile.mkdtemp(prefix="reuse-bench-settings-"))
    table = []
    started = time.perf_counter()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if len(table) >= limit:
                break
            item = json.loads(line)
            try:
                blocks = extract(item["text"].encode("utf-8"), f"release-{i}.txt", settings).blocks
            except IngestError:
                continue
            paras = [t for t in (normalize_text(b.text) for b in blocks) if t]
            if paras:
                table.append((f"r{i:06d}", item.get("date"), paras))
    print(f"split {len(table)} releases into {sum(len(p) for _, _, p in table)} paragraphs "
          f"in {time.perf_counter() - started:.0f} s (cached in {path})", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(table, fh)
    return table


def peak_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM: unlike ru_maxrss it
    does not carry over the parent's size from before the exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_with_workers() -> float:
    """CPU seconds of this process and of its worker processes that have ended."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def stream_path(limit: int, cache: Path) -> Path:
    """The first `limit` rows of the paragraph table as a stream of pickles (one per release), so the
    timed child reads releases one at a time as `evidence reuse --all` reads records, and its peak
    memory is the pass's, not the table's."""
    path = cache / f"reuse_rows_{limit}.pickles"
    if not path.exists():
        table = paragraph_table(limit, cache)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            for row in table:
                pickle.dump(row, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return path


def stream_rows(path: Path, start: int = 0, stop: int | None = None):
    with path.open("rb") as fh:
        i = 0
        while stop is None or i < stop:
            try:
                row = pickle.load(fh)
            except EOFError:
                return
            if i >= start:
                yield row
            i += 1


def docs_of(rows):
    from search.reuse import Para, ReuseDoc

    for record_id, date, paras in rows:
        yield ReuseDoc(record_id, date, tuple(Para(n, text) for n, text in enumerate(paras, 1)))


def run_pass(args: argparse.Namespace) -> None:
    """In the child: the whole pass, then new records one at a time; prints one JSON line."""
    from search.reuse import ReuseIndex

    rows = stream_path(args.records + args.new, Path(args.cache))
    db = Path(args.db)
    procs = {"procs": args.procs} if args.procs is not None else {}  # a reference checkout may not take it
    reuse = ReuseIndex(db, min_words=25, max_records=args.max_records, **procs)
    cpu0, wall0 = cpu_with_workers(), time.perf_counter()
    done = {"read": 0, "linked": 0}
    archive_ids: set[str] = set()
    paragraphs = 0

    def archive():
        nonlocal paragraphs
        for row in stream_rows(rows, 0, args.records):
            archive_ids.add(row[0])
            paragraphs += len(row[2])
            yield row

    def progress(stage: str, n: int) -> None:  # a line now and then, so a long run shows how far it got
        done[stage] += n
        if done[stage] % 5000 < n:
            rss = peak_mb()
            print(f"  {stage} {done[stage]:,}: {time.perf_counter() - wall0:.0f} s wall, "
                  f"{cpu_with_workers() - cpu0:.0f} CPU-s, peak {rss:.0f} MB", file=sys.stderr, flush=True)

    stats = reuse.run_all(docs_of(archive()), progress=progress)
    wall, cpu = time.perf_counter() - wall0, cpu_with_workers() - cpu0
    peak = peak_mb()
    times, cpu_times = [], []
    for doc in docs_of(stream_rows(rows, args.records)):
        t0, c0 = time.perf_counter(), time.process_time()
        reuse.update([doc])
        times.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.process_time() - c0) * 1000)
    links = reuse.conn.execute(
        "SELECT d.record_id, l.n, o.record_id, l.other_n, l.relation, l.similarity FROM links l "
        "JOIN docs d ON d.rid=l.rid JOIN docs o ON o.rid=l.other").fetchall()
    relations = dict(reuse.conn.execute("SELECT relation, COUNT(*) FROM pairs GROUP BY relation").fetchall())
    reuse.close()
    times.sort()
    cpu_times.sort()
    print(json.dumps({
        "records": len(archive_ids), "paragraphs": paragraphs, "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1), "peak_mb": round(peak), "db_mb": round(db.stat().st_size / 2**20),
        "stats": stats, "pairs_by_relation": relations,
        "new_ms": {"n": len(times), "p50": round(times[len(times) // 2], 1) if times else None,
                   "p95": round(times[int(len(times) * 0.95)], 1) if times else None,
                   "max": round(times[-1], 1) if times else None,
                   "cpu_p50": round(cpu_times[len(cpu_times) // 2], 1) if cpu_times else None,
                   "cpu_p95": round(cpu_times[int(len(cpu_times) * 0.95)], 1) if cpu_times else None},
        "links": [link for link in links if link[0] in archive_ids and link[2] in archive_ids]
        if args.emit_links else [],
    }))


_TRUTH_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def ground_truth(rows, max_records: int) -> set[tuple[str, int, str, int]]:
    """Paragraph pairs of different records sharing an exact run of TRUTH_WORDS words (independent of
    the detector: its own tokenizer, vocabulary ids and rolling hash)."""
    vocab: dict[str, int] = {}
    hashes, owners = [], []
    para_keys: list[tuple[int, int]] = []
    base = np.uint64(0x9E3779B97F4A7C15)
    for r, (_, _, paras) in enumerate(rows):
        for n, text in enumerate(paras, 1):
            toks = _TRUTH_WORD.findall(text.lower().replace("’", "'"))
            if len(toks) < TRUTH_WORDS:
                continue
            ids = np.array([vocab.setdefault(t, len(vocab) + 1) for t in toks], dtype=np.uint64)
            m = len(ids) - TRUTH_WORDS + 1
            h = np.zeros(m, dtype=np.uint64)
            with np.errstate(over="ignore"):
                for j in range(TRUTH_WORDS):
                    h = (h ^ ids[j : j + m]) * base
            hashes.append(np.unique(h))
            owners.append(np.full(len(hashes[-1]), len(para_keys), dtype=np.int64))
            para_keys.append((r, n))
    if not hashes:
        return set()
    h = np.concatenate(hashes)
    o = np.concatenate(owners)
    order = np.argsort(h, kind="stable")
    h, o = h[order], o[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    ends = np.r_[starts[1:], len(h)]
    truth: set[tuple[str, int, str, int]] = set()
    multi = np.flatnonzero(ends - starts > 1)
    for g in multi:
        paras = [para_keys[i] for i in o[starts[g] : ends[g]]]
        records = {r for r, _ in paras}
        if len(records) < 2 or len(records) > max_records:
            continue
        for i, (ra, na) in enumerate(paras):
            for rb, nb in paras[i + 1 :]:
                if ra != rb:
                    a, b = (rows[ra][0], na), (rows[rb][0], nb)
                    truth.add((*min(a, b), *max(a, b)))
    return truth


def candidate_recall(rows, truth: set[tuple[str, int, str, int]], max_records: int) -> None:
    """The candidate stage alone, ours against MinHash LSH (datasketch), on the same paragraphs: how many
    ground-truth pairs each proposes, how many pairs in all, and the time."""
    from search.reuse.tokens import fingerprints, words

    key = {(rows[r][0], n): (r, n) for r, (_, _, paras) in enumerate(rows) for n in range(1, len(paras) + 1)}
    texts = {k: rows[r][2][n - 1] for k, (r, n) in key.items()}
    cpu0 = time.process_time()
    owners: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for k, text in texts.items():
        for h in fingerprints(words(text)).tolist():
            owners[h].append(k)
    ours: set[tuple] = set()
    for found in owners.values():
        if 1 < len(found) <= max_records:
            for i, a in enumerate(found):
                for b in found[i + 1 :]:
                    if a[0] != b[0]:
                        ours.add((*min(a, b), *max(a, b)))
    ours_cpu = time.process_time() - cpu0
    _candidates_line("our fingerprint index", ours, truth, ours_cpu)
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("MinHash LSH: datasketch is not installed (pip install -e '.[test]')")
        return
    cpu0 = time.process_time()
    lsh = MinHashLSH(threshold=0.1, num_perm=128)
    sketches = {}
    for k, text in texts.items():
        toks = words(text)
        shingles = {" ".join(toks[i : i + 6]).encode() for i in range(max(0, len(toks) - 5))}
        if not shingles:
            continue
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        sketches[k] = m
        lsh.insert(f"{k[0]}#{k[1]}", m)
    theirs: set[tuple] = set()
    for k, m in sketches.items():
        for other in lsh.query(m):
            r, n = other.rsplit("#", 1)
            b = (r, int(n))
            if b[0] != k[0]:
                theirs.add((*min(k, b), *max(k, b)))
    _candidates_line("MinHash LSH (128 perms, threshold 0.1)", theirs, truth, time.process_time() - cpu0)


def _candidates_line(label: str, found: set, truth: set, cpu: float) -> None:
    hit = len(found & truth)
    print(f"candidates, {label}: {len(found):,} pairs, {hit:,} of {len(truth):,} ground-truth pairs "
          f"(recall {hit / max(len(truth), 1):.3f}), {cpu:.1f} CPU-s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=50, help="held-out releases linked one at a time after the pass")
    ap.add_argument("--max-records", type=int, default=50)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "evidence-reuse-bench"))
    ap.add_argument("--no-truth", action="store_true", help="skip precision and recall")
    ap.add_argument("--candidates", action="store_true", help="also compare the candidate stage with MinHash LSH")
    ap.add_argument("--code", help="another checkout (e.g. /work/main) whose pass runs first as the reference")
    ap.add_argument("--procs", type=int, help="this checkout's pass on N processes (0 = one per core; default 1, "
                    "as before; worker CPU is counted in CPU-s; peak memory is the parent's)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--emit-links", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_pass(args)
        return
    if not CORPUS.exists():
        sys.exit(f"error: {CORPUS}: not found (the large corpus lives in ../shared/corpus-large/)")
    table = paragraph_table(args.records + args.new, Path(args.cache))  # split once, outside the timing
    exact = Path(args.cache) / f"reuse_paras_{args.records + args.new}.pickle"
    if not exact.exists():  # so a reference checkout's child reads this size, not a larger table
        with exact.open("wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
    stream_path(args.records + args.new, Path(args.cache))
    runs = [("reference " + str(args.code), Path(args.code))] if args.code else []
    runs.append(("this checkout", ROOT))
    results = []
    for label, code in runs:
        result = run_child(args, code)
        results.append((label, result))
        print_pass(label, result)
    if args.no_truth:
        return
    cpu0, wall0 = time.process_time(), time.perf_counter()
    truth = ground_truth(table[: args.records], args.max_records)
    truth_wall, truth_cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(f"ground truth (exact {TRUTH_WORDS}-word runs, same run): {truth_wall:.1f} s wall, {truth_cpu:.1f} CPU-s")
    for label, result in results:
        print(f"[{label}]")
        quality(result["links"], truth, args.max_records)
    if args.candidates:
        candidate_recall(table[: args.records], truth, args.max_records)


def run_child(args: argparse.Namespace, code: Path) -> dict:
    """One whole pass in a fresh process, with the code of `code` (a checkout holding bench/reuse_bench.py)."""
    with tempfile.TemporaryDirectory(prefix="reuse-bench-") as tmp:
        cmd = [sys.executable, str(code / "bench" / "reuse_bench.py"), "--child", "--records", str(args.records),
               "--new", str(args.new), "--max-records", str(args.max_records), "--cache", args.cache,
               "--db", str(Path(tmp) / "reuse.sqlite3")]
        if not args.no_truth:
            cmd.append("--emit-links")
        if args.procs is not None and code == ROOT:
            cmd += ["--procs", str(args.procs)]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def print_pass(label: str, result: dict) -> None:
    print(f"[{label}] whole-archive pass over {result['records']:,} releases ({result['paragraphs']:,} paragraphs): "
          f"{result['wall_s']} s wall, {result['cpu_s']} CPU-s, peak {result['peak_mb']} MB, "
          f"database {result['db_mb']} MB", flush=True)
    print(f"  {result['stats']}; record pairs by relation {result['pairs_by_relation']}")
    print(f"  a new record's links (update of one held-out release, n={result['new_ms']['n']}): "
          f"p50 {result['new_ms']['p50']} ms, p95 {result['new_ms']['p95']} ms, max {result['new_ms']['max']} ms wall; "
          f"CPU p50 {result['new_ms']['cpu_p50']} ms, p95 {result['new_ms']['cpu_p95']} ms", flush=True)


def quality(links: list, truth: set, max_records: int) -> None:
    found = set()
    for a, na, b, nb, _, _ in links:
        x, y = (a, na), (b, nb)
        found.add((*min(x, y), *max(x, y)))
    report("  paragraph pairs", found, truth)
    report("  record pairs", {(a, b) for a, _, b, _ in found}, {(a, b) for a, _, b, _ in truth})
    best: dict[tuple, float] = {}
    for a, na, b, nb, _, similarity in links:
        x, y = (a, na), (b, nb)
        pair = (*min(x, y), *max(x, y))
        best[pair] = max(best.get(pair, 0.0), similarity)
    extra = [pair for pair in found if pair not in truth]
    word_for_word = sum(1 for pair in extra if best[pair] >= 1.0)
    missed = sorted(truth - found)[:5]
    print(f"  found pairs not in the ground truth: {len(extra):,}, of which {word_for_word:,} share a passage word "
          f"for word (a quotation shorter than {TRUTH_WORDS} words, or a run the reference left out as "
          f"boilerplate, in more than {max_records} records) and {len(extra) - word_for_word:,} only "
          f"near passages (small changes inside); first missed: {missed}", flush=True)


def report(label: str, found: set, truth: set) -> None:
    hit = len(found & truth)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    print(f"{label}: found {len(found):,}, ground truth {len(truth):,}, both {hit:,}: "
          f"precision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
