"""Latency of one search request with a very long query (issue 12 item 3), against a short query.

    nice .venv/bin/python bench/long_query_bench.py                  # 1,000 and 10,000 characters
    nice .venv/bin/python bench/long_query_bench.py --chars 100000   # the size the issue reported

The shipped corpus is ingested into a temporary data folder; each query is sent once through the
real Flask app's `/api/search` (in process, as a visitor with `anonymous_read` on) and its wall and CPU seconds are
printed with the answer's status, next to a short query's in the same run (the reference). Queries:
made-up words the index does not know (the "did you mean" path), many wildcards, and a deeply
nested boolean expression.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def made_up_words(chars: int, rng: random.Random) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:chars]


def wildcards(chars: int, rng: random.Random) -> str:
    words = made_up_words(chars, rng).split()
    return " OR ".join(w[:3] + "*" for w in words)[:chars].rsplit(" ", 1)[0]


def nested(chars: int) -> str:
    depth = max(1, chars // 12)  # "(" and " OR torture)" per level
    return "(" * depth + "blockade" + " OR torture)" * depth


def timed(client, q: str) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    resp = client.get("/api/search?q=" + quote(q))
    return time.perf_counter() - wall, time.process_time() - cpu, resp.status_code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, nargs="*", default=[1000, 10000])
    args = ap.parse_args()
    from archive import load_settings
    from webapp import create_app
    from webapp.jobs import ingest_paths

    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "data", anonymous_read=True)  # a visitor may search
        ingest_paths([ROOT / "corpus"], settings)
        client = create_app({"SETTINGS": settings}).test_client()
        timed(client, "blockade")  # warm up
        print(f"{'query':<38} {'chars':>7} {'wall s':>8} {'cpu s':>8} status")
        for name, q in [("reference: one word", "blockade"),
                        ("reference: three words", "prisoners of war")]:
            wall, cpu, status = timed(client, q)
            print(f"{name:<38} {len(q):>7} {wall:>8.3f} {cpu:>8.3f} {status}")
        at_limits = [("100 made-up words (the word limit)", " ".join(made_up_words(2000, rng).split()[:100])),
                     ("8 wildcards (the wildcard limit)", wildcards(200, rng).split(" OR ")[:8]),
                     ("10 nested brackets (the depth limit)", nested(120))]
        for name, q in at_limits:
            q = " OR ".join(q) if isinstance(q, list) else q
            wall, cpu, status = timed(client, q)
            print(f"{name:<38} {len(q):>7} {wall:>8.3f} {cpu:>8.3f} {status}")
        for chars in args.chars:
            for name, q in [("made-up words (did you mean)", made_up_words(chars, rng)),
                            ("wildcards", wildcards(chars, rng)),
                            ("nested boolean", nested(chars))]:
                wall, cpu, status = timed(client, q)
                print(f"{name:<38} {len(q):>7} {wall:>8.3f} {cpu:>8.3f} {status}")


if __name__ == "__main__":
    main()
