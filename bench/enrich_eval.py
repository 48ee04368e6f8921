"""Precision and recall of enrichment (topics, quote attribution, events) against the annotations.

    .venv/bin/python bench/enrich_eval.py            # totals
    .venv/bin/python bench/enrich_eval.py --verbose  # and every miss and false hit
    .venv/bin/python bench/enrich_eval.py --json     # one JSON object (tests read this)
    .venv/bin/python bench/enrich_eval.py --heldout  # news articles the rules were not developed on
    .venv/bin/python bench/enrich_eval.py --gold     # the gold set (tests/data/gold): tune and held-out parts (and each draw's held-out part)

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
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Record, load_settings  # noqa: E402
from ingest import IngestError, read_document  # noqa: E402
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


# -- the gold set (tests/data/gold): per part, tune and held-out --------------------------------------

GOLD = ROOT / "tests" / "data" / "gold"
GOLD_ENRICHMENT = ("enrichment.yaml", "enrichment_more.yaml")  # the second draw's annotations apart


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class GoldTally(Tally):
    def ratio(self, num: str, den: str) -> float | None:
        return _ratio(self.get(num), self.get(den))


def _gold_topics(name: str, record: Record, want: dict[str, Any], tally: GoldTally) -> None:
    expected = set(want.get("topics") or [])
    optional = set(want.get("topics_optional") or []) - expected
    got = set(record.topics)
    counted = got - optional
    tally.add("topics_predicted", len(counted))
    tally.add("topics_expected", len(expected))
    tally.add("topics_correct", len(counted & expected))
    tally.add("topics_per_record", len(got))
    for t in sorted(counted - expected):
        tally.misses.append(f"{name}: topic {t} applied, not annotated")
    for t in sorted(expected - got):
        tally.misses.append(f"{name}: topic {t} annotated, not applied")


def _gold_right_speaker(speaker: str | None, item: dict[str, Any]) -> bool:
    accepted = _as_list(item.get("speaker"))
    if accepted == ["unattributed"]:
        return speaker is None
    return bool(speaker) and any(_norm(a) in _norm(speaker) for a in accepted)


def _gold_quote_item(text: str, quote: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The annotated quote a predicted one is: the same start, or a later part of it (a quote split
    across paragraphs: no closing mark between the annotated start and the predicted one)."""
    q = _norm(quote)
    for item in items:
        s = _norm(item["starts"])
        if q.startswith(s) or (len(q) >= 15 and s.startswith(q[:60])):
            return item
    flat = _norm(text)
    pos = flat.find(q[:60])
    if pos < 0:
        return None
    best: tuple[int, dict[str, Any]] | None = None
    for item in items:
        start = flat.rfind(_norm(item["starts"]), 0, pos)
        if start >= 0 and not re.search(r"[”\"]", flat[start:pos]) and (best is None or start > best[0]):
            best = (start, item)
    return best[1] if best else None


def _gold_quotes(name: str, record: Record, items: list[dict[str, Any]], tally: GoldTally) -> None:
    text = "\n".join(p.text for p in record.paragraphs)
    required = [w for w in items if not w.get("optional")]
    tally.add("quotes_expected", len(required))
    for q in record.quotes:
        item = _gold_quote_item(text, q.text, items)
        tally.add("quotes_listed")
        if q.speaker is None:
            tally.add("quotes_unattributed")
        if item is None:
            tally.add("quotes_predicted")
            tally.misses.append(f"{name}: quote not annotated: {q.text[:60]!r} [{q.speaker}]")
        elif not item.get("optional"):
            tally.add("quotes_predicted")
            tally.add("quotes_detected")
        if q.speaker:
            tally.add("speakers_predicted")
            if item is not None and _gold_right_speaker(q.speaker, item):
                tally.add("speakers_correct")
            else:
                want = item["speaker"] if item is not None else "(not a quote)"
                tally.misses.append(f"{name}: speaker {q.speaker!r}, want {want}: {q.text[:50]!r}")
    for w in required:
        found = [q for q in record.quotes if _gold_quote_item(text, q.text, [w]) is w]
        if not found:
            tally.misses.append(f"{name}: quote missed: {w['starts']!r}")
        elif _gold_right_speaker(found[0].speaker, w):
            tally.add("speakers_found")
        elif found[0].speaker is None:
            tally.misses.append(f"{name}: no speaker for {w['starts']!r}, want {w['speaker']}")


def _gold_event_text(record: Record, event: Any) -> str:
    """The sentence an event reports, as far as the record shows it: its summary, and when the summary
    was shortened, the paragraph from where the summary starts."""
    summary = _norm(event.summary.rstrip("…"))
    para = next((p.text for p in record.paragraphs if p.n == event.paragraph), "")
    flat = _norm(para)
    pos = flat.find(summary[:50])
    if event.summary.endswith("…") and pos >= 0:  # the rest of the sentence, to its full stop
        end = flat.find(". ", pos + len(summary) - 5)
        return flat[pos:end if end > 0 else len(flat)]
    return summary


