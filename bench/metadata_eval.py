"""Accuracy of records' metadata (title, date, doc_type, org, authors, recipients) on the gold set.

    .venv/bin/python bench/metadata_eval.py             # accuracy per field, tune and held-out parts
    .venv/bin/python bench/metadata_eval.py --verbose   # and every wrong field of the tuned part
    .venv/bin/python bench/metadata_eval.py --verbose-seen     # and the seen draws' held-out parts (1-6) too
    .venv/bin/python bench/metadata_eval.py --verbose-heldout  # and the fresh draw's too (not for tuning)
    .venv/bin/python bench/metadata_eval.py --json      # one JSON object
    .venv/bin/python bench/metadata_eval.py --ref main  # and the same gold read by another revision's code

The gold documents (tests/data/gold/documents.yaml) are laid out as files with sidecars by
tests/data/gold/materialize.py in a temp folder, read by the real pipeline (ingest.read_document)
and stored in a temp archive (archive.Store), and each stored record is compared with its hand
annotation in tests/data/gold/metadata.yaml. A field is right for a document when:
- title: a printed title (a string in the gold) equals the record's title after normalisation
  (case folded, curly quotes and dashes made plain, runs of spaces made one, a trailing period
  dropped); a supplied title (a mapping with `printed: false`) is accepted when the record's title
  is in square brackets, has no ellipsis ("..." or "…"), is at most 200 characters and contains,
  case-insensitively, a term of each `must_contain` group;
- date, doc_type: equal (null equals null); org: equal after the same normalisation;
- a document the pipeline refuses is wrong on every field;
- authors, recipients: the same number of people, each gold name matched by a different recorded
  name (`same_person`: equal surnames, and given names that agree where both give them, initials
  and missing given names allowed).
The release documents need ../shared/corpus-large; without it they are left out (and said so).
Parts: `tune` (rules may be developed on it), `heldout` (every held-out document), and the held-out
documents of each draw apart: `heldout_1` (the shipped corpus and the first 28 releases),
`heldout_2` (the second draw of 21 releases, `draw: 2` in documents.yaml), `heldout_3` (the third
draw of 16 releases, all held out, `draw: 3`), `heldout_4` (the fourth draw of 20, `draw: 4`) and
`heldout_5` (the fifth draw of 20, `draw: 5`), `heldout_6` (the sixth draw of 22, `draw: 6`) and
`heldout_7` (the seventh draw of 20, `draw: 7`), all held out. The first six draws' held-out failures have
been printed while tuning (so they are seen); the seventh is the fresh held-out part.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The code measured: this tree, or (for --ref) a revision exported by the parent process.
sys.path.insert(0, os.environ.get("METADATA_EVAL_CODE", str(ROOT)))
sys.path.insert(0, str(ROOT / "tests" / "data" / "gold"))

import materialize  # noqa: E402

from archive import Record, Store, load_settings  # noqa: E402
from ingest import IngestError, read_document  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold" / "metadata.yaml"
FIELDS = ("title", "date", "doc_type", "org", "authors", "recipients")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "the", "honorable", "rep", "sen", "hon", "h.e", "he"}


def norm(text: str | None) -> str:
    if text is None:
        return ""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—]", "-", text)
    return " ".join(text.split()).casefold().rstrip(".")


def _name_parts(name: str) -> tuple[str, list[str]]:
    words = [w.strip(".,").casefold() for w in name.replace("’", "'").split()]
    words = [w for w in words if w and w not in _HONORIFICS and w not in {"jr", "sr", "ii", "iii"}]
    if not words:
        return "", []
    return words[-1], words[:-1]


def same_person(gold: str, got: str) -> bool:
    surname_a, given_a = _name_parts(gold)
    surname_b, given_b = _name_parts(got)
    if not surname_a or surname_a != surname_b:
        return False
    full_a = [g for g in given_a if len(g) > 1]
    full_b = [g for g in given_b if len(g) > 1]
    return not full_a or not full_b or full_a[0] == full_b[0]


def people_match(gold: list[str], got: list[str]) -> bool:
    if len(gold) != len(got):
        return False
    left = list(got)
    for name in gold:
        hit = next((g for g in left if same_person(name, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def title_ok(gold: Any, got: str | None) -> bool:
    got = got or ""
    if isinstance(gold, str):
        return norm(gold) == norm(got)
    text = got.strip()
    if not (text.startswith("[") and text.endswith("]")) or "…" in text or "..." in text or len(text) > 200:
        return False
    folded = norm(text)
    return all(any(norm(term) in folded for term in group) for group in gold["must_contain"])


def field_ok(field: str, gold: dict[str, Any], record: Record) -> bool:
    want = gold.get(field)
    if field == "title":
        return title_ok(want, record.title)
    if field == "date":
        return (str(want) if want else None) == (record.date or None)
    if field == "doc_type":
        return want == record.doc_type
    if field == "org":
        return norm(want) == norm(record.source.org)
    return people_match(list(want or []), list(getattr(record, field) or []))


def shown(field: str, record: Record) -> Any:
    return record.source.org if field == "org" else getattr(record, field)


PARTS = ("tune", "heldout", "heldout_1", "heldout_2", "heldout_3", "heldout_4", "heldout_5", "heldout_6", "heldout_7")
FRESH = ("heldout_7",)  # held-out parts whose failures have not been printed


def document_parts() -> dict[str, tuple[str, ...]]:
    """Each gold document's parts: `tune`, or `heldout` and the held-out part of its draw."""
    out: dict[str, tuple[str, ...]] = {}
    for doc in materialize.documents():
        if doc.get("part", "tune") == "heldout":
            out[doc["id"]] = ("heldout", f"heldout_{doc.get('draw', 1)}")
        else:
            out[doc["id"]] = ("tune",)
    return out


