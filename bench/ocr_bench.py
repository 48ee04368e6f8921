"""OCR accuracy and speed on scanned renditions of real corpus documents.

    .venv/bin/python bench/ocr_bench.py [--quick] [--ablation] [--variants clean300,degraded200,...]

Each document (letters and report pages from the seeds and corpus candidates) is typeset as a text
PDF, rendered to page images at 300 and 200 dpi, optionally degraded (a turn of a few degrees, blur,
noise, specks), wrapped back into an image-only PDF and ingested through the normal pipeline
(`ingest.read_document`). The text-layer original, ingested the same way, is the reference:

- word accuracy = 1 - word edit distance / reference words; CER = character edit distance / reference chars
  (both over the records' paragraph text, in order);
- letter fields: date, recipients and signatories of the scan's record compared with the original's;
- pages per second of the OCR ingest (single process, this machine).

--ablation repeats the degraded variants without deskew and without speckle removal, and the
photo variant without evening out the lighting.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "ocr"))

import make_scans  # noqa: E402  (tests/data/ocr/make_scans.py: typesetting and scan simulation)

from archive import load_settings  # noqa: E402
from ingest import IngestError, read_document  # noqa: E402
from ingest import ocr_image as ocr_image_mod  # noqa: E402

SHARED = Path("/work/shared")
SEEDS = SHARED / "seeds"
CANDIDATES = SHARED / "corpus-candidates"
REPORT_PAGES = 4

VARIANTS = {
    # name: (dpi, degrade kwargs, bilevel)
    "clean300": (300, {}, False),
    "clean200": (200, {}, False),
    "degraded300": (300, {"angle": 2.0, "blur": 0.9, "noise": 50, "speckle": 0.002}, False),
    "degraded200": (200, {"angle": -3.0, "blur": 0.7, "noise": 40, "speckle": 0.001}, False),
    "bilevel200": (200, {"angle": 1.0, "blur": 0.6, "noise": 30}, True),
    "photo200": (200, {"shade": 0.6, "angle": 2.5, "blur": 0.8, "noise": 30}, False),
}


@dataclass
class Doc:
    name: str
    kind: str  # letter | report
    pdf: bytes


# --- documents --------------------------------------------------------------------------------------


def _typeset_lines(lines: list[str], pages: int) -> bytes:
    """Report pages: the report's own line breaks kept, a page number in the footer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas as pdfcanvas

    buf = io.BytesIO()
    cv = pdfcanvas.Canvas(buf, pagesize=letter)
    per_page, top, leading = 38, letter[1] - 72, 16.5
    for page in range(pages):
        chunk = lines[page * per_page : (page + 1) * per_page]
        if not chunk:
            break
        cv.setFont("Helvetica", 12)
        for i, line in enumerate(chunk):
            heading = re.match(r"(Section \d+\.|[a-z]\. )", line) is not None
            cv.setFont("Helvetica-Bold" if heading else "Helvetica", 12)
            cv.drawString(72, top - i * leading, line)
        cv.setFont("Helvetica", 10)
        cv.drawCentredString(letter[0] / 2, 40, str(page + 1))
        cv.showPage()
    cv.save()
    return buf.getvalue()


def _letter_from_release(text: str) -> list[str] | None:
    """The letter embedded in a scraped press release, split at the usual letter landmarks."""
    start = re.search(r"([A-Z][a-z]+ \d{1,2}, \d{4} )?The Honorable", text)
    if not start:
        return None
    letter = text[start.start() :]
    letter = re.sub(
        r"(?<=[A-Za-z.])(?=(Dear |Sincerely,|Member of Congress|cc: |President of |Secretary of |The White House"
        r"|Washington, ))",
        " ",
        letter,
    )
    parts = re.split(r"\s*(?=\bDear |\bSincerely,|\bcc: )", letter)
    out: list[str] = []
    for part in parts:
        if part.startswith("Dear "):
            salutation, _, body = part.partition(":")
            out.append(salutation + ":")
            sentences = re.split(r"(?<=[a-z][.?!”])\s+(?=[A-Z])", body.strip())
            for i in range(0, len(sentences), 4):
                out.append(" ".join(sentences[i : i + 4]))
        elif part.startswith("Sincerely,"):
            out.append("Sincerely,")
            out.extend(ln.strip() for ln in re.split(r"\s+(?=Member of Congress)", part[len("Sincerely,") :]))
        else:
            out.extend(_address_lines(part.strip()))
    return [p for p in out if p]


