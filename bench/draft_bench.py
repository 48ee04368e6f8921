"""Draft check benchmark: status precision and recall on quotations built from the shipped corpus,
and the time to check a 40-quotation letter, at the shipped corpus and (with --large DATA) at a
big index such as bench/search_bench.py's synthetic 100,000 records.

    nice .venv/bin/python bench/draft_bench.py [--seed 11] [--quotes 90] [--errors] [--large /tmp/dc_100k/data]
    nice .venv/bin/python bench/draft_bench.py --build-large /tmp/draft-100k --records 100000

--build-large DIR makes the big archive to time against from real releases: the shipped corpus
ingested as usual (so the letter's quotations are there to find among the others), then the first
N releases of ../shared/corpus-large/ written as records (their text split into paragraphs by the
project's text ingestor, via bench/reuse_bench.py's cached paragraph table; title, date and member
from the release; no enrichment), then the search index rebuilt on all cores.

Quotations are cut from the archive's own paragraphs at a fixed seed, in six kinds: exact;
typography (curly/straight quotes, dashes, a capital at the start: expected exact); an ellipsis
(within a paragraph or on into the next: expected exact); 1 to 3 changed words (near); a changed or
dropped punctuation mark (near); fabricated (a splice of two unrelated passages, or words of the
archive shuffled: not_found). Each is put in a letter inside curly quotes and run through the whole
check (finding the quotations in the letter, locating, classifying). Seed 11 is the part the
thresholds were tuned on (29 and 53 too: their errors were looked at, and led to the near rule and
two fixes; in session 6 so were development seeds 101-150). --heldout-seed (default 71) was held out
until session 5, whose misses were printed: it is now seen. --fresh-seed (default 20261203) is the
part held out in session 6, drawn after the session's fixes and run once; with it, --unseen N
cuts a part from N releases of ../shared/corpus-large/ drawn at that seed (written as records of an
archive of their own), text the thresholds and fixes never saw.

Reference, in the same run: the quotation searched as one phrase (the plain search page's way:
exact words in order, no alignment); its "found" counts as exact, "not found" as not_found.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive import Store, load_settings  # noqa: E402
from ingest.draft import DraftParagraph  # noqa: E402
from search import SearchIndex, SearchQuery  # noqa: E402
from webapp.draftcheck import check_draft  # noqa: E402
from webapp.jobs import ingest_paths  # noqa: E402

KINDS = ["exact", "typography", "ellipsis", "changed_words", "punctuation", "fabricated"]
EXPECTED = {"exact": "exact", "typography": "exact", "ellipsis": "exact", "changed_words": "near",
            "punctuation": "near", "fabricated": "not_found"}
STATUSES = ("exact", "near", "not_found")
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")
_FILLER = ["regional", "several", "committee", "quickly", "northern", "agreement", "formal", "eleven", "annual"]


def shipped_archive(work: Path):
    data = work / "data"
    settings = load_settings(data)
    report = ingest_paths([ROOT / "corpus"], settings)
    if report.failed:
        raise SystemExit(f"corpus did not ingest: {[r.reason for r in report.failed]}")
    return settings


def build_large(data: Path, count: int, procs: int) -> None:
    """The big archive of --build-large (see the module's docstring); prints what it took."""
    import gzip
    import json

    import reuse_bench

    settings = load_settings(data)
    if not (settings.records_dir / ".shipped").exists():
        report = ingest_paths([ROOT / "corpus"], settings)
        if report.failed:
            raise SystemExit(f"corpus did not ingest: {[r.reason for r in report.failed]}")
        (settings.records_dir / ".shipped").write_text("ok", encoding="ascii")
    cpu, wall = time.process_time(), time.perf_counter()
    table = reuse_bench.paragraph_table(count, Path(tempfile.gettempdir()) / "evidence-reuse-bench")
    members: dict[str, str] = {}
    with gzip.open(reuse_bench.CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= count + 1000:
                break
            members[f"r{i:06d}"] = json.loads(line).get("member") or ""
    written = write_releases(settings, table, members)
    print(f"records: {written:,} written ({len(table):,} releases) in {time.process_time() - cpu:.0f} CPU-s, "
          f"{time.perf_counter() - wall:.0f} s wall", flush=True)
    cpu_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    stats = SearchIndex(settings).rebuild(Store(settings), procs=procs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime + after.ru_stime) - (cpu_children.ru_utime + cpu_children.ru_stime)
    print(f"index rebuilt: {stats.get('records', '?')} records in {time.perf_counter() - wall:.0f} s wall, "
          f"{time.process_time() - cpu + children:.0f} CPU-s (workers included); {stats}", flush=True)


def write_releases(settings, table: list[tuple[str, str | None, list[str]]], members: dict[str, str]) -> int:
    """Write releases (key, date, paragraph texts) as records: title, date and member from the
    release, no enrichment. Returns how many were new."""
    from archive import Paragraph, Record, Source
    from archive.ids import make_record_id
    from archive.store import dump_record

    written = 0
    for key, date, paras in table:
        title = paras[0][:120]
        rid = make_record_id(date, title, f"{int(key[1:]):06x}")
        path = settings.records_dir / f"{rid}.yaml"
        if path.exists():
            continue
        record = Record(rid, title, "press_release", date, "meta" if date else None,
                        Source(org=members.get(key) or None, path=f"corpus-large/{key}.txt"),
                        paragraphs=[Paragraph(n, t) for n, t in enumerate(paras, 1)])
        path.write_bytes(dump_record(record))
        written += 1
    return written


def unseen_archive(work: Path, count: int, seed: int):
    """An archive of `count` releases drawn at random (`seed`) from the first 10,050 of
    ../shared/corpus-large/ (split as ingest splits them, through bench/reuse_bench.py's cached
    table): text the draft check was never tuned on."""
    import reuse_bench

    settings = load_settings(work / "unseen")
    settings.records_dir.mkdir(parents=True, exist_ok=True)
    table = reuse_bench.paragraph_table(10_050, Path(tempfile.gettempdir()) / "evidence-reuse-bench")
    chosen = random.Random(seed).sample(table, count)
    write_releases(settings, chosen, {})
    SearchIndex(settings).rebuild(Store(settings), procs=1)
    return settings


def usable_paragraphs(store: Store) -> list[tuple[str, list[str]]]:
    """(record id, its paragraph texts) for records with body paragraphs long enough to quote."""
    out = []
    for record in store:
        texts = [p.text for p in record.paragraphs]
        if any(len(t.split()) >= 25 for t in texts):
            out.append((record.id, texts))
    return sorted(out)


def _span(rng: random.Random, words: list[str], lo: int, hi: int) -> list[str] | None:
    if len(words) < lo:
        return None
    n = rng.randint(lo, min(hi, len(words)))
    at = rng.randint(0, len(words) - n)
    span = words[at:at + n]
    return None if any(_QUOTE_MARKS.search(w) for w in span) else span


def make_quotation(rng: random.Random, kind: str, records: list[tuple[str, list[str]]]) -> str | None:
    _, paras = rng.choice(records)
    i = rng.choice([k for k, t in enumerate(paras) if len(t.split()) >= 25])
    words = paras[i].split()
    span = _span(rng, words, 12, 32)
    if span is None:
        return None
    if kind == "typography":
        text = " ".join(span).replace("’", "'").replace("—", " -- ").replace("–", "-")
        return text[:1].upper() + text[1:]
    if kind == "ellipsis":
        if i + 1 < len(paras) and rng.random() < 0.3 and not _QUOTE_MARKS.search(paras[i + 1]):
            tail, head = words[-rng.randint(5, 10):], paras[i + 1].split()[:rng.randint(5, 10)]
            if _QUOTE_MARKS.search(" ".join(tail)):
                return None
            return " ".join(tail).rstrip(".") + " … " + " ".join(head)
        cut = rng.randint(4, len(span) - 8)
        mark = rng.choice(["…", "...", "[...]", ". . ."])
        return " ".join(span[:cut]) + f" {mark} " + " ".join(span[cut + rng.randint(1, 4):])
    if kind == "changed_words":
        span = list(span)
        for k in rng.sample(range(1, len(span) - 1), rng.randint(1, 3)):
            word, tail = re.match(r"^(.*?)([^\w]*)$", span[k]).groups()  # keep the word's punctuation
            new = str(int(re.sub(r"\D", "", word) or 0) + 7) if word[:1].isdigit() else rng.choice(_FILLER)
            span[k] = new + tail
        return " ".join(span)
    if kind == "punctuation":
        marked = [k for k, w in enumerate(span[:-1]) if w[-1] in ",;:"]
        if not marked:
            return None
        k = rng.choice(marked)
        if not re.search(r"\w", span[k]):
            return None  # a mark standing alone at the span's start is the quotation's edge, not compared
        span = list(span)
        span[k] = span[k][:-1] + rng.choice(["", "", ";" if span[k][-1] != ";" else ","])
        return " ".join(span)
    if kind == "fabricated":
        if rng.random() < 0.5:  # a splice: the start of one passage glued to the end of an unrelated one
            _, other = rng.choice(records)
            other_words = rng.choice([t for t in other if len(t.split()) >= 25] or [paras[0]]).split()
            tail = _span(rng, other_words, 8, 14)
            return None if tail is None else " ".join(span[:rng.randint(4, 6)] + tail)
        pool = [w for t in paras for w in t.split() if not _QUOTE_MARKS.search(w)]
        return " ".join(rng.sample(pool, min(len(pool), rng.randint(12, 20))))
    return " ".join(span)


def _held_verbatim(quote: str, records: list[tuple[str, list[str]]]) -> bool:
    """A changed or made-up quotation that some paragraph happens to hold word for word (the same
    words repeated elsewhere) is exact, not what its kind expects: such a case is not made."""
    words = " ".join(quote.split())
    return any(words in " ".join(t.split()) for _, paras in records for t in paras)


def build_cases(seed: int, count: int, records: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    cases: list[tuple[str, str]] = []
    while len(cases) < count:
        kind = KINDS[len(cases) % len(KINDS)]
        quote = make_quotation(rng, kind, records)
        if quote and not (EXPECTED[kind] != "exact" and _held_verbatim(quote, records)):
            cases.append((kind, " ".join(quote.split())))
    return cases


def letter_of(quotes: list[str]) -> list[DraftParagraph]:
    return [DraftParagraph(f"The record states “{q}” in its own words.") for q in quotes]


def run_check(settings, quotes: list[str]) -> tuple[list[str], float, float]:
    store, index = Store(settings), SearchIndex(settings)
    wall, cpu = time.perf_counter(), time.process_time()
    check = check_draft(settings, store, index, letter_of(quotes), "chicago")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if len(check.quotes) != len(quotes):
        raise SystemExit(f"the letter's {len(quotes)} quotations were read as {len(check.quotes)}")
    return [q.status for q in check.quotes], wall, cpu


def run_reference(settings, quotes: list[str]) -> tuple[list[str], float, float]:
    index = SearchIndex(settings)
    wall, cpu = time.perf_counter(), time.process_time()
    out = []
    for q in quotes:
        words = re.sub(r"[^\w\s'’-]", " ", q).split()
        result = index.search(SearchQuery('"' + " ".join(words) + '"', limit=5))
        out.append("exact" if result.total else "not_found")
    return out, time.perf_counter() - wall, time.process_time() - cpu


def scores(expected: list[str], got: list[str]) -> dict[str, tuple[float, float]]:
    out = {}
    for s in STATUSES:
        tp = sum(e == s and g == s for e, g in zip(expected, got, strict=True))
        predicted, actual = sum(g == s for g in got), sum(e == s for e in expected)
        out[s] = (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0)
    return out


def report_part(name: str, settings, cases: list[tuple[str, str]], show_errors: bool) -> None:
    expected = [EXPECTED[k] for k, _ in cases]
    quotes = [q for _, q in cases]
    got, wall, cpu = run_check(settings, quotes)
    ref, rwall, rcpu = run_reference(settings, quotes)
    right = sum(e == g for e, g in zip(expected, got, strict=True))
    print(f"\n[{name}] {len(cases)} quotations ({dict(Counter(k for k, _ in cases))})")
    print(f"  draft check : status right {right}/{len(cases)} ({right / len(cases):.3f}); {wall:.2f} s wall, {cpu:.2f} s CPU")
    for s, (p, r) in scores(expected, got).items():
        print(f"      {s:9s} precision {p:.3f} recall {r:.3f}")
    ref_right = sum(e == g for e, g in zip(expected, ref, strict=True))
    print(f"  reference (one phrase search): status right {ref_right}/{len(cases)} ({ref_right / len(cases):.3f}); "
          f"{rwall:.2f} s wall, {rcpu:.2f} s CPU")
    for s, (p, r) in scores(expected, ref).items():
        print(f"      {s:9s} precision {p:.3f} recall {r:.3f}")
    if show_errors:
        for (kind, q), e, g in zip(cases, expected, got, strict=True):
            if e != g:
                print(f"    wrong: {kind} expected {e} got {g}: {q[:150]}")


def timing(name: str, settings, quotes: list[str], runs: int) -> None:
    """The first run renders each cited paragraph's citation (citeproc, tens of ms each, then
    remembered by webapp.cite as a running server does); later runs time locating and
    classifying with those citations remembered."""
    SearchIndex(settings).doc_count()  # open the index first: a server has it open
    _, cold_wall, cold_cpu = run_check(settings, quotes)
    warm = []
    for _ in range(runs):
        _, wall, cpu = run_check(settings, quotes)
        warm.append((wall, cpu))
    wall, cpu = min(warm)
    _, rwall, rcpu = run_reference(settings, quotes)
    print(f"  [{name}] a {len(quotes)}-quotation letter: first check {cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU "
          f"(citations rendered); again {wall:.2f} s wall, {cpu:.2f} s CPU (best of {runs}, citations remembered); "
          f"reference phrase searches {rwall:.2f} s wall, {rcpu:.2f} s CPU; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=11, help="the tuned part")
    parser.add_argument("--heldout-seed", type=int, default=71,
                        help="the old held-out part (seen in session 5; 29, 53, 101-150 were tuned on)")
    parser.add_argument("--fresh-seed", type=int, default=20261203, help="the part held out in session 6")
    parser.add_argument("--unseen", type=int, default=300,
                        help="releases drawn (at --fresh-seed) from corpus-large for a part cut from unseen text (0: none)")
    parser.add_argument("--quotes", type=int, default=90, help="quotations per part (at least 60)")
    parser.add_argument("--large", type=Path, default=None, help="a data folder with a big index to time against")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timing-only", action="store_true", help="only the time of the 40-quotation letter")
    parser.add_argument("--build-large", type=Path, default=None, metavar="DIR",
                        help="build the big archive of real releases in DIR (then time with --large DIR)")
    parser.add_argument("--records", type=int, default=100_000, help="releases in --build-large's archive")
    parser.add_argument("--procs", type=int, default=2, help="index build processes for --build-large")
    parser.add_argument("--errors", action="store_true", help="print the quotations classified wrongly")
    args = parser.parse_args()
    if args.build_large:
        build_large(args.build_large, args.records, args.procs)
        return
    work = Path(tempfile.mkdtemp(prefix="draft-bench-"))
    try:
        started = time.perf_counter()
        settings = shipped_archive(work)
        records = usable_paragraphs(Store(settings))
        print(f"shipped corpus: {len(records)} records with quotable paragraphs "
              f"(ingested in {time.perf_counter() - started:.1f} s)")
        tuned = build_cases(args.seed, args.quotes, records)
        heldout = build_cases(args.heldout_seed, args.quotes, records)
        if not args.timing_only:
            report_part(f"tuned, seed {args.seed}", settings, tuned, args.errors)
            report_part(f"old held out (seen), seed {args.heldout_seed}", settings, heldout, args.errors)
            fresh = build_cases(args.fresh_seed, args.quotes, records)
            report_part(f"held out, seed {args.fresh_seed}", settings, fresh, args.errors)
            if args.unseen:
                unseen = unseen_archive(work, args.unseen, args.fresh_seed)
                cases = build_cases(args.fresh_seed, args.quotes, usable_paragraphs(Store(unseen)))
                report_part(f"held out, unseen text: {args.unseen} corpus-large releases, seed {args.fresh_seed}",
                            unseen, cases, args.errors)
        letter = [q for _, q in heldout[:40]]
        print("\ntiming:")
        timing("shipped corpus", settings, letter, args.runs)
        if args.large:
            large = load_settings(args.large)
            print(f"  large index: {SearchIndex(large).doc_count()} index documents at {args.large}")
            timing("large", large, letter, args.runs)
            statuses, _, _ = run_check(large, letter)
            expected = [EXPECTED[k] for k, _ in heldout[:40]]
            right = sum(e == g for e, g in zip(expected, statuses, strict=True))
            print(f"  [large] the letter's statuses against the large archive: {right}/{len(letter)} as expected")
            if args.errors:
                for (kind, q), e, g in zip(heldout[:40], expected, statuses, strict=True):
                    if e != g:
                        print(f"    [large] wrong: {kind} expected {e} got {g}: {q[:150]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
