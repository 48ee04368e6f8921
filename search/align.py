"""Word-level alignment of a quotation against the paragraph(s) it may come from.

Public interface (stable; later changes are additive only):

- ``align(quotation, passage) -> Alignment``: ``passage`` is one paragraph's text or a sequence of
  consecutive paragraphs' texts (an ellipsis may carry the quotation on into the next one).
  Never raises for odd text; an empty quotation or passage gives ``status == "none"``.
- ``Alignment``: ``status`` ``"exact" | "near" | "none"`` (near: similarity at least 0.75 and at
  most 3 words differ, or similarity at least 0.9 for a long quotation; and not, from the quotation's first or
  last word on (a common word such as "the" there may match by chance), 3 or more differing words
  with at most one matching among them before two words in a row match: a splice of another text
  onto the passage); ``similarity`` in [0, 1] (matched
  quotation tokens over all compared tokens, punctuation weighing half a word); ``pieces``: where
  each ellipsis-separated part of the quotation sits, as ``Piece(paragraph, start, end)`` (index
  into the passage sequence and character offsets into that paragraph's text); ``diff``: a tuple
  of ``DiffOp`` in reading order; ``changes``: how many words differ (punctuation counts half);
  ``matched_text``: the source text covered; ``diff_text()``: the difference in one line
  (``{-dropped-}`` for source words left out, ``{+added+}`` for words not in the source,
  ``{source→quoted}`` for a change); ``to_dict()``.
- ``DiffOp(op, quoted, source)``: op is ``equal`` | ``missing`` (in the source, left out of the
  quotation without an ellipsis) | ``added`` (in the quotation, not in the source) | ``changed`` |
  ``omitted`` (left out at an ellipsis: allowed) | ``case`` (same word, another capital).
- ``tokenize(text) -> list[Token]``: words (numbers with their commas and points, hyphenated and
  apostrophe words whole) and punctuation marks, each with its character span and comparison
  ``key``; quotation marks are left out (a quote inside a quote changes them).
- ``split_quotation(text) -> list[str]``: the parts of a quotation between ellipses
  (``...``, ``…``, ``. . .``, ``[...]``, ``[…]``).
- ``shared_runs(a, b, min_words=8) -> list[Run]``: the runs of words two texts share in the same
  order (``Run(a_start, a_end, b_start, b_end, words)``, character offsets), for reuse detection.

What counts as the same: curly and straight quotes and apostrophes, the three dashes (and a run of
them, "--" or "–-", as one), any run of spaces and line breaks, and a capital at the start of each
part are typographic and ignored. A figure with its currency sign or ending ("$250", "25th") and
initials ("D.C", the last point a mark of its own) are each one word. A
bracketed alteration (``includ[ing]``, ``[t]he``, ``[the Government]``) matches the source word(s)
it stands for. Anything else that differs (a dropped colon, a changed number, a word left out) is
a change, shown in the diff.

Engine: edlib's infix ("HW") mode on word codes finds where each part sits with the fewest word
edits; the path is rebuilt with rapidfuzz's Levenshtein opcodes on that window. bench/align_bench.py
measured both libraries on the same words (see the README's draft-check figures).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import edlib
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from whoosh.analysis import STOP_WORDS

log = logging.getLogger(__name__)

__all__ = [
    "Alignment", "DiffOp", "Piece", "Run", "Token", "align", "shared_runs", "split_quotation", "tokenize",
]

NEAR_SIMILARITY = 0.75      # below this a quotation is not the passage ("none")
NEAR_MAX_CHANGES = 3        # "a few" words differ: more than this is near only at NEAR_LONG_SIMILARITY
NEAR_LONG_SIMILARITY = 0.9  # (a long quotation may differ in more words, in proportion)
PUNCT_WEIGHT = 0.5          # a punctuation mark weighs half a word in `changes` and `similarity`
LOOSE_EDGE_WORDS = 3        # differing words at a quotation's edge before it anchors: a splice, not near
_MAX_BRACKET_WORDS = 6      # "[the Government of Azerbaijan]" may stand for up to this many source words

_QUOTE_CHARS = "\"“”„‟«»‹›〝〞＂"
_SINGLE_QUOTES = "‘’‚‛`´'"
_DASHES = "‐‑‒–—―−"
_CURRENCY = "$€£¥"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|\(\s*(?:\.\s*){3}\)|…|\.(?:\s?\.){2,})\s*")
# A word: letters/digits with inner apostrophes, hyphens, or a bracketed alteration glued on;
# numbers keep their thousands commas, decimal points, a currency sign before them and letters after
# them ("120,000", "3.5", "$250", "25th", "1990s"); initials joined by points are one word ("U.S",
# "D.C", their last point a mark of its own); a run of dashes ("--", "–-") is one dash. Each of these is
# one word when a quotation changes it.
_TOKEN = re.compile(
    r"\[[^\]\n]{1,120}\]\w*(?:[’'‐‑-]\w+)*"         # "[t]he", "[the Government]"
    r"|[$€£¥]?\d+(?:[.,]\d+)*\w*(?:[’'‐‑-]\w+)*"     # 120,000  3.5  $250  25th  1990s  20-year
    r"|[^\W\d_](?:\.[^\W\d_])+(?!\w)"                # U.S  D.C  e.g (the last point is a mark)
    r"|\w+(?:\[[^\]\n]{1,40}\]\w*)*(?:[’'‐‑-]\w+(?:\[[^\]\n]{1,40}\]\w*)*)*"  # includ[ing], Nagorno-Karabakh
    r"|[-‐‑‒–—―−]{2,}|[^\w\s]",
)


@dataclass(frozen=True)
class Token:
    text: str          # as written
    key: str           # what is compared (typography folded, case folded)
    start: int
    end: int
    word: bool         # False for a punctuation mark
    bracket: bool = False  # carries a bracketed alteration


@dataclass(frozen=True)
class DiffOp:
    op: str            # equal | missing | added | changed | omitted | case
    quoted: str = ""
    source: str = ""

    def to_dict(self) -> dict:
        return {"op": self.op, "quoted": self.quoted, "source": self.source}


@dataclass(frozen=True)
class Piece:
    paragraph: int     # index into the passage sequence given to align()
    start: int         # character offsets into that paragraph's text
    end: int


@dataclass(frozen=True)
class Run:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int


@dataclass(frozen=True)
class Alignment:
    status: str                       # exact | near | none
    similarity: float
    changes: float = 0.0
    pieces: tuple[Piece, ...] = ()
    diff: tuple[DiffOp, ...] = ()
    matched_text: str = ""
    words: int = 0                    # words in the quotation
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def found(self) -> bool:
        return self.status != "none"

    def diff_text(self) -> str:
        return render_diff(self.diff)

    def to_dict(self) -> dict:
        return {
            "status": self.status, "similarity": round(self.similarity, 3), "changes": self.changes,
            "pieces": [{"paragraph": p.paragraph, "start": p.start, "end": p.end} for p in self.pieces],
            "diff": self.diff_text(), "diff_ops": [d.to_dict() for d in self.diff if d.op != "equal"],
            "matched_text": self.matched_text,
        }


NO_MATCH = Alignment(status="none", similarity=0.0)


# --- tokens -------------------------------------------------------------------------------------

def _typography(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for ch in _SINGLE_QUOTES:
        text = text.replace(ch, "'")
    for ch in _DASHES:
        text = text.replace(ch, "-")
    return text


def _fold(text: str) -> str:
    return _typography(text).casefold()


def tokenize(text: str) -> list[Token]:
    return list(_tokens(text))


@functools.lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    """Tokens of a text, remembered: the same source paragraph is aligned against many quotations
    (and a paragraph reprinted in many records is the same text)."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if raw in _QUOTE_CHARS or raw in _SINGLE_QUOTES:
            continue
        word = raw[0].isalnum() or raw[0] == "_" or raw[0] == "[" or (raw[0] in _CURRENCY and len(raw) > 1)
        key = _fold(raw)
        if not word:
            key = "-" if set(key) <= {"-"} else key
        tokens.append(Token(raw, key, m.start(), m.end(), word, "[" in raw))
    return tuple(tokens)


