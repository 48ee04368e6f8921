"""PDF ingestion: accuracy on the renditions with ground truth, and speed.

    .venv/bin/python bench/pdf_bench.py                 # accuracy + speed on tests/data/pdf
    .venv/bin/python bench/pdf_bench.py --pages 100     # and a generated 100-page report (needs reportlab)
    .venv/bin/python bench/pdf_bench.py --rounds 3 --json

Accuracy, per file with a `.truth.json` listing paragraphs: the share of truth paragraphs found
verbatim (text), with the right page, and with the right kind; and the character similarity of
the whole text (difflib ratio). Speed: the text-layer ingestor alone (ingest.pdf.ingest_pdf, OCR off),
pages per second and milliseconds per page; peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import difflib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import load_settings  # noqa: E402
from ingest.pdf import ingest_pdf  # noqa: E402

PDFS = ROOT / "tests" / "data" / "pdf"


def accuracy(settings) -> list[dict]:
    rows = []
    for truth_file in sorted(PDFS.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        if "paragraphs" not in truth:
            continue
        name = truth_file.name.removesuffix(".truth.json")
        data = (PDFS / f"{name}.pdf").read_bytes()
        blocks = ingest_pdf(data, name, settings).blocks
        got = {(b.text, b.page, b.kind) for b in blocks}
        texts = {b.text for b in blocks}
        with_page = {(b.text, b.page) for b in blocks}
        want = truth["paragraphs"]
        n = len(want)
        rows.append({
            "file": f"{name}.pdf",
            "paragraphs": n,
            "text_exact": sum(w["text"] in texts for w in want) / n,
            "page_right": sum((w["text"], w["page"]) in with_page for w in want) / n if want[0]["page"] else None,
            "kind_right": sum((w["text"], w["kind"]) in {(t, k) for t, _, k in got} for w in want) / n,
            "extra_blocks": max(0, len(blocks) - n),
            "char_similarity": difflib.SequenceMatcher(
                None, "\n".join(w["text"] for w in want), "\n".join(b.text for b in blocks), autojunk=False
            ).ratio(),
        })
    return rows


def speed(files: list[Path], rounds: int, settings) -> dict:
    pages = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            ex = ingest_pdf(path.read_bytes(), path.name, settings)
            pages += ex.extraction["pages"]
    elapsed = time.perf_counter() - start
    docs = rounds * len(files)
    return {
        "docs": docs,
        "pages": pages,
        "seconds": round(elapsed, 3),
        "docs_per_second": round(docs / elapsed, 2),
        "pages_per_second": round(pages / elapsed, 2),
        "ms_per_page": round(1000 * elapsed / max(pages, 1), 1),
    }


def long_report(pages: int, folder: Path) -> Path:
    """A generated report of about `pages` pages, from the State Department rendition's text."""
    sys.path.insert(0, str(PDFS))
    import make_pdfs as mk  # the test-data generator (reportlab)

    truth = json.loads((PDFS / "statedept_2024_azerbaijan.truth.json").read_text(encoding="utf-8"))
    body = mk.Style("Times-Roman", 11, 13.5, space_after=7)
    head = mk.Style("Times-Bold", 12.5, 15, space_before=8, space_after=5, hyphenate=False)
    paras: list = []
    while True:
        paras += [mk.Para(p["text"], head if p["kind"] == "heading" else body, p["kind"]) for p in truth["paragraphs"]]
        layout = mk.flow(paras, mk.one_column, top=mk.MARGIN, bottom=mk.MARGIN)
        if len(layout.pages) >= pages:
            break

    def decorate(c, number: int, total: int) -> None:
        c.setFont("Times-Roman", 8)
        c.drawString(mk.MARGIN, 42, "Long generated report for the benchmark")
        c.drawRightString(mk.PAGE_W - mk.MARGIN, 42, f"{number}")

    path = folder / f"long_{pages}.pdf"
    mk.render(path, layout, decorate, "Long report", 1700000000)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each test PDF is read for the speed figure")
    parser.add_argument("--pages", type=int, default=0, help="also time a generated report of this many pages")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "data", ocr_enabled=False)
        result: dict = {"accuracy": accuracy(settings)}
        renditions = [PDFS / row["file"] for row in result["accuracy"]]
        result["speed_test_pdfs"] = speed(renditions, max(args.rounds, 1), settings)
        if args.pages:
            result["speed_long_report"] = speed([long_report(args.pages, Path(tmp))], 1, settings)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{'file':34} {'paras':>5} {'text':>6} {'page':>6} {'kind':>6} {'extra':>5} {'chars':>6}")
    for row in result["accuracy"]:
        page = f"{row['page_right']:>6.1%}" if row["page_right"] is not None else f"{'-':>6}"
        print(f"{row['file']:34} {row['paragraphs']:>5} {row['text_exact']:>6.1%} {page} "
              f"{row['kind_right']:>6.1%} {row['extra_blocks']:>5} {row['char_similarity']:>6.1%}")
    for key in ("speed_test_pdfs", "speed_long_report"):
        if key in result:
            s = result[key]
            print(f"{key}: {s['docs']} docs, {s['pages']} pages in {s['seconds']} s = "
                  f"{s['pages_per_second']} pages/s, {s['ms_per_page']} ms/page, {s['docs_per_second']} docs/s")
    print(f"peak RSS: {result['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
