"""Article-extraction benchmark for the HTML ingestor.

Runs our HTML ingestor (and trafilatura alone, for comparison) over the pages of
../shared/benchmarks/article-extraction/ and prints precision, recall and F1 by the metric its
README defines (word 4-gram shingles, per-page normalized counts), beside the published rows.

    .venv/bin/python bench/html_extraction.py            # every page, every extractor
    .venv/bin/python bench/html_extraction.py --only ours --limit 50 --worst 10
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from archive import Settings  # noqa: E402
from ingest.errors import IngestError  # noqa: E402
from ingest.html import ingest_html, read_html  # noqa: E402

DEFAULT_DATASET = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")
Extractor = Callable[[bytes, str], str]


# --- the metric (as the benchmark's README defines it) ---------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalized (TP, FP, FN) of one page: each page weighs the same."""
    true, pred = shingles(tokens(truth)), shingles(tokens(predicted))
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass
class Score:
    name: str
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    exact: int = 0
    pages: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    per_page: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def add(self, page_id: str, truth: str, predicted: str) -> None:
        counts = page_counts(truth, predicted)
        self.per_page[page_id] = counts
        self.tp, self.fp, self.fn = self.tp + counts[0], self.fp + counts[1], self.fn + counts[2]
        self.exact += tokens(truth) == tokens(predicted)
        self.pages += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- the text-loss guard ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
GUARD_MIN_WORDS = 6


def sentences(text: str) -> list[str]:
    """The whole sentences of a text (of at least GUARD_MIN_WORDS words), spaces made single."""
    found = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(" ".join(line.split())):
            part = part.strip()
            if len(part.split()) >= GUARD_MIN_WORDS and part[-1:] in ".!?":
                found.append(part)
    return found


def _plain(text: str) -> str:
    return " ".join(tokens(text)).lower()


def unexplained_losses(data: bytes, page_id: str, settings: Settings) -> tuple[list[str], str | None]:
    """Sentences trafilatura alone keeps that our text lacks and that no named cleaning rule
    removed as chrome (text lost by accident), and the reason when the page was refused."""
    reference = trafilatura.extract(data, include_comments=False, include_tables=True) or ""
    try:
        extracted, removals = read_html(data, page_id, settings)
    except IngestError as exc:
        return sentences(reference), exc.reason
    ours = "\n".join(block.text for block in extracted.blocks)
    return lost_sentences(reference, ours, [item.text for item in removals.items]), None


def lost_sentences(reference: str, ours: str, removed: list[str]) -> list[str]:
    """The reference's sentences found neither in our text nor in any removed piece."""
    kept = _plain(ours)
    gone = [_plain(text) for text in removed]
    return [s for s in sentences(reference)
            if _plain(s) and _plain(s) not in kept and not any(_plain(s) in g for g in gone)]


# --- the data set ----------------------------------------------------------------------------------


def load_pages(dataset: Path, limit: int | None) -> Iterator[tuple[str, bytes, str, str]]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    for i, page_id in enumerate(sorted(truth)):
        if limit is not None and i >= limit:
            return
        data = gzip.decompress((dataset / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, data, truth[page_id]["articleBody"], truth[page_id].get("url") or ""


def published_rows(dataset: Path) -> list[tuple[str, str, str, str]]:
    """The published (extractor, F1, precision, recall) rows, read from the README's table."""
    rows = []
    for line in (dataset / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"0?\.\d+", cells[1]):
            rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


# --- the extractors --------------------------------------------------------------------------------


def ours(settings: Settings) -> Extractor:
    def run(data: bytes, page_id: str) -> str:
        extracted = ingest_html(data, f"{page_id}.html", settings)
        return "\n".join(block.text for block in extracted.blocks)

    return run


def trafilatura_alone(**options: bool) -> Extractor:
    def run(data: bytes, page_id: str) -> str:
        return trafilatura.extract(data, include_comments=False, include_tables=True, **options) or ""

    return run


def extractors(only: str | None) -> dict[str, Extractor]:
    every = {
        f"trafilatura {trafilatura.__version__} (defaults)": trafilatura_alone(),
        f"trafilatura {trafilatura.__version__} favor_precision": trafilatura_alone(favor_precision=True),
        f"trafilatura {trafilatura.__version__} favor_recall": trafilatura_alone(favor_recall=True),
        "ours (ingest.html)": ours(Settings()),
    }
    if only == "ours":
        return {k: v for k, v in every.items() if k.startswith("ours")}
    if only == "trafilatura":
        return {k: v for k, v in every.items() if k.startswith("trafilatura")}
    return every


def run_benchmark(dataset: Path, limit: int | None, only: str | None) -> list[Score]:
    pages = list(load_pages(dataset, limit))
    scores = []
    for name, extract in extractors(only).items():
        score = Score(name)
        started, cpu_started = time.perf_counter(), time.process_time()
        for page_id, data, truth, _url in pages:
            try:
                predicted = extract(data, page_id)
            except IngestError as exc:
                score.errors[type(exc).__name__] += 1
                predicted = ""
            score.add(page_id, truth, predicted)
        score.seconds = time.perf_counter() - started
        score.cpu_seconds = time.process_time() - cpu_started
        scores.append(score)
        print(f"  ran {name}: {score.pages} pages in {score.seconds:.1f} s", file=sys.stderr)
    return scores


def print_table(scores: list[Score], published: list[tuple[str, str, str, str]]) -> None:
    print(f"{'extractor':<44} {'F1':>6} {'prec.':>6} {'recall':>6} {'exact':>6} {'pages/s':>8} {'cpu ms/page':>11}"
          "  refused")
    print("-" * 104)
    for s in scores:
        refused = ", ".join(f"{k} {v}" for k, v in sorted(s.errors.items())) or "-"
        rate = s.pages / s.seconds if s.seconds else 0.0
        cpu_ms = 1000 * s.cpu_seconds / max(s.pages, 1)
        print(f"{s.name:<44} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.exact / max(s.pages, 1):6.3f} "
              f"{rate:8.1f} {cpu_ms:11.0f}  {refused}")
    print("-" * 104)
    for name, f1, precision, recall in published:
        print(f"{'published: ' + name:<44} {float(f1):6.3f} {float(precision):6.3f} {float(recall):6.3f}")


def print_worst(score: Score, count: int) -> None:
    print(f"\nworst pages for {score.name} (normalized TP / FP / FN):")
    for page_id, (tp, fp, fn) in sorted(score.per_page.items(), key=lambda kv: kv[1][0])[:count]:
        print(f"  {page_id[:16]}  {tp:.2f} / {fp:.2f} / {fn:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--only", choices=("ours", "trafilatura"), default=None)
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each extractor")
    args = parser.parse_args(argv)
    if not (args.dataset / "ground-truth.json").is_file():
        print(f"{args.dataset}: no ground-truth.json here (use --dataset)", file=sys.stderr)
        return 2
    scores = run_benchmark(args.dataset, args.limit, args.only)
    print(f"article-extraction benchmark: {scores[0].pages} pages, {args.dataset}")
    print("metric: word 4-gram shingles, per-page normalized TP/FP/FN; ours joins block texts with newlines")
    print("pages/s is wall-clock (shared machine); cpu ms/page is this process's CPU time per page\n")
    print_table(scores, published_rows(args.dataset))
    for score in scores if args.worst else []:
        print_worst(score, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