def split_quotation(text: str) -> list[str]:
    return [part for part in _ELLIPSIS.split(text) if tokenize(part)]


def _trim_edges(tokens: list[Token]) -> list[Token]:
    """A quotation's own opening and closing punctuation ("killings," said ...) is not compared."""
    lo, hi = 0, len(tokens)
    while lo < hi and not tokens[lo].word:
        lo += 1
    while hi > lo and not tokens[hi - 1].word:
        hi -= 1
    return tokens[lo:hi]


# --- bracketed alterations ------------------------------------------------------------------------

def _bracket_matches(token: Token, source: Token) -> bool:
    """`includ[ing]` matches "includes"; `[t]he` matches "The"; `[armenian]` matches "Armenian"."""
    plain = _fold(token.text.replace("[", "").replace("]", ""))
    if plain == source.key:
        return True
    outside = re.split(r"\[[^\]]*\]", _fold(token.text))
    head, tail = outside[0], outside[-1]
    return bool(head or tail) and source.key.startswith(head) and source.key.endswith(tail) \
        and len(source.key) >= len(head) + len(tail)


def _bracket_span(token: Token) -> bool:
    """A whole bracketed phrase ("[the Government]") that may stand for several source words."""
    return token.text.startswith("[") and token.text.endswith("]")


