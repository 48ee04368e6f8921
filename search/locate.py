"""Locating a quotation or a figure in the archive, for the draft check.

- ``locate_quotation(index, quotation, max_records=20) -> list[Located]``: candidate records from
  the index by the quotation's rarest words and word trigrams (not the quotation as one phrase, so a
  changed word still finds it), then candidate paragraphs by shared words, then ``align`` of the
  quotation against each (with the next paragraph, for an ellipsis that runs on). Returns the
  exact and near matches, best first; each says whether the record itself quotes the words
  (``quoted_in_source``), which match is the ``original`` (the earliest record that does not quote
  them), and its ``traps``.
- ``locate_figure(index, number, unit, max_records=20) -> list[FigureMatch]``: passages stating the
  same number with the same unit.
- ``Trap(kind, message)``: ``cut_before_qualifier`` (the quotation stops just before "but",
  "unless", "except", "not" ...), ``negated`` (the source sentence negates it), ``attributed`` (in
  the source the words are quoted from someone else, or reported: "according to", "claimed that").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import query

from .align import Alignment, align, split_quotation
from .analysis import terms
from .engine import fastpath, flags_of
from .index import SearchIndex, _top
from .schema import RECORD

log = logging.getLogger(__name__)

RARE_TERMS = 8            # the quotation's rarest words asked of the index
TRIGRAMS = 4              # and this many word trigrams around them
PARAGRAPHS_PER_RECORD = 2  # paragraphs aligned in each candidate record
TIED_PARAGRAPHS = 8        # and up to this many when more hold the best share (a record repeating a passage)
_SHARED_MIN = 0.5         # a paragraph is aligned when it holds this share of the quotation's words

QUALIFIERS = ("but", "unless", "except", "excepting", "not", "however", "although", "though", "provided",
              "only", "save")
NEGATIONS = re.compile(
    r"\b(?:not|no|never|neither|nor|none|nothing|cannot|denied|denies|deny|denying|false|untrue|refuted|"
    r"rejected|rejects|dismissed)\b|n['’]t\b", re.IGNORECASE)
REPORTED = re.compile(
    r"\b(?:according to|claim(?:s|ed)?(?: that)?|alleg(?:e|es|ed)(?: that)?|(?:said|says|stated|told \w+) that|"
    r"assert(?:s|ed)(?: that)?|insist(?:s|ed)(?: that)?|propaganda)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_OPEN_QUOTES = "“\""
_CLOSE_QUOTES = "”"


@dataclass(frozen=True)
class SourceParagraph:
    record_id: str
    n: int
    page: int | None
    text: str
    title: str
    date: str | None
    org: str | None
    url: str | None
    doc_type: str


@dataclass(frozen=True)
class Trap:
    kind: str          # cut_before_qualifier | negated | attributed
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


@dataclass
class Located:
    source: SourceParagraph
    alignment: Alignment
    quoted_in_source: bool = False
    original: bool = False
    traps: list[Trap] = field(default_factory=list)


@dataclass(frozen=True)
class FigureMatch:
    source: SourceParagraph
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.source.text[self.start:self.end]


# -- candidates ---------------------------------------------------------------------------------------

def _candidates(index: SearchIndex, q: query.Query, limit: int) -> list[dict[str, Any]]:
    """Stored fields of the `limit` best records for `q` (BM25, from the posting arrays when it can)."""
    with index._using() as handle:
        searcher = handle.searcher
        if handle.size == 0:
            return []
        main = query.And([query.Term("kind", RECORD), q])
        found = fastpath.scores(searcher, q, handle.sidecar_of)
        if found is not None:
            keep = flags_of(handle.live_records(), handle.size)[found.ids]
            found = fastpath.Matches(found.ids[keep], found.scores[keep])
            ranked = sorted(_top(found, limit), reverse=True)[:limit]
            docnums = [d for _, d in ranked]
        else:
            docnums = [hit.docnum for hit in searcher.search(main, limit=limit)]
        return [handle.stored_fields(d) for d in docnums]


def _doc_frequencies(index: SearchIndex, words: set[str]) -> dict[str, int]:
    with index._using() as handle:
        return {w: handle.searcher.doc_frequency("text", w) for w in words}


def quotation_query(index: SearchIndex, quotation: str) -> query.Query | None:
    """Rare words and word trigrams of the quotation (each part between ellipses on its own)."""
    parts = [list(terms(part)) for part in split_quotation(quotation)]
    distinct = {t for part in parts for t in part}
    if not distinct:
        return None
    df = _doc_frequencies(index, distinct)
    present = sorted((t for t in distinct if df[t] > 0), key=lambda t: (df[t], t))
    if not present:
        return None
    rare = present[:RARE_TERMS]
    rank = {t: i for i, t in enumerate(present)}
    grams = []
    for part in parts:
        for i in range(len(part) - 2):
            gram = part[i:i + 3]
            if all(df[t] > 0 for t in gram):
                grams.append((sum(rank[t] for t in gram), tuple(gram)))
    chosen = [g for _, g in sorted(set(grams))[:TRIGRAMS]]
    subqueries: list[query.Query] = [query.Term("text", t) for t in rare]
    subqueries += [query.Phrase("text", list(g)) for g in chosen]
    return query.Or(subqueries)


def _paragraphs_of(stored: dict[str, Any]) -> list[SourceParagraph]:
    meta = stored.get("meta") or {}
    return [SourceParagraph(stored["rid"], n, page, text, meta.get("title") or "", meta.get("d"), meta.get("o"),
                            meta.get("u"), stored.get("doc_type") or "other")
            for n, page, text in stored.get("paras") or []]


# -- quotations -----------------------------------------------------------------------------------------

def locate_quotation(index: SearchIndex, quotation: str, max_records: int = 20) -> list[Located]:
    q = quotation_query(index, quotation)
    if q is None:
        return []
    words = {w.casefold() for w in _WORD.findall(quotation) if len(w) > 3}
    found: list[Located] = []
    for stored in _candidates(index, q, max_records):
        paragraphs = _paragraphs_of(stored)
        best_here: Located | None = None
        for i in _likely(paragraphs, words, spans_next=len(split_quotation(quotation)) > 1):
            following = [p.text for p in paragraphs[i:i + 2]]
            result = align(quotation, following)
            if result.status == "none":
                continue
            source = paragraphs[i + result.pieces[0].paragraph]
            here = Located(source, result, _inside_quotes(source.text, result.pieces[0].start))
            if best_here is None or _better(here, best_here):
                best_here = here
        if best_here is not None:
            found.append(best_here)
    for located in found:
        located.traps = traps_of(located)
    found.sort(key=lambda m: (m.alignment.status != "exact", -m.alignment.similarity, m.source.date or "9999",
                              m.source.record_id))
    _mark_original(found)
    return found


def _better(a: Located, b: Located) -> bool:
    """Within one record: the closer match; of equally close ones, where the record states the words
    itself rather than quoting them."""
    if a.alignment.similarity != b.alignment.similarity:
        return a.alignment.similarity > b.alignment.similarity
    return b.quoted_in_source and not a.quoted_in_source


def _likely(paragraphs: list[SourceParagraph], words: set[str], spans_next: bool = False) -> list[int]:
    """Indexes of the paragraphs holding most of the quotation's words: the best PARAGRAPHS_PER_RECORD,
    and every one holding as large a share as the best (a release that quotes its own letter holds a
    passage twice), at most TIED_PARAGRAPHS; with an ellipsis, a paragraph and the next together
    (the quotation may run on into it)."""
    if not words:
        return []
    scored = []
    for i, p in enumerate(paragraphs):
        folded = p.text.casefold()
        if spans_next and i + 1 < len(paragraphs):
            folded += " " + paragraphs[i + 1].text.casefold()
        share = sum(1 for w in words if w in folded) / len(words)
        if share >= _SHARED_MIN:
            scored.append((-share, i))
    scored.sort()
    best = scored[0][0] if scored else 0.0
    return [i for k, (share, i) in enumerate(scored[:TIED_PARAGRAPHS]) if k < PARAGRAPHS_PER_RECORD or share == best]


def _inside_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    curly_open = before.count("“") > before.count("”")
    return curly_open or before.count('"') % 2 == 1


def _mark_original(found: list[Located]) -> None:
    """The original is the earliest-dated record that states the words itself (not quoting them)."""
    if not found:
        return
    own = [m for m in found if not m.quoted_in_source] or found
    min(own, key=lambda m: (m.source.date or "9999", m.source.record_id)).original = True


def traps_of(located: Located) -> list[Trap]:
    text = located.source.text
    pieces = located.alignment.pieces
    first, last = pieces[0], pieces[-1]
    traps = []
    if last.paragraph == pieces[0].paragraph or len(pieces) == 1:
        tail = text[last.end:] if last.paragraph == first.paragraph else ""
    else:
        tail = ""
    nxt = _WORD.search(tail[:40])
    if nxt and tail[:nxt.start()].strip(" ,;:–—-") == "" and nxt.group().casefold() in QUALIFIERS:
        traps.append(Trap("cut_before_qualifier",
                          f"the quotation stops just before “{nxt.group()}” in the source, which qualifies it"))
    sentence = _sentence_before(text, first.start)
    negation = NEGATIONS.search(sentence)
    if negation:
        traps.append(Trap("negated", f"the source sentence negates it (“{negation.group()}” before the quoted words)"))
    reported = REPORTED.search(sentence)
    if located.quoted_in_source:
        traps.append(Trap("attributed", "in the source these words are quoted from someone else"))
    elif reported:
        traps.append(Trap("attributed", f"the source gives these words as someone else's (“{reported.group()}”)"))
    return traps


def _sentence_before(text: str, pos: int) -> str:
    """The part of the sentence before `pos` (from the last sentence end)."""
    head = text[:pos]
    ends = [m.end() for m in re.finditer(r"[.!?][”\"’)]*\s+(?=[A-Z“\"])", head)]
    return head[ends[-1] if ends else 0:]


# -- figures ---------------------------------------------------------------------------------------------

def locate_figure(index: SearchIndex, number: str, unit: str, max_records: int = 20) -> list[FigureMatch]:
    number_terms = list(terms(_with_commas(number)))
    unit_words = [w for w in _WORD.findall(unit)]
    unit_terms = list(terms(unit_words[0])) if unit_words else []
    if not number_terms or not unit_terms:
        return []
    num_q: query.Query = query.Phrase("text", number_terms) if len(number_terms) > 1 \
        else query.Term("text", number_terms[0])
    plain_q: query.Query | None = None
    if len(number_terms) > 1:  # "120,000" may be printed "120000"
        plain_q = query.Term("text", number.replace(",", ""))
    q = query.And([query.Or([num_q, plain_q]) if plain_q else num_q, query.Term("text", unit_terms[0])])
    pattern = _figure_pattern(number, unit_words[0])
    out = []
    for stored in _candidates(index, q, max_records):
        for para in _paragraphs_of(stored):
            m = pattern.search(para.text)
            if m:
                out.append(FigureMatch(para, m.start(), m.end()))
    out.sort(key=lambda f: (f.source.date or "9999", f.source.record_id, f.source.n))
    return out


def _with_commas(number: str) -> str:
    whole, _, frac = number.partition(".")
    grouped = f"{int(whole):,}" if whole.isdigit() else whole
    return grouped + ("." + frac if frac else "")


def _figure_pattern(number: str, unit_word: str) -> re.Pattern[str]:
    whole, _, frac = number.partition(".")
    digits = r"[,\s ]?".join([whole[max(0, i - 3):i] for i in range(len(whole), 0, -3)][::-1]) if whole else ""
    num = digits + (r"\." + frac if frac else "")
    unit = unit_word.casefold()
    if unit in ("percent", "per"):
        unit_re = r"(?:%|\s*per\s?cent)"
    else:
        stem = unit[:max(4, len(unit) - 2)] if len(unit) > 4 else unit
        unit_re = rf"(?:\s+\S+){{0,3}}?\s+{re.escape(stem)}\w*"
    return re.compile(rf"(?<![\w.,]){num}(?![\d]|[.,]\d){unit_re}", re.IGNORECASE)
