"""Precision and recall of enrichment (topics, quote attribution, events) against the annotations.

    .venv/bin/python bench/enrich_eval.py            # totals
    .venv/bin/python bench/enrich_eval.py --verbose  # and every miss and false hit
    .venv/bin/python bench/enrich_eval.py --json     # one JSON object (tests read this)
    .venv/bin/python bench/enrich_eval.py --heldout  # news articles the rules were not developed on

Each annotated document (tests/data/annotations.yaml) is found by file name under the corpus
folder, run through the real ingest pipeline (ingest.read_document, enrichment included) and
compared with its annotation. Matching rules:
- topics: (document, topic id) pairs;
- quotes: a predicted quote matches an annotated one when its text starts with the annotated
  `starts`; it is correctly attributed when its speaker contains one of the accepted speakers
  (ignoring case). Attribution precision counts every predicted quote that names a speaker
  (a speaker given to a non-quote is wrong); recall counts annotated quotes found with a right speaker;
- events: (date, precision, end_date); every predicted event must be in the document's set.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Record, load_settings  # noqa: E402
from ingest import read_document  # noqa: E402
from ingest.enrich import enrich_record  # noqa: E402

DEFAULT_ANNOTATIONS = ROOT / "tests" / "data" / "annotations.yaml"
HELDOUT = ROOT / "bench" / "enrich_heldout.yaml"
ARTICLES = Path("/work/shared/benchmarks/article-extraction/ground-truth.json")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def _find(corpus: Path, name: str) -> Path | None:
    hits = sorted(corpus.rglob(name))
    return hits[0] if hits else None


def _event_key(date: Any, precision: Any, end_date: Any) -> tuple[str, str, str | None]:
    return (str(date), str(precision), str(end_date) if end_date is not None else None)


class Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.misses: list[str] = []

    def add(self, key: str, value: int = 1) -> None:
        self.n[key] = self.n.get(key, 0) + value

    def get(self, key: str) -> int:
        return self.n.get(key, 0)


def score_document(name: str, record: Record, expected: dict[str, Any], tally: Tally) -> None:
    if "topics" not in expected:  # held-out news articles: quotes and events only
        _score_quotes(name, record, expected.get("quotes") or [], tally)
        _score_events(name, record, expected.get("events") or [], tally)
        return
    want_topics = set(expected.get("topics") or [])
    got_topics = set(record.topics)
    tally.add("topics_predicted", len(got_topics))
    tally.add("topics_expected", len(want_topics))
    tally.add("topics_correct", len(got_topics & want_topics))
    for t in sorted(got_topics - want_topics):
        tally.misses.append(f"{name}: topic {t} applied, not annotated")
    for t in sorted(want_topics - got_topics):
        tally.misses.append(f"{name}: topic {t} annotated, not applied")
    if expected.get("topics_only"):
        return
    _score_quotes(name, record, expected.get("quotes") or [], tally)
    _score_events(name, record, expected.get("events") or [], tally)


def _score_quotes(name: str, record: Record, wanted: list[dict[str, Any]], tally: Tally) -> None:
    def matches(quote_text: str, item: dict[str, Any]) -> bool:
        return _norm(quote_text).startswith(_norm(item["starts"]))

    def right_speaker(speaker: str | None, item: dict[str, Any]) -> bool:
        accepted = item.get("speaker") or []
        accepted = [accepted] if isinstance(accepted, str) else accepted
        return bool(speaker) and any(_norm(a) in _norm(speaker) for a in accepted)

    required = [w for w in wanted if not w.get("optional")]
    tally.add("quotes_expected", len(required))
    for q in record.quotes:
        item = next((w for w in wanted if matches(q.text, w)), None)
        if item is None or not item.get("optional"):
            tally.add("quotes_predicted")  # a quoted fragment marked optional is judged on its speaker only
        if item is not None and not item.get("optional"):
            tally.add("quotes_detected")
        elif item is None:
            tally.misses.append(f"{name}: p{q.paragraph} quote not annotated: {q.text[:60]!r} [{q.speaker}]")
        if q.speaker:
            tally.add("attributions_predicted")
            if item is not None and right_speaker(q.speaker, item):
                tally.add("attributions_correct")
            elif item is not None:
                tally.misses.append(f"{name}: p{q.paragraph} speaker {q.speaker!r}, want {item['speaker']}: "
                                    f"{q.text[:50]!r}")
    for w in required:
        found = [q for q in record.quotes if matches(q.text, w)]
        if not found:
            tally.misses.append(f"{name}: quote missed: {w['starts']!r}")
            continue
        if any(right_speaker(q.speaker, w) for q in found):
            tally.add("attributions_found")
        elif not any(q.speaker for q in found):
            tally.misses.append(f"{name}: no speaker for {w['starts']!r}, want {w['speaker']}")
        if w.get("via"):
            tally.add("via_expected")
            if any(q.via and _norm(w["via"]) in _norm(q.via) for q in found):
                tally.add("via_correct")


def _score_events(name: str, record: Record, wanted: list[dict[str, Any]], tally: Tally) -> None:
    want = {_event_key(e["date"], e["precision"], e.get("end_date")) for e in wanted}
    got = [(_event_key(e.date, e.precision, e.end_date), e) for e in record.events]
    tally.add("events_expected", len(want))
    tally.add("events_predicted", len(got))
    for key, event in got:
        if key in want:
            tally.add("events_correct")
        else:
            tally.misses.append(f"{name}: p{event.paragraph} event {key} not annotated: {event.summary[:70]!r}")
    found = {key for key, _ in got}
    tally.add("events_found", len(want & found))
    for key in sorted(want - found, key=str):
        tally.misses.append(f"{name}: event {key} missed")


def _article_file(folder: Path, articles: dict[str, Any], name: str, expected: dict[str, Any]) -> Path | None:
    """A held-out article body written out as a text file with a sidecar (title, date)."""
    if name not in articles:
        return None
    path = folder / f"{name[:12]}.txt"
    path.write_text(articles[name]["articleBody"], encoding="utf-8")
    side = {"title": f"Held-out article {name[:12]}", "doc_type": "other"}
    if expected.get("date"):
        side["date"] = str(expected["date"])
    (folder / f"{name[:12]}.meta.yaml").write_text(yaml.safe_dump(side), encoding="utf-8")
    return path


def evaluate(corpus: Path, annotations: Path, articles: Path | None = None) -> dict[str, Any]:
    """Score every annotated document; with `articles` (a ground-truth.json), the held-out set."""
    data = yaml.safe_load(annotations.read_text(encoding="utf-8"))
    bodies = json.loads(articles.read_text(encoding="utf-8")) if articles else {}
    tally = Tally()
    missing: list[str] = []
    enrich_seconds = 0.0
    characters = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(Path(tmp) / "data")
        for name, expected in (data.get("documents") or {}).items():
            path = _article_file(Path(tmp), bodies, name, expected) if articles else _find(corpus, name)
            if path is None:
                missing.append(name)
                continue
            record = read_document(path, settings).record
            t0 = time.perf_counter()
            enrich_record(record, settings)  # timed again on its own: enrichment cost alone
            enrich_seconds += time.perf_counter() - t0
            characters += sum(len(p.text) for p in record.paragraphs)
            score_document(name, record, expected, tally)
    n = tally.get
    return {
        "documents": len(data.get("documents") or {}) - len(missing),
        "missing_documents": missing,
        "seconds": round(time.perf_counter() - started, 2),
        "enrich_seconds": round(enrich_seconds, 3),
        "enrich_chars_per_second": round(characters / enrich_seconds) if enrich_seconds else None,
        "topics": {"precision": _ratio(n("topics_correct"), n("topics_predicted")),
                   "recall": _ratio(n("topics_correct"), n("topics_expected")),
                   "predicted": n("topics_predicted"), "expected": n("topics_expected")},
        "quote_detection": {"precision": _ratio(n("quotes_detected"), n("quotes_predicted")),
                            "recall": _ratio(n("quotes_detected"), n("quotes_expected")),
                            "predicted": n("quotes_predicted"), "expected": n("quotes_expected")},
        "quote_attribution": {"precision": _ratio(n("attributions_correct"), n("attributions_predicted")),
                              "recall": _ratio(n("attributions_found"), n("quotes_expected")),
                              "via": f"{n('via_correct')}/{n('via_expected')}",
                              "predicted": n("attributions_predicted"), "expected": n("quotes_expected")},
        "events": {"precision": _ratio(n("events_correct"), n("events_predicted")),
                   "recall": _ratio(n("events_found"), n("events_expected")),
                   "predicted": n("events_predicted"), "expected": n("events_expected")},
        "misses": tally.misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS)
    parser.add_argument("--heldout", action="store_true",
                        help="score the held-out news articles (bench/enrich_heldout.yaml) instead")
    parser.add_argument("--articles", type=Path, default=ARTICLES,
                        help="ground-truth.json of the article-extraction benchmark (for --heldout)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false hit")
    args = parser.parse_args(argv)
    if args.heldout:
        if not args.articles.is_file():
            parser.error(f"{args.articles}: not found (the held-out texts come from the article benchmark)")
        annotations = args.annotations if args.annotations != DEFAULT_ANNOTATIONS else HELDOUT
        result = evaluate(args.corpus, annotations, args.articles)
    else:
        result = evaluate(args.corpus, args.annotations)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['documents']} annotated documents ({result['seconds']} s in all; enrichment alone "
          f"{result['enrich_seconds']} s, {result['enrich_chars_per_second']} characters/s)")
    if result["missing_documents"]:
        print(f"not found under {args.corpus}: {', '.join(result['missing_documents'])}")
    for key in ("topics", "quote_detection", "quote_attribution", "events"):
        r = result[key]
        extra = f"  via {r['via']}" if "via" in r else ""
        print(f"{key:18} precision {r['precision']}  recall {r['recall']}  "
              f"(predicted {r['predicted']}, expected {r['expected']}){extra}")
    if args.verbose:
        for line in result["misses"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