# --- alignment -------------------------------------------------------------------------------------

def align(quotation: str, passage: str | Sequence[str], *, engine: str = "edlib") -> Alignment:
    paragraphs = [passage] if isinstance(passage, str) else list(passage)
    parts = [_trim_edges(tokenize(p)) for p in split_quotation(quotation)]
    parts = [p for p in parts if p]
    if not parts or not paragraphs:
        return NO_MATCH
    source = [list(_tokens(p)) for p in paragraphs]
    words = sum(1 for part in parts for t in part if t.word)
    # Each edit weighs at least PUNCT_WEIGHT, so a part needing more unit edits than this cannot be
    # near: edlib stops early there.
    max_edits = int((1 - NEAR_SIMILARITY) * sum(len(p) for p in parts) / PUNCT_WEIGHT) + 1
    diff: list[DiffOp] = []
    pieces: list[Piece] = []
    first_ops: Sequence[DiffOp] = ()
    last_ops: Sequence[DiffOp] = ()
    cost = 0.0
    weight = 0.0
    para, pos = 0, 0          # where the next part may start
    for i, part in enumerate(parts):
        found = _best_in(part, source, para, pos, first=(i == 0), engine=engine, k=max_edits)
        if found is None:
            return NO_MATCH
        p_index, lo, hi, ops, part_cost = found
        if i > 0:
            skipped = _between(source, paragraphs, para, pos, p_index, lo)
            if skipped:
                diff.append(DiffOp("omitted", "…", skipped))
        diff.extend(ops)
        if i == 0:
            first_ops = ops
        last_ops = ops
        cost += part_cost
        weight += sum(1 if t.word else PUNCT_WEIGHT for t in part)
        toks = source[p_index]
        pieces.append(Piece(p_index, toks[lo].start, toks[hi - 1].end))
        para, pos = p_index, hi
    similarity = max(0.0, 1.0 - cost / weight) if weight else 0.0
    if cost == 0:
        status = "exact"
    elif similarity >= NEAR_SIMILARITY and (cost <= NEAR_MAX_CHANGES or similarity >= NEAR_LONG_SIMILARITY) \
            and not _loose_edge(first_ops, last_ops):
        status = "near"
    else:
        return Alignment("none", similarity, cost, tuple(pieces), tuple(diff), _matched(paragraphs, pieces), words)
    return Alignment(status, similarity, cost, tuple(pieces), tuple(diff), _matched(paragraphs, pieces), words)


