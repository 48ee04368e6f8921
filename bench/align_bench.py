"""Alignment engines compared on the same quotations: edlib (infix "HW" mode) against rapidfuzz
(best equal-length window, widened), with a plain-Python dynamic program as the reference for the
fewest word edits. Quotations are cut from the shipped corpus's paragraphs and altered (exact, a word
dropped, a word changed, a punctuation mark dropped, an ellipsis, invented) at a fixed seed.

    nice .venv/bin/python bench/align_bench.py [--quotes 600] [--seed 3]

Prints, per engine: status right (exact/near/none as built), word edits equal to the reference's
optimum, and microseconds per alignment (wall and CPU).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.align import ENGINES, _codes, _trim_edges, align, tokenize  # noqa: E402


def corpus_paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 30]
    return out


def make_cases(paragraphs: list[str], count: int, seed: int) -> list[tuple[str, str, str]]:
    """(quotation, paragraph, expected status)."""
    rng = random.Random(seed)
    kinds = ["exact", "ellipsis", "drop_word", "change_word", "drop_punct", "invented"]
    cases = []
    while len(cases) < count:
        para = rng.choice(paragraphs)
        words = para.split()
        n = rng.randint(8, min(40, len(words)))
        at = rng.randint(0, len(words) - n)
        quote = words[at:at + n]
        kind = kinds[len(cases) % len(kinds)]
        if kind == "ellipsis":
            cut = rng.randint(3, n - 4)
            quote = [*quote[:cut], "…", *quote[cut + 2:]]
            expected = "exact"
        elif kind == "drop_word":
            del quote[rng.randint(1, n - 2)]
            expected = "near"
        elif kind == "change_word":
            k = rng.randint(1, n - 2)
            quote[k] = "nineteen" if quote[k] != "nineteen" else "twenty"
            expected = "near"
        elif kind == "drop_punct":
            marked = [k for k, w in enumerate(quote[:-1]) if w[-1] in ",;:"]
            if not marked:
                continue
            k = rng.choice(marked)
            quote[k] = quote[k][:-1]
            expected = "near"
        elif kind == "invented":
            other = rng.choice(paragraphs).split()
            quote = rng.sample(other, min(n, len(other)))
            expected = "none"
        else:
            expected = "exact"
        cases.append((" ".join(quote), para, expected))
    return cases


def reference_edits(quote: str, para: str) -> int:
    """Fewest unit word edits of the quotation against any stretch of the paragraph (Sellers' DP)."""
    q = _trim_edges(tokenize(quote))
    query, codes = _codes(q, tokenize(para))
    prev = [0] * (len(codes) + 1)
    for i, a in enumerate(query, 1):
        cur = [i] + [0] * len(codes)
        for j, b in enumerate(codes, 1):
            cur[j] = min(prev[j - 1] + (a != b), prev[j] + 1, cur[j - 1] + 1)
        prev = cur
    return min(prev)


def unit_edits(result) -> int:
    return sum(max(len(tokenize(d.quoted)), len(tokenize(d.source))) for d in result.diff
               if d.op in ("missing", "added", "changed", "case"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    cases = make_cases(corpus_paragraphs(), args.quotes, args.seed)
    single = [(q, p) for q, p, e in cases if "…" not in q and e != "none"]
    reference = [reference_edits(q, p) for q, p in single]
    print(f"{len(cases)} quotations from the shipped corpus (seed {args.seed}); {len(single)} compared "
          f"with the reference optimum")
    for engine in ENGINES:
        right = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        results = [align(q, p, engine=engine) for q, p, _ in cases]
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        right = sum(r.status == e for r, (_, _, e) in zip(results, cases, strict=True))
        by_quote = {q: r for r, (q, _, _) in zip(results, cases, strict=True)}
        optimal = sum(unit_edits(by_quote[q]) == ref for (q, _), ref in zip(single, reference, strict=True))
        print(f"{engine:10s} status right {right}/{len(cases)} ({right / len(cases):.3f}); "
              f"optimal edits {optimal}/{len(single)}; "
              f"{wall / len(cases) * 1e6:.0f} us wall, {cpu / len(cases) * 1e6:.0f} us CPU per alignment")


if __name__ == "__main__":
    main()
