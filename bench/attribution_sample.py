"""Quote attribution at scale: a fixed random sample of real press releases, 50 quotes judged by hand.

    .venv/bin/python bench/attribution_sample.py                  # draw (or redraw) the "after" sample
    .venv/bin/python bench/attribution_sample.py --label before --code /tmp/main-src   # the same with other code
    .venv/bin/python bench/attribution_sample.py --summary        # tally the judgements only
    .venv/bin/python bench/attribution_sample.py --blind --seed 20261205 --quotes 100   # a blind draw
    .venv/bin/python bench/attribution_sample.py --score --label heldout   # score the blind draw

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

A blind draw (`--blind`) writes the drawn quotes WITHOUT the speaker the project gives to
tests/data/gold/attribution_blind.yaml, so a person can write down who said each (`expected`: the
accepted names, `unattributed` when the text does not say, or `not_a_quote`) before seeing any
output; `--score` then runs the code on the same releases and writes each quote's speaker and the
judgement that follows from the expected answer under `--label` in the sample file.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "corpus-large" / "house-press-releases.jsonl.gz"
SAMPLE = ROOT / "tests" / "data" / "gold" / "attribution_sample.yaml"
BLIND = ROOT / "tests" / "data" / "gold" / "attribution_blind.yaml"
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


def _same_name(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()  # noqa: E731
    return norm(a) == norm(b)


def judge(expected: Any, speaker: str | None) -> str | None:
    """The judgement a blind answer gives a speaker: expected is a list of accepted names, 'unattributed'
    or 'not_a_quote' (None: not yet answered)."""
    if expected is None:
        return None
    if expected == "not_a_quote":
        return "not_a_quote"
    if expected == "unattributed":
        return "unattributed_right" if not speaker else "wrong"
    names = [expected] if isinstance(expected, str) else list(expected)
    if not speaker:
        return "unattributed_named"
    return "right" if any(_same_name(speaker, n) for n in names) else "wrong"


def blind_draw(quotes: list[dict[str, Any]], counts: dict[str, Any], args: argparse.Namespace) -> int:
    rng = random.Random(args.seed + 1)
    drawn = rng.sample(quotes, min(args.quotes, len(quotes)))
    sheet = [{k: q[k] for k in ("key", "release", "member", "date", "text", "before", "after")} | {"expected": None}
             for q in drawn]
    header = ("# A blind draw of quotes from real press releases (bench/attribution_sample.py --blind): no speaker\n"
              "# the project gives is written here. `expected` was filled by hand from the release text: the\n"
              "# accepted names, `unattributed` when the text does not say who spoke, or `not_a_quote`.\n")
    body = {"seed": args.seed, "releases": args.releases, "drawn": sheet}
    args.blind_out.write_text(header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120),
                              encoding="utf-8")
    print(f"{len(sheet)} quotes drawn blind into {args.blind_out}")
    return 0


def _grown(quotes: list[dict[str, Any]], item: dict[str, Any]) -> dict[str, Any] | None:
    """The quote a drawn quote became when the code now reads more of it (a quote inside it no longer
    cuts it short): the same release, starting with the drawn text."""
    return next((q for q in quotes if q["release"] == item["release"] and q["text"].startswith(item["text"])), None)


def score_blind(data: dict[str, Any], args: argparse.Namespace) -> int:
    sheet = yaml.safe_load(args.blind_out.read_text(encoding="utf-8"))
    releases = read_releases(sorted({q["release"] for q in sheet["drawn"]}))
    quotes, _ = quotes_of(releases)
    by_text = {(q["release"], q["text"]): q for q in quotes}
    drawn = []
    for item in sheet["drawn"]:
        found = by_text.get((item["release"], item["text"])) or _grown(quotes, item)
        speaker = found["speaker"] if found else None
        row = {k: item[k] for k in ("key", "release", "member", "date", "text")}
        row |= {"expected": item["expected"], "speaker": speaker, "role": found["role"] if found else None,
                "found": found is not None, "judgement": judge(item["expected"], speaker)}
        drawn.append(row)
    data[args.label] = {"seed": sheet["seed"], "code": str(args.code), "blind": True, "drawn": drawn,
                        "tally": tally(drawn)}
    args.out.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120),
                        encoding="utf-8")
    missing = sum(1 for q in drawn if not q["found"])
    print(args.label, data[args.label]["tally"], f"quotes no longer found: {missing}")
    return 0


HEADER = ("# Quotes drawn at random from real press releases, judged by hand (bench/attribution_sample.py\n"
          "# draws them and explains the judgements; --summary tallies them).\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--quotes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--label", default="after", help="the section of the sample file to (re)draw")
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose ingest/ to run (for 'before')")
    parser.add_argument("--out", type=Path, default=SAMPLE)
    parser.add_argument("--summary", action="store_true", help="only tally the judgements in the file")
    parser.add_argument("--blind", action="store_true", help="draw quotes without their speakers, for judging")
    parser.add_argument("--blind-out", type=Path, default=BLIND)
    parser.add_argument("--score", action="store_true", help="score the blind draw's answers under --label")
    args = parser.parse_args(argv)
    data = yaml.safe_load(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    data = data or {}
    if args.summary:
        for label, section in data.items():
            if isinstance(section, dict) and "drawn" in section:
                print(label, section.get("counts"), tally(section["drawn"]),
                      section.get("reviewed_tally") or "")  # the hand review of a scored blind draw
        return 0
    if not LARGE.exists():
        parser.error(f"{LARGE}: not found (the releases are read from the shared corpus)")
    sys.path.insert(0, str(args.code))
    if args.score:
        return score_blind(data, args)
    releases = read_releases(sample_lines(args.releases, args.seed))
    quotes, counts = quotes_of(releases)
    if args.blind:
        return blind_draw(quotes, counts, args)
    rng = random.Random(args.seed + 1)
    drawn = rng.sample(quotes, min(args.quotes, len(quotes)))
    previous = {(q["text"], q.get("speaker")): q.get("judgement") for q in
                (data.get(args.label) or {}).get("drawn", [])}
    for q in drawn:
        q["judgement"] = previous.get((q["text"], q["speaker"]))
    data[args.label] = {"seed": args.seed, "code": str(args.code), "counts": counts, "drawn": drawn}
    data[args.label]["tally"] = tally(drawn)
    args.out.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120),
                        encoding="utf-8")
    print(args.label, counts, data[args.label]["tally"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
