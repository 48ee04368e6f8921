"""Real press releases as a user with a big collection has them: a fixed random sample of
`../shared/corpus-large/` laid out as `.txt` files with sidecars (date, author, office, type),
ingested with `evidence ingest` and rebuilt with `evidence reindex` in the same run.

It prints:
- refused files (and how many of them had text: the goal is 0), by reason;
- ingest CPU and wall, and `evidence reindex` CPU and wall on the same archive (their ratio);
- CLI start-up (`evidence --help`), against a bare `python -c pass` in the same run;
- titles that are only a dateline, carry contact or release lines, or stop at an abbreviation;
- paragraphs per release (mean, median, share of one-paragraph releases, paragraphs over 5,000
  characters);
- quotes attributed and unattributed.

    nice .venv/bin/python bench/releases_bench.py --sample 10000
    nice .venv/bin/python bench/releases_bench.py --sample 1000 --json out.json
    git archive main | tar -x -C /tmp/main && nice .venv/bin/python bench/releases_bench.py --code /tmp/main

CPU is user + system time of the child processes (the reindex workers included). The sample is
`random.Random(--seed).sample(range(lines), --sample)`; the work folder (default: a temp folder)
is deleted unless --keep is given. The text stays in ../shared/ (it is never copied into the
project).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
EVIDENCE = ROOT / ".venv" / "bin" / "evidence"
PYTHON = ROOT / ".venv" / "bin" / "python"

_ERROR_LINE = re.compile(r"^error: (.+?): (.+)$")
_DATELINE_TITLE = re.compile(
    r"(?i:washington)(,?\s*D\.?\s?C\.?)?\s*[-–—]*\s*"
    r"|[A-Z][A-Za-z.' ]{1,30},\s*(D\.?\s?C\.?|[A-Z]{2}\.?|[A-Z][a-z]{1,5}\.)\s*([-–—].{0,20})?"
)
_CONTACT = re.compile(
    r"(?i)\bcontacts?\s*:|for immediate release|\bpress release\b|\(?\b\d{3}\)?[-. ]\d{3}-\d{4}\b|\b[\w.-]+@[\w-]+\.\w+"
)
_ABBREVIATION_END = re.compile(r"(\b[A-Z][a-z]{0,3}\.|\bU\.S\.|\b[A-Z]\.)$")


# -- the sample -----------------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def read_sample(n: int, seed: int) -> list[tuple[int, dict[str, Any]]]:
    """The releases at `n` random line numbers (all of them when n is 0), in line order."""
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:
        total = sum(1 for _ in fh)
    wanted = set(range(total)) if n <= 0 or n >= total else set(random.Random(seed).sample(range(total), n))
    out = []
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if number in wanted:
                out.append((number, json.loads(line)))
    return out


def lay_out(sample: list[tuple[int, dict[str, Any]]], inbox: Path) -> dict[str, bool]:
    """Each release as NAME.txt with NAME.meta.yaml; returns {file name: has text}."""
    inbox.mkdir(parents=True)
    has_text = {}
    for number, row in sample:
        name = f"{row.get('date') or 'undated'}-{_slug(row.get('member') or '')}-{number}"
        text = row.get("text") or ""
        (inbox / f"{name}.txt").write_text(text, encoding="utf-8")
        meta = {"doc_type": "press_release"}
        if row.get("date"):
            meta["date"] = row["date"]
        if row.get("member"):
            meta["authors"] = [row["member"]]
            meta["org"] = f"Office of {row['member']}"
        (inbox / f"{name}.meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        has_text[f"{name}.txt"] = bool(text.strip())
    return has_text


# -- timing ---------------------------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(CPU seconds of the command and its children, wall seconds, the completed process)."""
    cpu, wall = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return _children_cpu() - cpu, time.perf_counter() - wall, done


def startup(cmd: list[str], cwd: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    cpus, walls = [], []
    for _ in range(runs):
        cpu, wall, done = timed(cmd, cwd, env)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()[-300:]}")
        cpus.append(cpu)
        walls.append(wall)
    return {"cpu_median": statistics.median(cpus), "cpu_min": min(cpus), "wall_median": statistics.median(walls)}


# -- what the records look like -------------------------------------------------------------------

def title_kind(title: str) -> str | None:
    bare = title.strip().strip("[]").strip().rstrip("…").strip()
    if _CONTACT.search(title):
        return "contact"
    if _DATELINE_TITLE.fullmatch(bare):
        return "dateline"
    if title.startswith("[") and _ABBREVIATION_END.search(bare):
        return "abbreviation"
    return None