def _listed(verbose: bool | str, parts: tuple[str, ...]) -> bool:
    """Whether a wrong field of a document in `parts` is printed: the tuned part with --verbose, the
    seen draws too with --verbose-seen ("seen"), every part with --verbose-heldout ("all")."""
    if verbose == "all":
        return True
    if verbose == "seen":
        return not any(p in FRESH for p in parts)
    return bool(verbose) and parts == ("tune",)


def evaluate(verbose: bool | str = False) -> dict[str, Any]:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["documents"]
    parts = document_parts()
    with tempfile.TemporaryDirectory(prefix="metadata-eval-") as tmp:
        files = materialize.materialize(Path(tmp) / "docs")
        settings = load_settings(Path(tmp) / "data")
        store = Store(settings)
        right: dict[str, dict[str, int]] = {p: dict.fromkeys(FIELDS, 0) for p in PARTS}
        counts = dict.fromkeys(PARTS, 0)
        wrong: list[str] = []
        failed: list[str] = []
        started = time.process_time()
        for gold_id, path in files.items():
            try:
                doc = read_document(path, settings, shown=path.name)
            except IngestError as exc:  # a refused document is wrong on every field
                failed.append(f"{gold_id}: {exc}")
                for part in parts[gold_id]:
                    counts[part] += 1
                continue
            store.put_original(doc.data)
            store.save(doc.record)
            record = store.get(doc.record.id)
            for part in parts[gold_id]:
                counts[part] += 1
            for field in FIELDS:
                if field_ok(field, gold[gold_id], record):
                    for part in parts[gold_id]:
                        right[part][field] += 1
                elif _listed(verbose, parts[gold_id]):  # the fresh held-out part: not for tuning
                    wrong.append(f"[{parts[gold_id][-1]}] {gold_id} {field}: got {shown(field, record)!r}, "
                                 f"want {gold[gold_id].get(field)!r}")
        cpu = time.process_time() - started
    missing = sorted(set(gold) - set(files))
    result = {
        "documents": counts,
        "accuracy": {
            part: {f: round(right[part][f] / counts[part], 3) if counts[part] else None for f in FIELDS} for part in right
        },
        "failed": failed,
        "missing": missing,
        "cpu_s": round(cpu, 2),
    }
    if verbose:
        result["wrong"] = wrong
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="list every wrong field of the tuned part")
    parser.add_argument("--verbose-seen", action="store_true",
                        help="list the seen draws' held-out wrong fields too (their failures were printed before)")
    parser.add_argument("--verbose-heldout", action="store_true",
                        help="list every held-out part's wrong fields, the fresh draw's too (not for tuning)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--ref", help="also measure the code of this git revision (exported to a temp folder)")
    args = parser.parse_args()
    if args.ref:
        print(f"reference: {args.ref}")
        _print(_measure_ref(args.ref), args.json)
        print("this code:")
    verbose = "all" if args.verbose_heldout else "seen" if args.verbose_seen else args.verbose
    result = evaluate(verbose=verbose)
    _print(result, args.json)


def _measure_ref(ref: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="metadata-eval-ref-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = subprocess.run(
            [sys.executable, __file__, "--json"], capture_output=True, text=True, check=True,
            env={**os.environ, "METADATA_EVAL_CODE": tmp},
        )
    return json.loads(out.stdout)


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=1))
        return
    parts = [p for p in PARTS if p in result["documents"]]  # a reference's older script may give fewer
    print("documents: " + ", ".join(f"{p} {result['documents'][p]}" for p in parts)
          + f" (read and stored in {result['cpu_s']} CPU s)")
    print(f"{'field':<12}" + "".join(f"{p:>11}" for p in parts))
    for field in FIELDS:
        print(f"{field:<12}" + "".join(f"{result['accuracy'][p][field]!s:>11}" for p in parts))
    for line in result["failed"]:
        print("FAILED", line)
    if result["missing"]:
        print(f"left out (../shared/corpus-large absent?): {len(result['missing'])} documents")
    for line in result.get("wrong", []):
        print(line)


if __name__ == "__main__":
    main()
