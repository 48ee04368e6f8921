"""Titles and paragraphs of real press releases: this code against a reference revision, same run.

    .venv/bin/python bench/release_anatomy_bench.py                  # 2,000 releases, reference: main
    .venv/bin/python bench/release_anatomy_bench.py --sample 500 --ref HEAD~3
    .venv/bin/python bench/release_anatomy_bench.py --show 20        # and 20 titles of each side

A fixed random sample (random.Random(SEED).sample of line numbers) of ../shared/corpus-large is
read by the pipeline directly (ingest.build_record, no index, no archive), each release as a text
file with the sidecar a collector would have (date, the member's office, press_release; no title).
The reference is the same pipeline at `--ref`, exported with `git archive` to a temp folder and run
in its own process. Printed for each side:
- refused: releases the pipeline turned away;
- titles that are only a dateline ("[Washington, D.C.]", "[WASHINGTON, DC – U.S.]"), that carry a
  release or contact line ("For Immediate Release ...", "Contact: ...", a telephone number, an e-mail
  address), or that are a cut-off sentence (ending in "…" or in a lone abbreviation "U.S.]");
- paragraphs per release (mean, median, share of releases left as one paragraph) and paragraphs
  over 5,000 characters; CPU seconds of the reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
SEED = 20261203
TOTAL = 104951

# "[Washington, D.C.]", "[WASHINGTON – U.S.]", "[Portland Ore.]", "[COLUMBIA, S.C.]", "[WASHINGTON, D.C.—Rep.]"
DATELINE_ONLY = re.compile(
    r"^\[?\(?(?:[A-Z][A-Za-z.'’]+\s+){0,3}?(?:[A-Z][A-Za-z.'’]*,\s*[A-Z][A-Za-z.]{1,12}|[A-Z]{3,}[A-Z.]*|Washington)\.?\)?"
    r"\s*(?:[-–—]+\s*(?:U\.\s?S\.|Rep\.|Sen\.|Gov\.|Dr\.|Today,?\s*\S*)?)?\s*\]?$"
)
CONTACT = re.compile(
    r"for immediate release|(?<!\[)press release|\bcontact\s*:|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|[\w.+-]+@[\w-]+\.\w+",
    re.IGNORECASE,
)
CUT = re.compile(r"(?:…|\.\.\.|\b(?:[A-Z]\.){1,3}|\b(?:Rep|Sen|Gov|Dr|St|Mr|Ms|Mrs|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)\]$")


def sample_lines(n: int) -> list[dict]:
    wanted = set(random.Random(SEED).sample(range(TOTAL), n))
    rows = []
    with gzip.open(LARGE, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if number in wanted:
                rows.append(json.loads(line))
    return rows


def measure(rows: list[dict]) -> dict:
    """Run inside the process whose sys.path holds the code being measured."""
    from archive import load_settings
    from ingest import IngestError, build_record

    settings = load_settings(tempfile.mkdtemp(prefix="anatomy-bench-"))
    refused = 0
    titles: list[str] = []
    counts: list[int] = []
    over = 0
    started = time.process_time()
    for i, row in enumerate(rows):
        sidecar = {"date": row["date"], "org": f"Office of {row['member']}", "doc_type": "press_release"}
        try:
            record = build_record(row["text"].encode("utf-8"), f"release-{i}.txt", settings, sidecar)
        except IngestError:
            refused += 1
            continue
        titles.append(record.title)
        counts.append(len(record.paragraphs))
        over += sum(1 for p in record.paragraphs if len(p.text) > 5000)
    cpu = time.process_time() - started
    n = len(titles) or 1
    dateline = [t for t in titles if DATELINE_ONLY.match(t)]
    contact = [t for t in titles if CONTACT.search(t)]
    cut = [t for t in titles if CUT.search(t)]
    bad = [t for t in titles if DATELINE_ONLY.match(t) or CONTACT.search(t)]
    return {
        "releases": len(rows),
        "refused": refused,
        "titles_dateline_only": round(len(dateline) / n, 4),
        "titles_with_contact_or_release_line": round(len(contact) / n, 4),
        "titles_dateline_or_contact": round(len(bad) / n, 4),
        "titles_dateline_or_contact_count": len(bad),
        "titles_cut_off": round(len(cut) / n, 4),
        "paragraphs_mean": round(statistics.mean(counts), 2) if counts else 0,
        "paragraphs_median": statistics.median(counts) if counts else 0,
        "one_paragraph_share": round(sum(1 for c in counts if c == 1) / n, 4),
        "paragraphs_over_5000": over,
        "cpu_s": round(cpu, 1),
        "titles": titles,
        "bad_titles": bad,
    }


def run_side(code_dir: Path, rows_file: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(rows_file)],
        cwd=code_dir, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(code_dir), "PATH": "/usr/bin:/bin"},
    )
    if out.returncode:
        raise SystemExit(f"measuring {code_dir} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def export_ref(ref: str, dest: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--ref", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--show", type=int, default=0, help="print this many titles of each side")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        rows = json.loads(Path(args.measure).read_text(encoding="utf-8"))
        print(json.dumps(measure(rows)))
        return
    if not LARGE.exists():
        raise SystemExit(f"{LARGE} is absent: nothing to measure")
    with tempfile.TemporaryDirectory(prefix="anatomy-bench-") as tmp:
        rows_file = Path(tmp) / "rows.json"
        rows_file.write_text(json.dumps(sample_lines(args.sample)), encoding="utf-8")
        ref_dir = Path(tmp) / "ref"
        ref_dir.mkdir()
        export_ref(args.ref, ref_dir)
        sides = {f"reference ({args.ref})": run_side(ref_dir, rows_file), "this code": run_side(ROOT, rows_file)}
    keys = [k for k in next(iter(sides.values())) if k not in ("titles", "bad_titles")]
    print(f"{'':38}" + "".join(f"{name:>22}" for name in sides))
    for key in keys:
        print(f"{key:38}" + "".join(f"{side[key]!s:>22}" for side in sides.values()))
    for name, side in sides.items():
        for title in side["titles"][: args.show]:
            print(f"[{name}] {title}")
        for title in side["bad_titles"][: args.show]:
            print(f"[{name}] dateline/contact: {title}")


if __name__ == "__main__":
    main()