def record_figures(records_dir: Path) -> dict[str, Any]:
    titles: Counter[str] = Counter()
    paragraphs: list[int] = []
    long_paragraphs = 0
    attributed = unattributed = 0
    for path in sorted(records_dir.glob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        kind = title_kind(record.get("title") or "")
        titles[kind or "ok"] += 1
        paras = record.get("paragraphs") or []
        paragraphs.append(len(paras))
        long_paragraphs += sum(1 for p in paras if len(p.get("text") or "") > 5000)
        for quote in record.get("quotes") or []:
            if quote.get("speaker"):
                attributed += 1
            else:
                unattributed += 1
    n = len(paragraphs) or 1
    return {
        "records": len(paragraphs),
        "titles_dateline": titles["dateline"], "titles_contact": titles["contact"],
        "titles_abbreviation": titles["abbreviation"],
        "titles_dateline_or_contact_share": (titles["dateline"] + titles["contact"]) / n,
        "paragraphs_mean": statistics.fmean(paragraphs) if paragraphs else 0.0,
        "paragraphs_median": statistics.median(paragraphs) if paragraphs else 0,
        "one_paragraph_share": sum(1 for p in paragraphs if p == 1) / n,
        "paragraphs_over_5000": long_paragraphs,
        "quotes_attributed": attributed, "quotes_unattributed": unattributed,
    }


# -- the run --------------------------------------------------------------------------------------

def run(n: int, seed: int, work: Path, startup_runs: int, code: Path | None = None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env["PYTHONWARNINGS"] = "ignore"
    evidence = [str(EVIDENCE)]
    if code is not None:  # another checkout of the project (e.g. main, for a "before" figure)
        env["PYTHONPATH"] = str(code.resolve())
        evidence = [str(PYTHON), "-m", "webapp.cli"]
    inbox, data = work / "inbox", work / "data"
    sample = read_sample(n, seed)
    has_text = lay_out(sample, inbox)
    figures: dict[str, Any] = {"sample": len(sample), "seed": seed,
                               "files_with_text": sum(has_text.values())}

    figures["python_startup"] = startup([str(PYTHON), "-c", "pass"], work, env, startup_runs)
    figures["cli_startup"] = startup([*evidence, "--help"], work, env, startup_runs)

    cpu, wall, done = timed([*evidence, "--data", str(data), "ingest", "--quiet", str(inbox)], work, env)
    reasons: Counter[str] = Counter()
    refused_with_text = 0
    for line in done.stderr.splitlines():
        match = _ERROR_LINE.match(line)
        if match:
            reasons[match.group(2)] += 1
            refused_with_text += has_text.get(Path(match.group(1)).name, False)
    figures.update(ingest_cpu=cpu, ingest_wall=wall, ingest_summary=done.stderr.strip().splitlines()[-1:],
                   refused=sum(reasons.values()), refused_with_text=refused_with_text,
                   refused_reasons=dict(reasons.most_common(8)))

    cpu, wall, done = timed([*evidence, "--data", str(data), "reindex"], work, env)
    if done.returncode != 0:
        raise SystemExit(f"reindex failed: {done.stderr.strip()[-500:]}")
    figures.update(reindex_cpu=cpu, reindex_wall=wall, ingest_over_reindex_cpu=figures["ingest_cpu"] / cpu)
    figures.update(record_figures(data / "records"))
    return figures


def report(f: dict[str, Any]) -> str:
    per = max(1, f["records"])
    lines = [
        f"sample {f['sample']} releases (seed {f['seed']}), {f['files_with_text']} with text; {f['records']} records",
        f"refused: {f['refused']} ({f['refused_with_text']} of them with text) {f['refused_reasons']}",
        f"ingest:  {f['ingest_cpu']:.1f} CPU-s ({1000 * f['ingest_cpu'] / per:.1f} ms per record), {f['ingest_wall']:.1f} s wall",
        f"reindex: {f['reindex_cpu']:.1f} CPU-s, {f['reindex_wall']:.1f} s wall; ingest/reindex CPU {f['ingest_over_reindex_cpu']:.1f}x",
        "CLI start-up (evidence --help): {:.3f} CPU-s median ({:.3f} min), {:.3f} s wall; python -c pass {:.3f} CPU-s".format(
            f["cli_startup"]["cpu_median"], f["cli_startup"]["cpu_min"], f["cli_startup"]["wall_median"],
            f["python_startup"]["cpu_median"]),
        f"titles: dateline {f['titles_dateline']}, contact/release lines {f['titles_contact']} "
        f"({100 * f['titles_dateline_or_contact_share']:.1f} % together); stopping at an abbreviation {f['titles_abbreviation']}",
        f"paragraphs per release: mean {f['paragraphs_mean']:.2f}, median {f['paragraphs_median']}, "
        f"one paragraph {100 * f['one_paragraph_share']:.1f} %, paragraphs over 5,000 chars {f['paragraphs_over_5000']}",
        f"quotes: {f['quotes_attributed']} attributed, {f['quotes_unattributed']} unattributed",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=10000, help="releases to draw (0: all of them)")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--code", type=Path, help="run the project checked out here (e.g. `git archive main`)")
    args = parser.parse_args(argv)
    if not LARGE.exists():
        print(f"{LARGE} is absent: nothing to measure", file=sys.stderr)
        return 1
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        print(f"{args.keep}: not empty", file=sys.stderr)
        return 1
    work = args.keep or Path(tempfile.mkdtemp(prefix="releases-bench-"))
    try:
        figures = run(args.sample, args.seed, work, args.startup_runs, args.code)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
