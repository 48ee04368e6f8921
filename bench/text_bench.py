"""Plain-text ingest speed on big hard-wrapped files: MB per second from 1 to 50 MB.

The hostile shape (tests/data/hostile/make_hostile.hard_wrapped_text): lines of one width and no
blank lines, so unwrapping gives very long paragraphs. The reference in the same run is the same
words in the ordinary shape (blank lines between paragraphs of a few lines). Two measures per size:
the text reader alone (decode, clean, unwrap: `ingest.text.ingest_text`) and the whole
`read_document` (paragraphs, letter fields, dates, topics, quotes, events). Linear growth shows as
a steady MB/s. Times are CPU seconds of this process (wall in brackets).

    .venv/bin/python bench/text_bench.py                     # 1, 5, 10, 25, 50 MB, text reader only
    .venv/bin/python bench/text_bench.py --full --sizes 1 2 4 8
    .venv/bin/python bench/text_bench.py --code /tmp/main-export --sizes 1 2 4   # the reference code
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --code DIR (first argument pair only): measure another checkout's ingest code, e.g. an export of main
CODE = Path(sys.argv[sys.argv.index("--code") + 1]) if "--code" in sys.argv else ROOT
sys.path.insert(0, str(CODE))
sys.path.insert(0, str(ROOT / "tests" / "data" / "hostile"))

import make_hostile  # noqa: E402

from archive import load_settings  # noqa: E402
from ingest import read_document  # noqa: E402
from ingest.text import ingest_text  # noqa: E402


def ordinary_shape(hard_wrapped: bytes) -> bytes:
    """The same lines with a blank line after every fourth: paragraphs of a few lines."""
    lines = hard_wrapped.decode().split("\n")
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 4 == 0:
            out.append("")
    return "\n".join(out).encode()


def timed(fn) -> tuple[float, float, object]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 5, 10, 25, 50])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose ingest code to time")
    parser.add_argument("--full", action="store_true", help="also time the whole read_document (slower)")
    args = parser.parse_args()
    print(f"code: {CODE}")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "data", max_file_mb=max(args.sizes) + 5, ocr_enabled=False)
        print(f"{'MB':>5} {'shape':<13} {'text reader':>22} {'paragraphs':>10}" + (f" {'read_document':>24}" if args.full else ""))
        for mb in args.sizes:
            hard = make_hostile.hard_wrapped_text(mb)
            for shape, data in (("hard-wrapped", hard), ("reference", ordinary_shape(hard))):
                size = len(data) / 1048576
                cpu, wall, ex = timed(lambda d=data: ingest_text(d, "bench.txt", settings))
                row = f"{mb:>5g} {shape:<13} {size / cpu:>8.1f} MB/s ({wall:5.1f} s) {len(ex.blocks):>10,}"
                if args.full:
                    path = Path(tmp) / "bench.txt"
                    path.write_bytes(data)
                    cpu2, wall2, _ = timed(lambda p=path: read_document(p, settings))
                    row += f" {size / cpu2:>8.2f} MB/s ({wall2:6.1f} s)"
                print(row, flush=True)
            del hard


if __name__ == "__main__":
    main()
