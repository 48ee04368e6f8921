"""Run-on text split into paragraphs a citation can point at.

A scraped release often arrives as one line; kept whole it is one paragraph of thousands of
characters, so a pinpoint citation cannot point inside it. A document is run-on when its
paragraphs are far longer than written paragraphs are (`is_run_on`); its long paragraphs are then
split between sentences, never inside one, and never inside an e-mail address or a web address:

1. at strong boundaries: an end mark ("###") with what follows it; a dateline starting a new
   release; a quotation starting after narrative; narrative after a quotation that closed with its
   attribution ("...,” said Larsen. The bill ..."); a new paragraph of a quotation that runs over
   several (a sentence opening a quotation mark while one is still open);
2. then, in what is still long, at the topic shift: the sentence boundary where the words before
   and after share least (lexical cohesion over a few sentences each side), until every piece is
   under `_TARGET` characters or has too few sentences to split.
"""

from __future__ import annotations

import re

from .enrich import sentence_spans
from .model import Block
from .release import find_dateline, rules

_RUN_ON_MEAN = 1000  # mean paragraph length above which a document's text arrived run-on
_RUN_ON_MAX = 1500  # or half the text in paragraphs this long
_MIN_SPLIT = 400  # paragraphs shorter than this are left whole
_TARGET = 900  # topic-shift splitting stops below this length
_MIN_PIECE = 120
_WINDOW = 3
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")
_ATTRIBUTION = re.compile(
    r"[,.!?]?[”\"]\s*(?:(?:said|says|added|stated|continued|explained|noted|concluded|according to)\s+[^.]{1,120}"
    r"|[^.“”\"]{1,80}\s+(?:said|says|added|stated|continued|explained|noted|concluded))\s*\.?\s*$"
)
# "... released the following statement: “I am ...": the statement starts a paragraph of its own.
_INTRO_COLON = re.compile(r"(?<=[a-z)]):\s*[“\"]")
_OPENING_QUOTE = re.compile(r"^\s*[“\"]")
_LABEL = re.compile(
    r"^(?:Background|Highlights?|Video|Note|Editor['’]s note|Bill summary|Summary|Details)\b[^.]{0,60}:"
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "in",
        "on",
        "to",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "will",
        "would",
        "can",
        "could",
        "not",
        "but",
        "which",
        "who",
        "also",
        "more",
        "said",
    ]
)


def is_run_on(blocks: list[Block]) -> bool:
    """Whether the text arrived with its paragraph breaks lost: half of it in paragraphs of `_RUN_ON_MAX`
    characters or more, paragraphs (of more than a line) averaging `_RUN_ON_MEAN`, or a whole text in
    one or two of them. A report's one long paragraph among many does not make it run-on."""
    lengths = [len(b.text) for b in blocks if b.kind == "body"]
    long = [n for n in lengths if n >= 200]
    if not long:
        return False
    in_huge = sum(n for n in long if n >= _RUN_ON_MAX)
    return in_huge >= 0.5 * sum(lengths) or sum(long) / len(long) >= _RUN_ON_MEAN or (len(long) <= 2 and sum(long) >= 900)