def _loose_edge(first_ops: Sequence[DiffOp], last_ops: Sequence[DiffOp]) -> bool:
    """The quotation's start or end differs from the passage, from its outermost word on (or the
    next, when that is a common word), in LOOSE_EDGE_WORDS words or more, with at most one word
    between them that matches, before two of its words in a row match: the passage holds the rest
    of the quotation glued to words from elsewhere, not a misquotation of it (whose changed words sit
    among matching ones)."""
    return _edge_words(first_ops) >= LOOSE_EDGE_WORDS or _edge_words(reversed(last_ops)) >= LOOSE_EDGE_WORDS


def _edge_words(ops) -> int:
    """Quotation words changed or added before the first op of two or more equal words; 0 when the
    outermost word matches (unless it is a common word such as "the" or "of", which may match by
    chance) or more than one word matches there."""
    differing = matching = 0
    for op in ops:
        words = [t.key for t in _tokens(op.quoted) if t.word]
        if op.op == "equal" and len(words) >= 2:
            break
        if op.op in ("changed", "added"):
            differing += len(words)
        elif op.op in ("equal", "case") and words:
            if not differing and not matching and words[0] not in STOP_WORDS:
                return 0
            matching += len(words)
    return differing if matching <= 1 else 0


def _matched(paragraphs: list[str], pieces: list[Piece]) -> str:
    return " … ".join(paragraphs[p.paragraph][p.start:p.end] for p in pieces)


def _between(source: list[list[Token]], paragraphs: list[str], para: int, pos: int, p_index: int, lo: int) -> str:
    if para == p_index:
        toks = source[para][pos:lo]
        return paragraphs[para][toks[0].start:toks[-1].end] if toks else ""
    tail = source[para][pos:]
    head = source[p_index][:lo]
    text = [paragraphs[para][tail[0].start:tail[-1].end]] if tail else []
    if head:
        text.append(paragraphs[p_index][head[0].start:head[-1].end])
    return " ¶ ".join(text)


def _best_in(part: list[Token], source: list[list[Token]], para: int, pos: int, *, first: bool, engine: str,
             k: int = -1):
    """The best place for one part of the quotation at or after (para, pos): this paragraph or the next
    (an ellipsis may carry a quotation into the next paragraph; the first part may sit in any)."""
    candidates = range(len(source)) if first else range(para, min(para + 2, len(source)))
    best = None
    for p_index in candidates:
        start = pos if (not first and p_index == para) else 0
        found = _align_part(part, source[p_index], start, engine, k)
        if found is None:
            continue
        lo, hi, ops, part_cost = found
        if best is None or part_cost < best[4]:
            best = (p_index, lo, hi, ops, part_cost)
        if part_cost == 0:
            break
    return best


def _codes(part: list[Token], target: list[Token]) -> tuple[list[int], list[int]]:
    """Word codes for edlib (whose alphabet is at most 256 symbols): the part's distinct keys get
    1..n, any other source word 0; each bracketed token gets a code of its own, given to the source
    words it stands for."""
    table: dict[str, int] = {}
    query = []
    brackets: list[tuple[Token, int]] = []
    for k, t in enumerate(part):
        if t.bracket:
            code = table.setdefault(f"\x00{k}", len(table) + 1)
            if not _bracket_span(t):
                brackets.append((t, code))
        else:
            code = table.setdefault(t.key, len(table) + 1)
        query.append(code)
    get = table.get
    target_codes = [get(s.key, 0) for s in target]
    if brackets:
        for i, s in enumerate(target):
            if target_codes[i] == 0 and s.word:
                target_codes[i] = next((c for t, c in brackets if _bracket_matches(t, s)), 0)
    return query, target_codes


