"""Article-extraction benchmark for the HTML ingestor.

Runs our HTML ingestor and trafilatura alone, in the same process, over page sets with the
article text each page should give, and prints precision, recall and F1 by the metric of
../shared/benchmarks/article-extraction/README.md (word 4-gram shingles, per-page normalized
counts), pages per CPU-second, exact titles where a set states them, the pages where we keep
fewer tokens than trafilatura, and what each of our cleaning rules removed (blocks, characters).
The per-page check, on every set: the pages where our text lacks more than --tolerance tokens of
trafilatura's text that no named cleaning rule calls chrome (listed for tuning parts; held-out
parts are counted, and listed only with --list-heldout), and the pages that lack more only by chrome.

Sets (each wider set split by a fixed hash into a tuning part and a held-out part, see bench/html_sets.py):
  shared                 the 181 pages of ../shared/benchmarks/article-extraction/ (ground truth by people)
  newspaper4k-tune/-heldout   23 pages with whole expected texts and titles (newspaper4k 0.9.6 sdist)
  mercury-tune/-heldout       100 pages with titles and the article's first 13 words (@postlight/mercury-parser 1.1.1)
  trafilatura-tune/-heldout   83 pages with sentences to keep and boilerplate to drop (trafilatura 1.0.0 sdist)
The packages are fetched with pip download / npm pack into --cache (outside the repository) on first use.
Pages with a whole text are scored by shingle F1; pages with snippets by snippet recall (kept / stated),
snippet precision (boilerplate left out / stated) and their F1; titles by exact token match.

    .venv/bin/python bench/html_extraction.py                 # every set, ours and trafilatura
    .venv/bin/python bench/html_extraction.py --sets shared --all-modes --worst 10
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import trafilatura  # noqa: E402
from html_sets import DEFAULT_CACHE, SOURCES, Page, split  # noqa: E402

from archive import Settings  # noqa: E402
from ingest.errors import IngestError  # noqa: E402
from ingest.html import decode_html, parse_html, read_html  # noqa: E402
from ingest.html_clean import chrome_word, is_boilerplate_paragraph, load_rules, name_tokens  # noqa: E402

DEFAULT_DATASET = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")


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
    lost = lost_sentences(reference, ours, [item.text for item in removals.items])
    return [s for s in lost if chrome_rule_for(data, page_id, s) is None], None


def chrome_rule_for(data: bytes, page_id: str, sentence: str) -> str | None:
    """The named rule that calls a sentence chrome where the cleaner never met it (trafilatura's
    precise reading left it out first): a drop_paragraphs rule ("paragraph"), or a chrome name
    ("name:...") on an element that holds it in the untouched page."""
    rules = load_rules()
    if is_boilerplate_paragraph(sentence, rules):
        return "paragraph"
    root = parse_html(decode_html(data, page_id)[0], page_id)
    wanted = _plain(sentence)
    holders = [el for el in root.iter() if isinstance(el.tag, str) and wanted in _plain(el.text_content() or "")]
    innermost = holders[-1] if holders else None
    for el in [innermost, *innermost.iterancestors()] if innermost is not None else []:
        word = chrome_word(name_tokens(el), rules)
        if word:
            return f"name:{word}"
    return None


def lost_sentences(reference: str, ours: str, removed: list[str]) -> list[str]:
    """The reference's sentences found neither in our text nor in any removed piece."""
    kept = _plain(ours)
    gone = [_plain(text) for text in removed]
    return [s for s in sentences(reference)
            if _plain(s) and _plain(s) not in kept and not any(_plain(s) in g for g in gone)]


# --- the page sets ---------------------------------------------------------------------------------


def shared_pages(dataset: Path, limit: int | None) -> list[Page]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        data = gzip.decompress((dataset / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, data, truth[page_id]["articleBody"]))
    return pages


def published_rows(dataset: Path) -> list[tuple[str, str, str, str]]:
    """The published (extractor, F1, precision, recall) rows, read from the README's table."""
    rows = []
    for line in (dataset / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"0?\.\d+", cells[1]):
            rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


# --- the extractors --------------------------------------------------------------------------------


@dataclass
class Output:
    text: str
    title: str | None = None
    removed: dict[str, tuple[int, int]] = field(default_factory=dict)
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (rule, text) of every removal


Extractor = Callable[[Page], Output]


