"""CPU per page of the HTML ingest, this tree against other commits, in one run.

Each code tree (this working tree, and each --ref exported with `git archive` into a temporary
folder) reads the 181 pages of ../shared/benchmarks/article-extraction/ in a process of its own,
after a warm-up of five pages; trafilatura's plain extract of the same pages is timed too. Prints
CPU milliseconds per page and the ratio to the first --ref.

    .venv/bin/python bench/html_cpu.py --ref d7b2ed6 --ref main
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT.parent / "shared" / "benchmarks" / "article-extraction"


def pages(dataset: Path) -> list[bytes]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    return [gzip.decompress((dataset / "html" / f"{page_id}.html.gz").read_bytes()) for page_id in sorted(truth)]


def measure(tree: str, dataset: Path) -> float:
    """CPU ms per page of ingest_html in the code tree `tree` ("trafilatura": its plain extract)."""
    data = pages(dataset)
    if tree == "trafilatura":
        import trafilatura

        def read(page: bytes, _: str) -> None:
            trafilatura.extract(page, include_comments=False, include_tables=True)
    else:
        sys.path.insert(0, tree)
        from archive import Settings
        from ingest.errors import IngestError
        from ingest.html import ingest_html

        settings = Settings()

        def read(page: bytes, name: str) -> None:
            with contextlib.suppress(IngestError):  # a refused page costs its time too
                ingest_html(page, name, settings)
    for i, page in enumerate(data[:5]):
        read(page, f"warm{i}.html")
    started = time.process_time()
    for i, page in enumerate(data):
        read(page, f"{i}.html")
    return (time.process_time() - started) / len(data) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", action="append", default=[], help="a commit to compare with (repeatable)")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one tree, in its own process
    args = parser.parse_args(argv)
    if args.measure:
        print(f"{measure(args.measure, args.dataset):.1f}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        trees = []
        for ref in args.ref:
            folder = Path(tmp) / ref.replace("/", "_")
            folder.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
            trees.append((ref, str(folder)))
        trees += [("this tree", str(ROOT)), ("trafilatura.extract alone", "trafilatura")]
        first = None
        print(f"{'code':<28} {'CPU ms/page':>11} {'ratio':>6}")
        for label, tree in trees:
            out = subprocess.run([sys.executable, __file__, "--measure", tree, "--dataset", str(args.dataset)],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            ms = float(out)
            first = first or ms
            print(f"{label:<28} {ms:11.1f} {ms / first:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
