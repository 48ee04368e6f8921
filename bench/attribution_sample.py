"""Quote attribution at scale: a fixed random sample of real press releases, 50 quotes judged by hand.

    .venv/bin/python bench/attribution_sample.py                  # draw (or redraw) the "after" sample
    .venv/bin/python bench/attribution_sample.py --label before --code /tmp/main-src   # the same with other code
    .venv/bin/python bench/attribution_sample.py --summary        # tally the judgements only

Reads `--releases` releases of ../shared/corpus-large/ (lines drawn with a fixed seed), builds each
record with the real ingest pipeline (no archive, no index), counts quotes and unattributed quotes
over all of them, then draws `--quotes` quotes at random (fixed seed) and writes them, with the text
around each, under `--label` in tests/data/gold/attribution_sample.yaml. A person then judges each
drawn quote by filling its `judgement`:
  right                  the speaker is the person or body who said it (by the fullest name the text gives)
  wrong                  a speaker is given and it is not who said it (a fragment or vague noun is wrong)
  unattributed_named     no speaker given, but the text says who said it
  unattributed_right     no speaker given, and the text does not say who said it
  not_a_quote            the passage is not a quotation (judged apart: its speaker is not counted)
Redrawing keeps the judgement of a quote drawn again with the same text and speaker.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
SAMPLE = ROOT / "tests" / "data" / "gold" / "attribution_sample.yaml"
TOTAL_RELEASES = 104951
SEED = 20261203
JUDGEMENTS = ("right", "wrong", "unattributed_named", "unattributed_right", "not_a_quote")


def sample_lines(count: int, seed: int = SEED) -> list[int]:
    return sorted(random.Random(seed).sample(range(TOTAL_RELEASES), count))


def read_releases(lines: list[int]) -> dict[int, dict[str, Any]]:
    """The releases on those lines of the large corpus (the gold set's reader)."""
    sys.path.insert(0, str(ROOT / "tests" / "data" / "gold"))
    from materialize import _release_lines

    return _release_lines(set(lines))


def quotes_of(releases: dict[int, dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every quote of every release, with the text around it; and counts."""
    from archive import load_settings
    from ingest import IngestError, build_record

    out: list[dict[str, Any]] = []
    refused = 0
    cpu = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp))
        for number, row in sorted(releases.items()):
            sidecar = {"date": row["date"], "org": f"Office of {row['member']}", "doc_type": "press_release"}
            try:
                record = build_record(row["text"].encode("utf-8"), f"release-{number}", settings, sidecar)
            except IngestError:
                refused += 1
                continue
            for k, quote in enumerate(record.quotes):
                para = record.paragraph(quote.paragraph).text if quote.paragraph else ""
                at = para.find(quote.text)
                out.append({
                    "key": f"{number}:{quote.paragraph}:{k}",
                    "release": number,
                    "member": row["member"],
                    "date": row["date"],
                    "speaker": quote.speaker,
                    "role": quote.speaker_role,
                    "text": quote.text,
                    "before": para[max(0, at - 400):at] if at >= 0 else "",
                    "after": para[at + len(quote.text):at + len(quote.text) + 200] if at >= 0 else "",
                })
    counts = {"releases": len(releases), "refused": refused, "quotes": len(out),
              "unattributed": sum(1 for q in out if not q["speaker"]),
              "cpu_seconds": round(time.process_time() - cpu, 1)}
    counts["unattributed_share"] = round(counts["unattributed"] / counts["quotes"], 3) if out else None
    return out, counts


def tally(drawn: list[dict[str, Any]]) -> dict[str, Any]:
    judged = [q for q in drawn if q.get("judgement") in JUDGEMENTS]
    n = {j: sum(1 for q in judged if q["judgement"] == j) for j in JUDGEMENTS}
    quotes = len(judged) - n["not_a_quote"]
    return {"judged": len(judged), **n,
            "wrong_share": round(n["wrong"] / quotes, 3) if quotes else None,
            "unattributed_share": round((n["unattributed_named"] + n["unattributed_right"]) / quotes, 3)
            if quotes else None,
            "unattributed_but_named_share": round(n["unattributed_named"] / quotes, 3) if quotes else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--quotes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--label", default="after", help="the section of the sample file to (re)draw")
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose ingest/ to run (for 'before')")
    parser.add_argument("--out", type=Path, default=SAMPLE)
    parser.add_argument("--summary", action="store_true", help="only tally the judgements in the file")
    args = parser.parse_args(argv)
    data = yaml.safe_load(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    data = data or {}
    if args.summary:
        for label, section in data.items():
            if isinstance(section, dict) and "drawn" in section:
                print(label, section.get("counts"), tally(section["drawn"]))
        return 0
    if not LARGE.exists():
        parser.error(f"{LARGE}: not found (the releases are read from the shared corpus)")
    sys.path.insert(0, str(args.code))
    releases = read_releases(sample_lines(args.releases, args.seed))
    quotes, counts = quotes_of(releases)
    rng = random.Random(args.seed + 1)
    drawn = rng.sample(quotes, min(args.quotes, len(quotes)))
    previous = {(q["text"], q.get("speaker")): q.get("judgement") for q in
                (data.get(args.label) or {}).get("drawn", [])}
    for q in drawn:
        q["judgement"] = previous.get((q["text"], q["speaker"]))
    data[args.label] = {"seed": args.seed, "code": str(args.code), "counts": counts, "drawn": drawn}
    data[args.label]["tally"] = tally(drawn)
    header = ("# Quotes drawn at random from real press releases, judged by hand (bench/attribution_sample.py\n"
              "# draws them and explains the judgements; --summary tallies them).\n")
    args.out.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120),
                        encoding="utf-8")
    print(args.label, counts, data[args.label]["tally"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