def ours(settings: Settings) -> Extractor:
    def run(page: Page) -> Output:
        extracted, removals = read_html(page.data, f"{page.page_id}.html", settings)
        return Output("\n".join(block.text for block in extracted.blocks), extracted.title, removals.by_rule(),
                      [(item.rule, item.text) for item in removals.items])

    return run


def trafilatura_alone(**options: bool) -> Extractor:
    def run(page: Page) -> Output:
        doc = trafilatura.bare_extraction(page.data, include_comments=False, include_tables=True,
                                          with_metadata=True, **options)
        if doc is None:
            return Output("")
        return Output(doc.text or "", doc.title)

    return run


REFERENCE = f"trafilatura {trafilatura.__version__} (defaults)"


def extractors(all_modes: bool) -> dict[str, Extractor]:
    every = {REFERENCE: trafilatura_alone()}
    if all_modes:
        every[f"trafilatura {trafilatura.__version__} favor_precision"] = trafilatura_alone(favor_precision=True)
        every[f"trafilatura {trafilatura.__version__} favor_recall"] = trafilatura_alone(favor_recall=True)
    every["ours (ingest.html)"] = ours(Settings())
    return every


def bag_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalized (TP, FP, FN) of one page by bag of words."""
    true, pred = Counter(tokens(truth)), Counter(tokens(predicted))
    tp, fp, fn = sum((true & pred).values()), sum((pred - true).values()), sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def holds(text: str, snippet: str) -> bool:
    """The snippet's words, in order, are in the text (spacing and punctuation aside)."""
    words = " ".join(tokens(snippet))
    return bool(words) and f" {words} " in f" {' '.join(tokens(text))} "


@dataclass
class Run(Score):
    titles: int = 0
    titled: int = 0
    bag: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    whole: int = 0  # pages scored on a whole expected text
    kept: int = 0  # snippets to keep that the text holds
    to_keep: int = 0
    left_out: int = 0  # boilerplate snippets the text does not hold
    to_leave: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    kept_tokens: dict[str, Counter[str]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)

    @property
    def bag_f1(self) -> float:
        return _f1(*self.bag)

    @property
    def snippet_f1(self) -> float:
        recall = self.kept / self.to_keep if self.to_keep else 1.0
        precision = self.left_out / self.to_leave if self.to_leave else 1.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def score(self, page: Page, out: Output) -> None:
        self.outputs[page.page_id] = out
        misses = []
        if page.truth is not None:
            self.add(page.page_id, page.truth, out.text)
            self.bag = [a + b for a, b in zip(self.bag, bag_counts(page.truth, out.text), strict=True)]
            self.kept_tokens[page.page_id] = Counter(tokens(page.truth)) & Counter(tokens(out.text))
            self.whole += 1
        else:
            self.pages += 1
        for snippet in page.must_have:
            self.to_keep += 1
            self.kept += holds(out.text, snippet) or misses.append(f"lost: {snippet[:60]}") or 0
        for snippet in page.must_not:
            self.to_leave += 1
            self.left_out += not holds(out.text, snippet) or misses.append(f"kept: {snippet[:60]}") or 0
        if page.title:
            self.titled += 1
            right = " ".join(tokens(out.title or "")) == " ".join(tokens(page.title))
            self.titles += right
            if not right:
                misses.append(f"title {out.title!r} vs {page.title!r}")
        self.misses[page.page_id] = misses


def run_set(pages: list[Page], all_modes: bool) -> list[Run]:
    runs = []
    for name, extract in extractors(all_modes).items():
        run = Run(name)
        started, cpu_started = time.perf_counter(), time.process_time()
        for page in pages:
            try:
                out = extract(page)
            except IngestError as exc:
                run.errors[type(exc).__name__] += 1
                out = Output("")
            run.score(page, out)
            for rule, (blocks, chars) in out.removed.items():
                run.removed[rule] += blocks
                run.removed_chars[rule] += chars
        run.seconds = time.perf_counter() - started
        run.cpu_seconds = time.process_time() - cpu_started
        runs.append(run)
    return runs


# --- the report ------------------------------------------------------------------------------------