def _gold_events(name: str, record: Record, items: list[dict[str, Any]], tally: GoldTally) -> None:
    required = [e for e in items if not e.get("optional")]
    tally.add("events_expected", len(required))
    used: set[int] = set()
    for event in record.events:
        key = _event_key(event.date, event.precision, event.end_date)
        sentence = _gold_event_text(record, event)
        matching = [i for i, e in enumerate(items)
                    if _event_key(e["date"], e["precision"], e.get("end_date")) == key
                    and _norm(e["text"]) in sentence]
        fresh = [i for i in matching if i not in used]
        if fresh:
            used.add(fresh[0])
            if items[fresh[0]].get("optional"):
                continue
            tally.add("events_predicted")
            tally.add("events_correct")
        elif matching:
            tally.add("events_predicted")
            tally.add("events_duplicates")
            tally.misses.append(f"{name}: event {key} again: {event.summary[:70]!r}")
        else:
            tally.add("events_predicted")
            tally.misses.append(f"{name}: p{event.paragraph} event {key} not annotated: {event.summary[:70]!r}")
    for i, e in enumerate(items):
        if not e.get("optional") and i not in used:
            tally.misses.append(f"{name}: event {e['date']} missed: {e['text']!r}")
    tally.add("events_found", sum(1 for i in used if not items[i].get("optional")))


def _gold_figures(tally: GoldTally, documents: int) -> dict[str, Any]:
    n = tally.get
    return {
        "documents": documents,
        "topics": {"precision": tally.ratio("topics_correct", "topics_predicted"),
                   "recall": tally.ratio("topics_correct", "topics_expected"),
                   "per_record": round(n("topics_per_record") / documents, 2) if documents else None},
        "quote_detection": {"precision": tally.ratio("quotes_detected", "quotes_predicted"),
                            "recall": tally.ratio("quotes_detected", "quotes_expected")},
        "quote_speakers": {"precision": tally.ratio("speakers_correct", "speakers_predicted"),
                           "recall": tally.ratio("speakers_found", "quotes_expected"),
                           "unattributed": tally.ratio("quotes_unattributed", "quotes_listed")},
        "events": {"precision": tally.ratio("events_correct", "events_predicted"),
                   "recall": tally.ratio("events_found", "events_expected"),
                   "duplicates": n("events_duplicates")},
        "misses": tally.misses,
    }


def _score_gold(gold_id: str, record: Record, want: dict[str, Any], tally: GoldTally) -> None:
    _gold_topics(gold_id, record, want, tally)
    if want.get("quotes") is not None:
        _gold_quotes(gold_id, record, want["quotes"], tally)
    if want.get("events") is not None:
        _gold_events(gold_id, record, want["events"], tally)


def evaluate_gold(gold: Path = GOLD) -> dict[str, Any]:
    """Score the gold set's documents (materialized from documents.yaml) part by part."""
    sys.path.insert(0, str(gold))
    from materialize import documents, materialize

    annotations: dict[str, Any] = {}
    for name in GOLD_ENRICHMENT:  # the first annotations, and the second draw's in a file of their own
        annotations.update(yaml.safe_load((gold / name).read_text(encoding="utf-8"))["documents"])
    parts = {d["id"]: d.get("part", "tune") for d in documents()}
    draws = {d["id"]: d.get("draw", 1) for d in documents()}
    tallies = {"tune": GoldTally(), "heldout": GoldTally(), "heldout_1": GoldTally(), "heldout_2": GoldTally()}
    counts = dict.fromkeys(tallies, 0)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = materialize(Path(tmp) / "docs")
        settings = load_settings(Path(tmp) / "data")
        for gold_id, path in paths.items():
            want = annotations.get(gold_id)
            if want is None:
                continue
            part = parts[gold_id]
            names = [part] if part == "tune" else [part, f"heldout_{draws[gold_id]}"]
            try:
                record = read_document(path, settings).record
            except IngestError as exc:  # refused: everything annotated in it is missed
                record = None
                refusal = f"{gold_id}: refused: {exc}"
            for name in names:  # a held-out document counts in the held-out part and in its draw's
                tally = tallies[name]
                counts[name] += 1
                if record is None:
                    tally.misses.append(refusal)
                _score_gold(gold_id, record or Record(id=gold_id, title=""), want, tally)
    result = {part: _gold_figures(tallies[part], counts[part]) for part in tallies}
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["missing_documents"] = sorted(set(parts) - set(paths))
    return result


def print_gold(result: dict[str, Any], verbose: bool | str) -> None:
    print(f"gold set ({result['seconds']} s); not available: {', '.join(result['missing_documents']) or 'none'}")
    for part in ("tune", "heldout", "heldout_1", "heldout_2"):  # held out: all, then each draw's
        r = result[part]
        print(f"[{part}] {r['documents']} documents")
        for key in ("topics", "quote_detection", "quote_speakers", "events"):
            extra = "  ".join(f"{k} {v}" for k, v in r[key].items() if k not in ("precision", "recall"))
            print(f"  {key:16} precision {r[key]['precision']}  recall {r[key]['recall']}  {extra}")
        if verbose == "all" or (verbose and part == "tune"):  # the held-out part is not for tuning
            for line in r["misses"]:
                print("    " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS)
    parser.add_argument("--heldout", action="store_true",
                        help="score the held-out news articles (bench/enrich_heldout.yaml) instead")
    parser.add_argument("--articles", type=Path, default=ARTICLES,
                        help="ground-truth.json of the article-extraction benchmark (for --heldout)")
    parser.add_argument("--gold", action="store_true",
                        help="score the gold set (tests/data/gold), tune and held-out parts apart")
    parser.add_argument("--verbose-heldout", action="store_true",
                        help="with --gold: list the held-out part's misses too (not for tuning)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false hit")
    args = parser.parse_args(argv)
    if args.gold:
        gold = evaluate_gold()
        if args.json:
            print(json.dumps(gold, ensure_ascii=False))
        else:
            print_gold(gold, "all" if args.verbose_heldout else args.verbose)
        return 0
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