def _locate_edlib(query: list[int], codes: list[int], k: int = -1) -> list[tuple[int, int]]:
    """Every window of `codes` where `query` fits with the fewest word edits (edlib's infix mode),
    none when that takes more than `k` edits."""
    result = edlib.align(query, codes, mode="HW", task="locations", k=k)
    if result["editDistance"] < 0:
        return []
    return [(lo, hi + 1) for lo, hi in result["locations"]]


def _locate_rapidfuzz(query: list[int], codes: list[int], k: int = -1) -> list[tuple[int, int]]:
    """rapidfuzz's best equal-length window (partial_ratio_alignment on one character per word),
    widened by a few words and trimmed to the Levenshtein path."""
    q = "".join(chr(0x100 + c) for c in query)
    t = "".join(chr(0x100 + c) for c in codes)
    found = fuzz.partial_ratio_alignment(q, t)
    if found is None:
        return []
    lo, hi = max(0, found.dest_start - 3), min(len(codes), found.dest_end + 3)
    ops = Levenshtein.opcodes(query, codes[lo:hi])
    first = next((o for o in ops if o.tag != "insert"), None)
    last = next((o for o in reversed(ops) if o.tag != "insert"), None)
    if first is None or last is None:
        return []
    return [(lo + first.dest_start, lo + last.dest_end)]


# edlib's windows of equally few word edits differ in our weighted cost (punctuation weighs half; a
# window may end before a changed word, leaving it "added"): the path of each of the first few is costed.
_LOCATIONS = 16
_LOCATORS = {"edlib": _locate_edlib, "rapidfuzz": _locate_rapidfuzz}
ENGINES = tuple(_LOCATORS)


def _align_part(part: list[Token], target: list[Token], start: int, engine: str, k: int = -1):
    """(lo, hi, ops, cost) of the part's best place in target[start:], or None."""
    window = target[start:]
    if not window:
        return None
    if len({t.key for t in part}) > 250:      # edlib's alphabet: align a long block quote by halves
        return _align_long(part, target, start, engine)
    query, codes = _codes(part, window)
    locations = _LOCATORS[engine](query, codes, k)
    if not locations:
        return None
    best = None
    for lo, hi in locations[:_LOCATIONS]:
        ops, cost = _path(part, window, query, codes, lo, hi)
        if best is None or cost < best[3]:
            best = (lo, hi, ops, cost)
    lo, hi, ops, cost = best
    return lo + start, hi + start, ops, cost


def _align_long(part: list[Token], target: list[Token], start: int, engine: str):
    half = len(part) // 2
    first = _align_part(part[:half], target, start, engine)
    if first is None:
        return None
    second = _align_part(part[half:], target, first[1], engine)
    if second is None:
        return None
    return first[0], second[1], first[2] + second[2], first[3] + second[3]


def _path(part: list[Token], window: list[Token], query: list[int], codes: list[int], lo: int, hi: int):
    """The word-level difference of the part against window[lo:hi], and its weighted cost."""
    target = window[lo:hi]
    ops: list[DiffOp] = []
    cost = 0.0
    for op in Levenshtein.opcodes(query, codes[lo:hi]):
        q = part[op.src_start:op.src_end]
        s = target[op.dest_start:op.dest_end]
        if op.tag == "equal":
            run_start = 0
            for k, (qt, st) in enumerate(zip(q, s, strict=True)):
                at_start = op.src_start + k == 0
                if qt.word and not qt.bracket and not at_start and qt.text != st.text and _cased(qt, st):
                    if k > run_start:
                        _extend_equal(ops, _joined(q[run_start:k]), _joined(s[run_start:k]))
                    ops.append(DiffOp("case", qt.text, st.text))
                    cost += 1
                    run_start = k + 1
            if run_start < len(q):
                _extend_equal(ops, _joined(q[run_start:]), _joined(s[run_start:]))
        elif op.tag == "delete":
            if _bracket_phrase_fills(q, s):
                _extend_equal(ops, " ".join(t.text for t in q), "")
            else:
                ops.append(DiffOp("added", _joined(q), ""))
                cost += _weight(q)
        elif op.tag == "insert":
            ops.append(DiffOp("missing", "", _joined(s)))
            cost += _weight(s)
        else:
            if _bracket_phrase_fills(q, s):
                _extend_equal(ops, _joined(q), _joined(s))
            else:
                ops.append(DiffOp("changed", _joined(q), _joined(s)))
                cost += max(_weight(q), _weight(s))
    return tuple(_merge_bracket_gaps(ops)), cost