def print_table(label: str, runs: list[Run]) -> None:
    print(f"\n== {label}: {runs[0].pages} pages")
    print(f"{'extractor':<40} {'F1':>6} {'prec.':>6} {'recall':>6} {'bow F1':>6} {'snipF1':>6} {'kept':>8} "
          f"{'left out':>8} {'titles':>7} {'pages/cpu-s':>11} {'pages/s':>8}  refused")
    for r in runs:
        refused = ", ".join(f"{k} {v}" for k, v in sorted(r.errors.items())) or "-"
        titles = f"{r.titles}/{r.titled}" if r.titled else "-"
        whole = (f"{r.f1:6.3f} {r.precision:6.3f} {r.recall:6.3f} {r.bag_f1:6.3f}" if r.whole
                 else f"{'-':>6} {'-':>6} {'-':>6} {'-':>6}")
        snippets = (f"{r.snippet_f1:6.3f} {f'{r.kept}/{r.to_keep}':>8} {f'{r.left_out}/{r.to_leave}':>8}"
                    if r.to_keep or r.to_leave else f"{'-':>6} {'-':>8} {'-':>8}")
        print(f"{r.name:<40} {whole} {snippets} {titles:>7} {r.pages / max(r.cpu_seconds, 1e-9):11.1f} "
              f"{r.pages / max(r.seconds, 1e-9):8.1f}  {refused}")


def print_misses(runs: list[Run], count: int) -> None:
    """Pages where ours misses a snippet or a title that trafilatura alone gets (tuning parts only)."""
    reference = next(r for r in runs if r.name == REFERENCE)
    mine = runs[-1]
    shown = 0
    for page_id, misses in mine.misses.items():
        theirs = set(reference.misses.get(page_id, []))
        worse = [m for m in misses if m not in theirs and not (m.startswith("title") and
                                                              any(t.startswith("title") for t in theirs))]
        if worse and shown < count:
            shown += 1
            print(f"  {page_id[:40]:<40} " + " | ".join(worse))


def print_regressions(runs: list[Run], tolerance: int) -> None:
    """Pages where we keep more than `tolerance` fewer true tokens than trafilatura alone."""
    reference = next(r for r in runs if r.name == REFERENCE)
    mine = runs[-1]
    worse = []
    for page_id, theirs in reference.kept_tokens.items():
        missing = theirs - mine.kept_tokens.get(page_id, Counter())
        if sum(missing.values()) > tolerance:
            worse.append((sum(missing.values()), page_id, " ".join(list(missing)[:12])))
    print(f"pages where ours keeps > {tolerance} fewer true tokens than trafilatura: {len(worse)}")
    for count, page_id, sample in sorted(worse, reverse=True)[:10]:
        print(f"  {page_id[:24]:<24} -{count} tokens: {sample}")


@dataclass
class PageCheck:
    """What one page of ours lacks that trafilatura alone gives: its lines (paragraphs) missing from
    our text, each with why: a named cleaning rule removed it or calls it chrome, it is the page's
    title (kept as the record's title), it is not in the set's expected text, or "text" (unexplained)."""

    page_id: str
    lost: list[tuple[str, str]]  # (why, line)

    @property
    def text_tokens(self) -> int:
        return sum(len(tokens(line)) for why, line in self.lost if why == "text")

    @property
    def chrome_tokens(self) -> int:
        return sum(len(tokens(line)) for why, line in self.lost if why.startswith("chrome"))


def check_page(page: Page, theirs: Output, mine: Output) -> PageCheck:
    kept = _plain(mine.text)
    gone = [(rule, _plain(text)) for rule, text in mine.pieces]
    truth = _plain(page.truth) if page.truth is not None else None
    lost = []
    for line in theirs.text.splitlines():
        plain = _plain(line)
        if not plain or plain in kept:
            continue
        rule = next((rule for rule, text in gone if plain in text), None)
        if rule is None and len(plain.split()) >= 3:
            rule = chrome_rule_for(page.data, page.page_id, line)
        if rule == "title" or (mine.title and plain == _plain(mine.title)):
            why = "title"
        elif rule is not None:
            why = f"chrome ({rule})"
        elif truth is not None and plain not in truth:
            why = "not in the expected text"
        else:
            why = "text"
        lost.append((why, line))
    return PageCheck(page.page_id, lost)


