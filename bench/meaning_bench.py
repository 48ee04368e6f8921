"""Search by meaning: relevance of words alone, meaning alone and both, and what it costs.

    .venv/bin/python bench/meaning_bench.py quality [--workdir DIR] [--model WordLlama|MiniLM]
    .venv/bin/python bench/meaning_bench.py scale --records 10000 [--workdir DIR] [--reuse]

quality: builds the relevance set's corpus (bench/relevance/queries.yaml says what it holds) through
the real ingest pipeline, indexes it with vectors, and prints nDCG@10 and recall@10 (relevant
documents in the first ten, out of at most ten) for the word ranking alone (today's search:
every word must match), the meaning ranking alone (the records' closest chunks), and the fused
ranking, for the tuned queries, the held-out ones (every third) and the fresh held-out ones
(bench/relevance/fresh.yaml, session 7) apart; only the tuned queries are printed one by one.
--model MiniLM runs the same with all-MiniLM-L6-v2 (fetched at bench time, run in numpy; see
meaning_models.py) in place of WordLlama: what a transformer would give, and what it would cost.

scale: N real releases of ../shared/corpus-large as records (paragraphs of about five sentences;
no enrichment: the index and vectors are what is measured), a full rebuild with and without
vectors (seconds, CPU seconds, vector bytes; without vectors only with --words-build), and query latency p50/p95 (and CPU per query, and the
machine's load) for plain-word queries on the same index: words only, hybrid as shipped (short vectors choose the
candidates, full vectors score them) and hybrid scanning every full vector (the reference), in the
same run; and how much of the exact meaning ranking the two passes keep. --reuse times the indexes
an earlier run built instead of rebuilding them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Paragraph, Record, Source, load_settings  # noqa: E402
from search import SearchIndex, SearchQuery, dense, vectors  # noqa: E402
from search import index as search_index  # noqa: E402

LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
QUERIES = ROOT / "bench" / "relevance" / "queries.yaml"
FRESH = ROOT / "bench" / "relevance" / "fresh.yaml"  # session 7's fresh held-out queries (never tuned on)
ARMENIA = re.compile(r"armenia|azerbaijan|artsakh|karabakh|karabagh", re.I)
SEED = 20261203
DISTRACTORS = 2000
IN_CORPUS = {601: "congress_schiff_2010-04-22", 432: "congress_schiff_2011-11-03", 368: "congress_schiff_2012-12-04",
             341: "congress_schiff_2013-02-25", 113: "congress_schiff_2016-04-02", 6832: "congress_sherman_2012-12-06",
             6682: "congress_sherman_2016-01-26", 6662: "congress_sherman_2016-04-04"}


def _releases() -> list[tuple[int, dict]]:
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:
        return [(i, json.loads(line)) for i, line in enumerate(fh)]


def _lay_out(folder: Path) -> None:
    """The relevance corpus as files with sidecars: the shipped corpus and the chosen releases."""
    folder.mkdir(parents=True)
    for src in (ROOT / "corpus").rglob("*"):
        if src.suffix in (".txt", ".md") and src.name != "README.md":
            shutil.copyfile(src, folder / src.name)
            side = src.with_name(src.stem + ".meta.yaml")
            if side.exists():
                shutil.copyfile(side, folder / side.name)
    rows = _releases()
    armenia = [(i, r) for i, r in rows if ARMENIA.search(r["text"]) and i not in IN_CORPUS]
    others = [(i, r) for i, r in rows if not ARMENIA.search(r["text"])]
    chosen = armenia + random.Random(SEED).sample(others, DISTRACTORS)
    for i, row in chosen:
        (folder / f"L{i}.txt").write_text(row["text"], encoding="utf-8")
        meta = {"date": row["date"], "org": f"Office of {row['member']}", "doc_type": "press_release"}
        (folder / f"L{i}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")


def _records(folder: Path, settings) -> tuple[list[Record], dict[str, str]]:
    """Records through the real pipeline (cached in the work folder), and record id -> document key."""
    cache = folder.parent / "records.jsonl"
    if cache.exists():
        records = [Record.from_dict(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()]
    else:
        from ingest import IngestError, build_record
        from ingest.metafile import load_sidecar

        records = []
        for path in sorted(folder.iterdir()):
            if path.name.endswith(".meta.yaml"):
                continue
            try:
                records.append(build_record(path.read_bytes(), str(path), settings, load_sidecar(path)))
            except IngestError as exc:
                print(f"  not ingested: {exc}")
        cache.write_text("\n".join(json.dumps(r.to_dict()) for r in records), encoding="utf-8")
    return records, {r.id: Path(r.source.path).stem for r in records}


def _ndcg(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    gains = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:k]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gains / ideal if ideal else 0.0


def _recall(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / min(k, len(relevant))


def _ranked_keys(result, key_of: dict[str, str]) -> list[str]:
    seen: list[str] = []
    for hit in result.hits:
        key = key_of.get(hit.record_id, hit.record_id)
        if key not in seen:
            seen.append(key)
    return seen


def _dense_only(index: SearchIndex, text: str, key_of: dict[str, str], k: int = 10) -> list[str]:
    generation = next(p for p in index.root.iterdir() if p.is_dir())
    found = vectors.current(generation)
    assert found is not None
    scores = found.scores(dense.embedder().embed([text])[0])
    scores[found.superseded] = -2
    ranked: list[str] = []
    for row in scores.argsort()[::-1]:
        key = key_of.get(found.rids[row], found.rids[row])
        if key not in ranked:
            ranked.append(key)
            if len(ranked) == k:
                break
    return ranked


def _use_model(workdir: Path, name: str) -> None:
    """Search by meaning with another model, for this process (a measurement, not a product path):
    the chunk and query vectors come from `name` ("MiniLM", as bench/meaning_models.py runs it; E5
    is not offered here, as the index would embed queries without E5's "query: " prefix), the
    meaning ranking scans every full vector (their leading dimensions are no coarse vector of their
    own), and the word forms are checked by that model too."""
    import meaning_models

    model = meaning_models.MiniLM(meaning_models._model_folder(workdir))
    probe = model.embed(["probe"])
    dense._EMBEDDER = model  # type: ignore[assignment]
    vectors.embedder = dense.embedder
    vectors.DIM = probe.shape[1]
    vectors.MODEL_ID = f"bench/{name}"
    search_index._MEANING_ROWS = 10**9


def quality(workdir: Path, model: str = "WordLlama") -> None:
    folder = workdir / "files"
    if not folder.exists():
        _lay_out(folder)
    if model != "WordLlama":
        _use_model(workdir, model)
    data = workdir / ("data" if model == "WordLlama" else f"data-{model}")
    shutil.rmtree(data, ignore_errors=True)
    words_only = load_settings(data, search_meaning=False)
    both = load_settings(data, search_meaning=True)
    records, key_of = _records(folder, both)
    index = SearchIndex(both)
    started, cpu = time.perf_counter(), time.process_time()
    index.rebuild(records, procs=1)
    print(f"model {model}; corpus: {len(records)} records; rebuild with vectors {time.perf_counter() - started:.1f} s "
          f"({time.process_time() - cpu:.1f} CPU-s in this process)")
    plain = SearchIndex(words_only)
    queries = [("held-out" if n % 3 == 0 else "tuned", item)
               for n, item in enumerate(yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"], 1)]
    if FRESH.exists():
        queries += [("fresh", item) for item in yaml.safe_load(FRESH.read_text(encoding="utf-8"))["queries"]]
    table: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for part, item in queries:
        relevant = set(item["rel"])
        runs = {
            "words (BM25F, every word)": _ranked_keys(plain.search(SearchQuery(item["q"], limit=10)), key_of),
            "meaning alone": _dense_only(index, item["q"], key_of),
            "words + meaning": _ranked_keys(index.search(SearchQuery(item["q"], limit=10)), key_of),
        }
        for name, ranked in runs.items():
            scores = (_ndcg(ranked, relevant), _recall(ranked, relevant), float(not ranked))
            table.setdefault((part, name), []).append(scores)
            table.setdefault(("all", name), []).append(scores)
        if part == "tuned":  # held-out and fresh queries are never looked at one by one (no tuning on them)
            print(f"  [{part}] {item['q']!r}: " + "; ".join(
                f"{short} r@10 {_recall(r, relevant):.2f}"
                for short, r in zip(("words", "meaning", "both"), runs.values(), strict=True)))
    print(f"\n{'part':10} {'ranking':28} {'queries':>7} {'nDCG@10':>8} {'recall@10':>10} {'no result':>10}")
    for (part, name), values in sorted(table.items()):  # all: the first 48 and the fresh together
        print(f"{part:10} {name:28} {len(values):7d} {statistics.mean(v[0] for v in values):8.3f} "
              f"{statistics.mean(v[1] for v in values):10.3f} {int(sum(v[2] for v in values)):10d}")


def _light_records(count: int) -> list[Record]:
    out = []
    for i, row in _releases()[:count] if count >= 104951 else random.Random(SEED).sample(_releases(), count):
        sentences = re.split(r"(?<=[.!?])\s+", row["text"])
        paras = [" ".join(sentences[j : j + 5]) for j in range(0, len(sentences), 5)]
        out.append(Record(id=f"{row['date']}-release-{i}", title=row["text"][:80], doc_type="press_release",
                          date=row["date"], source=Source(org=f"Office of {row['member']}", path=f"L{i}.txt",
                                                          sha256=f"{i:064d}"),
                          paragraphs=[Paragraph(n=k, text=p) for k, p in enumerate(paras, 1) if p.strip()]))
    return out


SCALE_QUERIES = ["veterans health care", "destroyed churches", "starvation blockade", "small business loans",
                 "expel refugees from their homes", "monuments demolished", "tax relief for families",
                 "prisoners of war", "opioid addiction treatment", "wildfire prevention funding",
                 "Armenian genocide recognition", "climate change", "border security", "student loan debt",
                 "human rights abuses in Azerbaijan", "flood insurance", "trade with China", "farm bill",
                 "election interference", "military sexual assault"]


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as fh:
        return " ".join(fh.read().split()[:3])


def _built(workdir: Path, count: int, meaning: bool, records: list[Record] | None, reuse: bool
           ) -> tuple[SearchIndex, dict]:
    """The scale index of `count` records (words only or with vectors): rebuilt and timed, or with
    --reuse the one a previous run built (and its timings)."""
    data = workdir / f"scale-{count}-{'meaning' if meaning else 'words'}"
    saved = data / "bench-build.json"
    index = SearchIndex(load_settings(data, search_meaning=meaning))
    if reuse and saved.exists():
        return index, json.loads(saved.read_text(encoding="utf-8"))
    shutil.rmtree(data, ignore_errors=True)
    index = SearchIndex(load_settings(data, search_meaning=meaning))
    assert records is not None
    started, cpu = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = index.rebuild(records)
    child_cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - children.ru_utime
    generation = next(p for p in index.root.iterdir() if p.is_dir())
    files = list((generation / "dense").glob("*.npy")) if meaning else []
    built = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu + child_cpu,
             "procs": stats["procs"], "load": _load(),
             "full_bytes": sum(f.stat().st_size for f in files if not f.name.endswith(".low.npy")),
             "low_bytes": sum(f.stat().st_size for f in files if f.name.endswith(".low.npy"))}
    saved.write_text(json.dumps(built), encoding="utf-8")
    return index, built


def _timed(index: SearchIndex, repeat: int, meaning: bool) -> tuple[list[float], list[float]]:
    """Each query's wall and CPU milliseconds (sorted apart). The search runs in one thread, so its
    CPU time is what it would take on an idle core; wall time adds the wait for a busy core."""
    index.search(SearchQuery("warm up", meaning=meaning))
    walls, cpus = [], []
    for _ in range(repeat):
        for text in SCALE_QUERIES:
            t, c = time.perf_counter(), time.process_time()
            index.search(SearchQuery(text, meaning=meaning))
            cpus.append((time.process_time() - c) * 1000)
            walls.append((time.perf_counter() - t) * 1000)
    return sorted(walls), sorted(cpus)


def _p95(values: list[float]) -> float:
    return values[int(len(values) * 0.95) - 1]


def _agreement(index: SearchIndex, k: int = 30) -> float:
    """Share of the exact meaning ranking's first `k` records that the two-pass search finds too."""
    generation = next(p for p in index.root.iterdir() if p.is_dir())
    found = vectors.current(generation)
    assert found is not None
    shares = []
    for text in SCALE_QUERIES:
        qvec = dense.embedder().embed([text])[0]
        exact = found.scores(qvec)
        exact[found.superseded] = -2
        want = _first_records(found, exact.argsort()[::-1], k)
        rows, _ = found.nearest(qvec, ~found.superseded, search_index._MEANING_ROWS)
        shares.append(len(want & _first_records(found, rows, k)) / len(want))
    return statistics.mean(shares)


def _first_records(found: vectors.VectorSet, rows, k: int) -> set[str]:
    seen: set[str] = set()
    for row in rows:
        seen.add(found.rids[int(row)])
        if len(seen) == k:
            break
    return seen


def scale(workdir: Path, count: int, repeat: int, reuse: bool, words_build: bool) -> None:
    exists = (workdir / f"scale-{count}-meaning" / "bench-build.json").exists()
    records = None if reuse and exists else _light_records(count)
    if records is not None:
        print(f"{len(records)} releases as records ({sum(len(r.paragraphs) for r in records)} paragraphs)")
    print(f"load average at start {_load()} (2 cores shared)")
    if words_build and records is not None:
        _, b = _built(workdir, count, False, records, False)
        print(f"{'words only':16} rebuild {b['wall']:6.1f} s, {b['cpu']:6.1f} CPU-s ({b['procs']} procs, load {b['load']})")
    hybrid, b = _built(workdir, count, True, records, reuse)
    del records
    print(f"{'words + meaning':16} rebuild {b['wall']:6.1f} s, {b['cpu']:6.1f} CPU-s ({b['procs']} procs, load {b['load']}); "
          f"vectors {b['full_bytes'] / 1e6:.1f} MB full + {b['low_bytes'] / 1e6:.1f} MB short")
    runs = [("words only (ref)", False, None), ("hybrid, two passes", True, search_index._MEANING_ROWS),
            ("hybrid, exact scan (ref)", True, 10**9)]
    default_rows = search_index._MEANING_ROWS
    for name, meaning, rows in runs:
        if rows is not None:
            search_index._MEANING_ROWS = rows
        times, cpus = _timed(hybrid, repeat, meaning)
        search_index._MEANING_ROWS = default_rows
        print(f"{name:26} wall p50 {statistics.median(times):6.1f} / p95 {_p95(times):6.1f} ms; CPU p50 "
              f"{statistics.median(cpus):5.1f} / p95 {_p95(cpus):5.1f} ms ({len(times)} queries, load {_load()})")
    print(f"two passes find {_agreement(hybrid):.3f} of the exact meaning ranking's first 30 records")
    print(f"peak resident memory of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["quality", "scale"])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/meaning-bench"))
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="scale: time the index a previous run built")
    parser.add_argument("--words-build", action="store_true", help="scale: also time a rebuild without vectors")
    parser.add_argument("--model", default="WordLlama", choices=["WordLlama", "MiniLM"],
                        help="quality: the embedding model (others are fetched at bench time; see meaning_models.py)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.what == "quality":
        quality(args.workdir, args.model)
    else:
        scale(args.workdir, args.records, args.repeat, args.reuse, args.words_build)


if __name__ == "__main__":
    main()