def _cased(q: Token, s: Token) -> bool:
    """Same word with another capital (not only typography: curly vs straight apostrophe)."""
    return _fold(q.text) == _fold(s.text) and _typography(q.text) != _typography(s.text)


def _bracket_phrase_fills(q: list[Token], s: list[Token]) -> bool:
    return len(q) == 1 and _bracket_span(q[0]) and len([t for t in s if t.word]) <= _MAX_BRACKET_WORDS


def _merge_bracket_gaps(ops: list[DiffOp]) -> list[DiffOp]:
    """A bracketed phrase aligned as 'added' next to the source words it replaced ('missing'): equal."""
    out: list[DiffOp] = []
    for op in ops:
        if out and {out[-1].op, op.op} == {"added", "missing"}:
            added = out[-1] if out[-1].op == "added" else op
            missing = op if added is out[-1] else out[-1]
            if added.quoted.startswith("[") and added.quoted.endswith("]") \
                    and len(missing.source.split()) <= _MAX_BRACKET_WORDS:
                out[-1] = DiffOp("equal", added.quoted, missing.source)
                continue
        out.append(op)
    return out


def _extend_equal(ops: list[DiffOp], quoted: str, source: str) -> None:
    if ops and ops[-1].op == "equal":
        last = ops[-1]
        ops[-1] = DiffOp("equal", _cat(last.quoted, quoted), _cat(last.source, source))
    else:
        ops.append(DiffOp("equal", quoted, source))


def _cat(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + ("" if b[0] in ",.;:!?)]%" else " ") + b


def _joined(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for t in tokens:
        if parts and t.text[:1] not in ",.;:!?)]%":
            parts.append(" ")
        parts.append(t.text)
    return "".join(parts)


def _weight(tokens: list[Token]) -> float:
    return sum(1 if t.word else PUNCT_WEIGHT for t in tokens)


def render_diff(diff: Sequence[DiffOp]) -> str:
    pieces = []
    for d in diff:
        if d.op == "equal":
            pieces.append(d.quoted)
        elif d.op == "missing":
            pieces.append(f"{{-{d.source}-}}")
        elif d.op == "added":
            pieces.append(f"{{+{d.quoted}+}}")
        elif d.op == "omitted":
            pieces.append("…")
        else:
            pieces.append(f"{{{d.source}→{d.quoted}}}")
    return " ".join(p for p in pieces if p)


# --- shared runs (reuse detection) -------------------------------------------------------------------

def shared_runs(a: str, b: str, min_words: int = 8) -> list[Run]:
    """Runs of at least `min_words` words that `a` and `b` share, in order (typography folded)."""
    ta = [t for t in tokenize(a) if t.word]
    tb = [t for t in tokenize(b) if t.word]
    if len(ta) < min_words or len(tb) < min_words:
        return []
    table: dict[str, int] = {}
    ca = [table.setdefault(t.key, len(table)) for t in ta]
    cb = [table.setdefault(t.key, len(table)) for t in tb]
    runs = []
    for block in Levenshtein.opcodes(ca, cb).as_matching_blocks():
        if block.size >= min_words:
            i, j, n = block.a, block.b, block.size
            runs.append(Run(ta[i].start, ta[i + n - 1].end, tb[j].start, tb[j + n - 1].end, n))
    return runs