def print_page_check(label: str, pages: list[Page], runs: list[Run], tolerance: int, listed: bool) -> None:
    """The per-page check: pages where ours lacks more than `tolerance` tokens of trafilatura's text
    that no rule explains, and pages where what ours lacks beyond that is only chrome."""
    reference = next(r for r in runs if r.name == REFERENCE)
    mine = runs[-1]
    checks = [check_page(p, reference.outputs[p.page_id], mine.outputs[p.page_id]) for p in pages]
    worse = sorted((c for c in checks if c.text_tokens > tolerance), key=lambda c: -c.text_tokens)
    chrome_only = [c for c in checks if c.text_tokens <= tolerance < c.text_tokens + c.chrome_tokens]
    print(f"per-page check: pages where ours lacks > {tolerance} tokens of trafilatura's text that no rule "
          f"calls chrome: {len(worse)} of {len(pages)}; pages lacking more only by chrome a named rule removed: "
          f"{len(chrome_only)}")
    if not listed:
        if worse:
            print("  (a held-out part: pages not listed; --list-heldout lists them)")
        return
    for check in worse[:15]:
        sample = next(line for why, line in check.lost if why == "text")
        whys = Counter(why for why, _ in check.lost)
        print(f"  {check.page_id[:40]:<40} -{check.text_tokens} tokens of text ({', '.join(f'{k} {v}' for k, v in sorted(whys.items()))})"
              f": {' '.join(sample.split())[:90]}")


def print_removals(run: Run) -> None:
    print("what each of our cleaning rules removed (blocks, characters without spaces):")
    for rule, blocks in sorted(run.removed.items(), key=lambda kv: -run.removed_chars[kv[0]]):
        print(f"  {rule:<28} {blocks:6d} {run.removed_chars[rule]:9d}")


def print_worst(run: Run, count: int) -> None:
    print(f"worst pages for {run.name} (normalized TP / FP / FN):")
    for page_id, (tp, fp, fn) in sorted(run.per_page.items(), key=lambda kv: kv[1][0])[:count]:
        print(f"  {page_id[:24]:<24}  {tp:.2f} / {fp:.2f} / {fn:.2f}")


WIDER = [f"{source}-{part}" for source in SOURCES for part in ("tune", "heldout")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, help="the shared benchmark's folder")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where the fetched packages are kept (outside the repository)")
    parser.add_argument("--sets", default=",".join(["shared", *WIDER]), help="comma-separated set names")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of the shared set")
    parser.add_argument("--all-modes", action="store_true", help="also trafilatura favor_precision / favor_recall")
    parser.add_argument("--tolerance", type=int, default=5, help="tokens a page may lose before it is listed")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each extractor")
    parser.add_argument("--list-heldout", action="store_true",
                        help="list the per-page check's pages of held-out parts too (tuning parts are always listed)")
    parser.add_argument("--misses", type=int, default=0,
                        help="list N pages of each TUNING part where ours misses what trafilatura gets")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    sets: dict[str, list[Page]] = {}
    if "shared" in wanted:
        if (args.dataset / "ground-truth.json").is_file():
            sets["shared"] = shared_pages(args.dataset, args.limit)
        else:
            print(f"{args.dataset}: no ground-truth.json here; shared set skipped", file=sys.stderr)
    for source, load in SOURCES.items():
        if {f"{source}-tune", f"{source}-heldout"} & set(wanted):
            tune, heldout = split(source, load(args.cache))
            sets.update({k: v for k, v in ((f"{source}-tune", tune), (f"{source}-heldout", heldout)) if k in wanted})
    print("metric: word 4-gram shingles, per-page normalized TP/FP/FN (F1, prec., recall); bag of words (bow F1);")
    print("snippets: kept = stated sentences the text holds, left out = stated boilerplate it does not; titles: exact")
    print("pages/cpu-s is this process's CPU time (the machine is shared, wall-clock pages/s is pessimistic)")
    for label, pages in sets.items():
        runs = run_set(pages, args.all_modes)
        print_table(label, runs)
        if runs[-1].whole:
            print_regressions(runs, args.tolerance)
        print_page_check(label, pages, runs, args.tolerance, args.list_heldout or not label.endswith("heldout"))
        print_removals(runs[-1])
        if args.misses and not label.endswith("heldout"):
            print_misses(runs, args.misses)
        for run in runs if args.worst else []:
            print_worst(run, args.worst)
        if label == "shared":
            for name, f1, precision, recall in published_rows(args.dataset):
                print(f"  published: {name:<34} {float(f1):6.3f} {float(precision):6.3f} {float(recall):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