# Where a run-together address block breaks into lines: a date, "The Honorable", a title or
# department, a street number, the city line, a "Re:" line.
_ADDRESS_BREAKS = re.compile(
    r"\s+(?=The Honorable |Secretary of |President of |U\.S\. Department |The White House|"
    r"\d{2,5} [A-Z][a-z]* ?[A-Z]?[a-z]* (?:Street|Avenue|St\.|Ave\.)|Washington, D\.?C|Re: )"
)


def _address_lines(block: str) -> list[str]:
    date = re.match(r"[A-Z][a-z]+ \d{1,2}, \d{4}\s*", block)
    head = [date.group(0).strip()] if date else []
    rest = block[date.end() :] if date else block
    return head + [ln.strip() for ln in _ADDRESS_BREAKS.split(rest) if ln.strip()]


def documents(quick: bool) -> list[Doc]:
    docs = []
    page1, page2 = make_scans.letter_parts(next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8"))
    docs.append(Doc("seed003-letter", "letter", make_scans.typeset_letter(page1, page2)))
    if quick:
        return docs
    for name in ("congress_sherman_2016-01-26", "congress_schiff_2010-04-22"):
        paras = _letter_from_release((CANDIDATES / f"{name}.txt").read_text(encoding="utf-8"))
        if paras:
            docs.append(Doc(f"{name}-letter", "letter", make_scans.typeset_letter(paras, [])))
    report = (CANDIDATES / "statedept_2024_azerbaijan.txt").read_text(encoding="utf-8").splitlines()
    report = [re.sub(r"\s+", " ", ln).strip() for ln in report if ln.strip()]
    docs.append(Doc("statedept2024-report", "report", _typeset_lines(report, REPORT_PAGES)))
    return docs


# --- scanning and measuring ---------------------------------------------------------------------------


def scan(pdf: bytes, variant: str, seed: int) -> bytes:
    dpi, faults, binary = VARIANTS[variant]
    pages = make_scans.render_pages(pdf, dpi)
    pages = [make_scans.degrade(p, seed=seed + i, **faults) if faults else p for i, p in enumerate(pages)]
    if binary:
        pages = [make_scans.bilevel(p) for p in pages]
    return make_scans.image_pdf(pages, dpi, quality=85 if not faults else 70)


def edit_distance(a: list, b: list) -> int:
    """Levenshtein distance, computed only inside the blocks difflib could not match."""
    total = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        total += _levenshtein(a[i1:i2], b[j1:j2])
    return total


def _levenshtein(a: list, b: list) -> int:
    if not a or not b:
        return max(len(a), len(b))
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the tesseract runs)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def record_text(record) -> str:
    return "\n".join(p.text for p in record.paragraphs)


def letter_fields(record) -> dict:
    return {"date": record.date, "recipients": list(record.recipients), "authors": list(record.authors)}


@contextmanager
def ablated(what: str) -> Iterator[None]:
    saved = (ocr_image_mod.MIN_SKEW_DEG, ocr_image_mod.remove_speckle, ocr_image_mod.UNEVEN_PAPER_LEVELS)
    if what == "no-deskew":
        ocr_image_mod.MIN_SKEW_DEG = 1e9
    elif what == "no-flatten":
        ocr_image_mod.UNEVEN_PAPER_LEVELS = 256
    elif what == "no-despeckle":
        ocr_image_mod.remove_speckle = lambda image: image
    try:
        yield
    finally:
        ocr_image_mod.MIN_SKEW_DEG, ocr_image_mod.remove_speckle, ocr_image_mod.UNEVEN_PAPER_LEVELS = saved