def split_run_on(blocks: list[Block]) -> list[Block]:
    """Each long body paragraph of a run-on document split as the module docstring says."""
    if not is_run_on(blocks):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if block.kind != "body" or len(block.text) < _MIN_SPLIT:
            out.append(block)
            continue
        for piece in split_paragraph(block.text):
            out.append(Block(piece, block.kind, block.page))
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with the boundaries that fall inside an address or a dateline's abbreviation undone."""
    spans = sentence_spans(text)
    protected = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        inside = any(a < e < b for a, b in protected) or (merged and any(a < s < b for a, b in protected))
        short_head = merged and len(text[merged[-1][0] : merged[-1][1]]) < 25 and not merged[-1][0]
        if merged and (inside or short_head or any(a <= s - 1 < b for a, b in protected)):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _strong_after(text: str, sents: list[tuple[int, int]], i: int, open_before: bool, open_after: bool) -> bool:
    """Whether a paragraph boundary belongs between sentence i and i + 1."""
    cur = text[sents[i][0] : sents[i][1]]
    nxt = text[sents[i + 1][0] : sents[i + 1][1]]
    if rules().end_mark.fullmatch(nxt.strip()) or rules().end_mark.match(nxt.strip()):
        return True
    if rules().end_mark.fullmatch(cur.strip()):
        return True
    dl = find_dateline(nxt, 60)
    if dl is not None and dl.start() == 0 and len(nxt) > 80:
        return True
    starts_quote = bool(_OPENING_QUOTE.match(nxt))
    if starts_quote and (not open_before or open_after):
        # a quotation after narrative, or the next paragraph of a quotation that runs over several
        return not cur.rstrip().endswith(":")
    if not open_after and _ATTRIBUTION.search(cur) and not starts_quote:
        return True
    return bool(_LABEL.match(nxt))


def _quote_marks(sentence: str) -> tuple[int, int]:
    """(opening, closing) quotation marks; a straight mark opens after a space or at the start, else closes."""
    opens = sentence.count("“")
    closes = sentence.count("”")
    for m in re.finditer('"', sentence):
        before = sentence[m.start() - 1] if m.start() else " "
        if before.isspace() or before in "([—–-:":
            opens += 1
        else:
            closes += 1
    return opens, closes


def _quote_open(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is open after this sentence."""
    opens, closes = _quote_marks(sentence)
    if opens > closes:
        return True
    if closes > opens:
        return False
    return was_open and not opens


def split_paragraph(text: str) -> list[str]:
    sents = _sentences(text)
    if len(sents) < 2:
        return [text]
    open_state = []
    state = False
    for s, e in sents:
        before = state
        state = _quote_open(text[s:e], state)
        open_state.append((before, state))
    cuts = [m.end() - 1 for m in _INTRO_COLON.finditer(text) if m.start() >= 60]
    cuts += [
        sents[i + 1][0]
        for i in range(len(sents) - 1)
        if _strong_after(text, sents, i, open_state[i + 1][0] if i + 1 < len(sents) else False, open_state[i + 1][1])
    ]
    pieces = _cut(text, sorted(set(cuts)))
    out: list[str] = []
    for piece in pieces:
        out.extend(_split_topics(piece) if len(piece) > _TARGET else [piece])
    return [p for p in out if p]


def _cut(text: str, cuts: list[int]) -> list[str]:
    pieces, last = [], 0
    for c in cuts:
        if len(text[last:c].strip()) >= 1:
            pieces.append(text[last:c].strip())
            last = c
    pieces.append(text[last:].strip())
    return [p for p in pieces if p]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in _STOP and len(w) > 2}


def _split_topics(text: str) -> list[str]:
    """Split at the sentence boundary of least lexical overlap, recursively, never inside a quotation."""
    sents = _sentences(text)
    if len(sents) < 4 or len(text) <= _TARGET:
        return [text]
    words = [_words(text[s:e]) for s, e in sents]
    state = False
    open_after = []
    for s, e in sents:
        state = _quote_open(text[s:e], state)
        open_after.append(state)
    best, best_score = None, None
    for i in range(1, len(sents)):
        left_len, right_len = sents[i][0], len(text) - sents[i][0]
        if left_len < _MIN_PIECE or right_len < _MIN_PIECE or open_after[i - 1]:
            continue
        left = set().union(*words[max(0, i - _WINDOW) : i])
        right = set().union(*words[i : i + _WINDOW])
        overlap = len(left & right) / (len(left | right) or 1)
        balance = abs(left_len - right_len) / len(text)  # prefer cuts near the middle among equals
        score = overlap + 0.15 * balance
        if best_score is None or score < best_score:
            best, best_score = sents[i][0], score
    if best is None:
        return [text]
    return _split_topics(text[:best].strip()) + _split_topics(text[best:].strip())