def ingest_bytes(data: bytes, name: str, folder: Path, settings):
    path = folder / name
    path.write_bytes(data)
    return read_document(path, settings, shown=name).record


def run(variants: list[str], docs: list[Doc], ablation: str = "") -> dict[str, dict]:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = load_settings(folder / "data")
        refs = {d.name: ingest_bytes(d.pdf, f"{d.name}.pdf", folder, settings) for d in docs}
        for variant in variants:
            row = {
                "words": 0,
                "word_errors": 0,
                "chars": 0,
                "char_errors": 0,
                "pages": 0,
                "seconds": 0.0,
                "cpu": 0.0,
                "fields_ok": 0,
                "letters": 0,
                "misses": [],
                "conf": [],
            }
            for seed, doc in enumerate(docs):
                scanned = scan(doc.pdf, variant, seed * 10)
                with ablated(ablation):
                    start, cpu_start = time.perf_counter(), cpu_seconds()
                    try:
                        rec = ingest_bytes(scanned, f"{doc.name}-{variant}.pdf", folder, settings)
                    except IngestError as exc:
                        row["misses"].append(f"{doc.name}: {exc}")
                        continue
                    row["seconds"] += time.perf_counter() - start
                    row["cpu"] += cpu_seconds() - cpu_start
                ref = refs[doc.name]
                rw, hw = record_text(ref).split(), record_text(rec).split()
                row["words"] += len(rw)
                word_errors = edit_distance(rw, hw)
                row["word_errors"] += word_errors
                rc, hc = list(record_text(ref)), list(record_text(rec))
                row["chars"] += len(rc)
                row["char_errors"] += edit_distance(rc, hc)
                row["pages"] += rec.extraction.get("pages", 0)
                print(
                    f"  {variant:12} {doc.name:38} word_acc {1 - word_errors / max(1, len(rw)):.4f}  "
                    f"conf {rec.extraction.get('ocr_confidence')}",
                    file=sys.stderr,
                    flush=True,
                )
                row["conf"].append(rec.extraction.get("ocr_confidence"))
                if doc.kind == "letter":
                    row["letters"] += 1
                    want, got = letter_fields(ref), letter_fields(rec)
                    if want == got:
                        row["fields_ok"] += 1
                    else:
                        row["misses"].append(f"{doc.name}: letter fields {got} != {want}")
            results[variant + (f" [{ablation}]" if ablation else "")] = row
    return results


def print_table(results: dict[str, dict]) -> None:
    print(
        f"{'variant':28} {'word_acc':>8} {'CER':>7} {'pages':>5} {'pages/s':>7} {'cpu_s/page':>10} {'conf':>5} "
        f"{'letter fields':>13}"
    )
    for name, r in results.items():
        wacc = 1 - r["word_errors"] / max(1, r["words"])
        cer = r["char_errors"] / max(1, r["chars"])
        pps = r["pages"] / r["seconds"] if r["seconds"] else 0.0
        confs = [c for c in r["conf"] if c is not None]
        conf = sum(confs) / len(confs) if confs else 0.0
        print(
            f"{name:28} {wacc:8.4f} {cer:7.4f} {r['pages']:5d} {pps:7.2f} {r['cpu'] / max(1, r['pages']):10.2f} "
            f"{conf:5.1f} "
            f"{r['fields_ok']:>6}/{r['letters']:<6}"
        )
        for miss in r["misses"]:
            print(f"    ! {miss}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only the seed letter")
    parser.add_argument(
        "--ablation", action="store_true", help="also run degraded scans without deskew/despeckle"
    )
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated: " + ",".join(VARIANTS)
    )
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    docs = documents(args.quick)
    print(f"documents: {', '.join(d.name for d in docs)}")
    results = run(variants, docs)
    if args.ablation:
        degraded = [v for v in variants if v.startswith("degraded")]
        results.update(run(degraded, docs, "no-deskew"))
        results.update(run(degraded, docs, "no-despeckle"))
        if "photo200" in variants:
            results.update(run(["photo200"], docs, "no-flatten"))
    print_table(results)


if __name__ == "__main__":
    main()
