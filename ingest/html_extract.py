"""The article's main text, located by trafilatura and returned as paragraphs with their kinds.

trafilatura runs twice over the cleaned page: once favouring precision, once with its defaults,
both in its fast mode (without its readability/jusText fallbacks: on a page our cleaning has
already stripped of chrome they cost a third of the time and, on the benchmark, no quality).
The precise reading is kept unless it lost much of the text the default reading found (then it
cut into the article, and a lost sentence costs more than a stray one). Its XML output keeps the
structure: <head> becomes a heading, <item> a list item, <quote> a block quote.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.core import determine_returnstring
from trafilatura.metadata import Document
from trafilatura.settings import Extractor

from .model import Block

log = logging.getLogger(__name__)

# The precise reading is kept when it holds at least this share of the default reading's text.
PRECISION_MIN_SHARE = 0.8
# At most this many consecutive paragraphs are put back into one gap of the precise reading.
MAX_GAP_BLOCKS = 3
# After its last paragraph, the precise reading is extended by up to MAX_GAP_BLOCKS paragraphs of
# the default reading that are whole sentences of at least this many words.
MIN_SENTENCE_WORDS = 8
# ... and before its first paragraph by up to MAX_GAP_BLOCKS sentences of at least this many words.
LEAD_MIN_WORDS = 6
_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")
# A news agency's closing credit line ("Additional reporting by ...; Editing by ...") is the
# article's, though it ends without a full stop.
_CREDIT_LINE = re.compile(r"^\(?(additional )?(reporting|writing|editing|compiled) by\b", re.IGNORECASE)
_LINE_SPACE = re.compile(r"[ \t\r\f\v]+")


@dataclass
class MainText:
    blocks: list[Block]
    mode: str  # precision | default | recall | none
    default: list[Block] = field(default_factory=list)  # trafilatura's default reading of the cleaned page


def _run(tree: Any, url: str | None, fast: bool = False, favor_precision: bool = False,
         favor_recall: bool = False) -> etree._Element | None:
    # trafilatura.extract() without its content fingerprint (a hash of the whole text per run, which
    # we never use): the same options, the same XML
    options = Extractor(output_format="xml", fast=fast, precision=favor_precision, recall=favor_recall,
                        comments=False, tables=True, images=False, links=False, formatting=False, url=url)
    document = trafilatura.bare_extraction(tree, options=options, as_dict=False)  # on its own copy
    xml = determine_returnstring(document, options) if isinstance(document, Document) else None
    if not xml:
        return None
    try:
        return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    except etree.XMLSyntaxError:
        log.debug("trafilatura returned unreadable XML")
        return None


def extract_main_text(tree: Any, url: str | None = None) -> MainText:
    """The main text of a parsed (and cleaned) page, or no blocks when none is found."""
    found = _fast_reading(tree, url)
    found.blocks = add_standfirst(tree, found.blocks)
    prose = prose_paragraphs(tree)
    if sum(len(k) for k in prose) >= MIN_PROSE_CHARS and _covered(found.blocks, prose) < MIN_PROSE_COVERAGE:
        # the fast reading missed most of the page's prose (or read a menu): trafilatura's full
        # reading, with its own fallbacks, is taken when it holds most of that prose
        full = _blocks_of(_run(tree, url))
        if _covered(full, prose) >= FULL_MIN_COVERAGE:
            log.debug("fast reading held too little of the page's prose; full reading taken")
            return MainText(add_standfirst(tree, add_split_sections(tree, full)), "full")
    return found


def reference_reading(tree: Any, url: str | None = None) -> list[Block]:
    """The untouched page as trafilatura alone reads it (its defaults): what the text-loss guard
    compares our reading with."""
    return _blocks_of(_run(tree, url))


def _fast_reading(tree: Any, url: str | None) -> MainText:
    precise = _blocks_of(_run(tree, url, favor_precision=True, fast=True))
    default = _blocks_of(_run(tree, url, fast=True))
    if precise and _chars(precise) >= PRECISION_MIN_SHARE * _chars(default):
        merged = add_split_sections(tree, fill_gaps(precise, default))
        return MainText(merged, "precision+gaps" if len(merged) > len(precise) else "precision", default)
    if default:
        merged = add_split_sections(tree, default)
        return MainText(merged, "default+sections" if len(merged) > len(default) else "default", default)
    recall = _blocks_of(_run(tree, url, favor_recall=True))
    return MainText(recall, "recall" if recall else "none")


# The page's prose: runs of text (between tags) of at least this many letters and digits, outside
# links, scripts and styles.
PROSE_MIN_CHARS = 80
# When the page holds at least MIN_PROSE_CHARS of prose and the fast reading holds less than
# MIN_PROSE_COVERAGE of it (a sliver of the article, or a menu read as text), trafilatura's full
# reading is tried, and taken when it holds at least FULL_MIN_COVERAGE of the prose (a page whose
# prose is mostly comments or other articles keeps the fast reading).
MIN_PROSE_CHARS = 400
MIN_PROSE_COVERAGE = 0.2
FULL_MIN_COVERAGE = 0.5
_NOT_PROSE = {"a", "script", "style", "noscript", "template", "option", "button", "textarea"}


def prose_paragraphs(tree: Any) -> list[str]:
    """The keys (letters and digits) of the page's long runs of text."""
    out = []
    body = tree.find("body")
    for el in body.iter() if body is not None else []:
        if not isinstance(el.tag, str):
            continue
        runs = [el.text] if el.tag not in _NOT_PROSE else []
        runs += [child.tail for child in el]
        for run in runs:
            key = _key(run or "")
            if len(key) >= PROSE_MIN_CHARS:
                out.append(key)
    return out


def _covered(blocks: list[Block], prose: list[str]) -> float:
    """The share of the prose's characters that the blocks hold."""
    total = sum(len(k) for k in prose)
    if not total:
        return 1.0
    text = _key("".join(b.text for b in blocks))
    return sum(len(k) for k in prose if k in text) / total


_SECTION_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_SECTION_KINDS = {"h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
                  "li": "list_item", "blockquote": "quote"}
# A sibling section is prose, not a link list: at most this share of its text is link text.
SECTION_MAX_LINK_SHARE = 0.3
# ... and mostly paragraphs: at least this many of 80 characters or more, making this share of its text.
SECTION_MIN_PARAGRAPHS = 2
SECTION_MIN_PROSE_SHARE = 0.6


def add_split_sections(tree: Any, blocks: list[Block]) -> list[Block]:
    """Pages that split one article over several same-styled containers (ads between them) lose all
    but one to the extractor. The containers styled like the one the text came from are put back."""
    keys = {_key(b.text) for b in blocks if len(b.text) >= 40}
    matched = [p for p in tree.iter("p") if _key(p.text_content() or "") in keys]
    if len(matched) < 2:
        return blocks
    container = _common_ancestor(matched[0], matched[-1])
    cls = container.get("class") if container is not None else None
    if not cls:
        return blocks
    mine = set(container.iter())
    before: list[Block] = []
    after: list[Block] = []
    seen = set(keys)
    passed = False
    for el in tree.iter(container.tag):
        if el is container:
            passed = True
            continue
        if el.get("class") != cls or el in mine or any(a is container for a in el.iterancestors()):
            continue
        if not _same_parent_style(el, container):
            continue
        found = _section_blocks(el, seen)
        (after if passed else before).extend(found)
    if before or after:
        log.debug("put back %d paragraphs from split sections", len(before) + len(after))
    return before + blocks + after


def _same_parent_style(a: Any, b: Any) -> bool:
    pa, pb = a.getparent(), b.getparent()
    return pa is not None and pb is not None and pa.tag == pb.tag and pa.get("class") == pb.get("class")


def _common_ancestor(a: Any, b: Any) -> Any:
    ancestors = {id(x): x for x in [a, *a.iterancestors()]}
    for node in [b, *b.iterancestors()]:
        if id(node) in ancestors:
            return node
    return None


def _section_blocks(el: Any, seen: set[str]) -> list[Block]:
    total = len(re.sub(r"\s+", "", el.text_content() or ""))
    links = sum(len(re.sub(r"\s+", "", a.text_content() or "")) for a in el.iter("a"))
    if not total or links > SECTION_MAX_LINK_SHARE * total:
        return []
    prose = [len(re.sub(r"\s+", "", p.text_content() or "")) for p in el.iter("p")]
    if sum(1 for n in prose if n >= 80) < SECTION_MIN_PARAGRAPHS or sum(prose) < SECTION_MIN_PROSE_SHARE * total:
        return []
    out: list[Block] = []
    for node in el.iter(*_SECTION_TAGS):
        if any(a.tag in _SECTION_TAGS for a in node.iterancestors() if a is not el and el in a.iterancestors()):
            continue
        text = tidy(node.text_content() or "")
        key = _key(text)
        if text and key not in seen:
            seen.add(key)
            out.append(Block(text, _SECTION_KINDS.get(node.tag, "body")))
    return out


_FALLBACK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "td")
_FALLBACK_KINDS = {**_SECTION_KINDS, "h1": "heading"}
# The last resort keeps a paragraph when at most this share of its text is link text.
FALLBACK_MAX_LINK_SHARE = 0.5


def paragraph_blocks(tree: Any) -> list[Block]:
    """The page's own paragraphs, when the extractor found nothing (a short page is still an
    article): text elements of the cleaned body that are not mostly links, outermost only."""
    body = tree.find("body")
    if body is None:
        return []
    out: list[Block] = []
    for node in body.iter(*_FALLBACK_TAGS):
        if any(a.tag in _FALLBACK_TAGS for a in node.iterancestors()):
            continue
        text = tidy(node.text_content() or "")
        total = len(re.sub(r"\s+", "", text))
        links = sum(len(re.sub(r"\s+", "", a.text_content() or "")) for a in node.iter("a"))
        if total and links <= FALLBACK_MAX_LINK_SHARE * total:
            out.append(Block(text, _FALLBACK_KINDS.get(node.tag, "body")))
    return out


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def fill_gaps(precise: list[Block], default: list[Block]) -> list[Block]:
    """The precise reading, with the default reading's paragraphs that sit between two of its
    paragraphs put back (favouring precision drops short linked sentences inside the article)."""
    positions: dict[str, list[int]] = {}
    for j, block in enumerate(default):
        positions.setdefault(_key(block.text), []).append(j)
    out: list[Block] = []
    last = -1
    for block in precise:
        j = next((j for j in positions.get(_key(block.text), []) if j > last), None)
        if j is not None:
            if last >= 0 and 0 < j - last - 1 <= MAX_GAP_BLOCKS:
                out.extend(default[last + 1:j])
            elif last < 0 and j > 0:
                out.extend(_leading_sentences(default[max(0, j - MAX_GAP_BLOCKS):j]))
            last = j
        out.append(block)
    if 0 <= last < len(default) - 1:
        out.extend(_closing_sentences(default[last + 1:last + 1 + MAX_GAP_BLOCKS]))
    return out


def _leading_sentences(blocks: list[Block]) -> list[Block]:
    """The run of `blocks` just before the precise reading's first paragraph that reads as prose
    (a standfirst or lede the precise reading left out)."""
    kept = _closing_sentences(list(reversed(blocks)), LEAD_MIN_WORDS, kinds=("body", "heading"))
    return list(reversed(kept))


def _closing_sentences(blocks: list[Block], min_words: int = MIN_SENTENCE_WORDS,
                       kinds: tuple[str, ...] = ("body",)) -> list[Block]:
    """The leading run of `blocks` that reads as prose: whole sentences, not labels or links."""
    kept: list[Block] = []
    for block in blocks:
        if block.kind == "body" and _CREDIT_LINE.match(block.text):
            kept.append(block)
            continue
        if block.kind not in kinds or not _SENTENCE.search(block.text) or len(block.text.split()) < min_words:
            break
        kept.append(block)
    return kept


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _blocks_of(doc: etree._Element | None) -> list[Block]:
    if doc is None:
        return []
    main = doc.find("main")
    root = main if main is not None else doc
    blocks: list[Block] = []
    _walk_children(root, blocks, None)  # text between elements (a <head>'s tail) is text too
    return [b for b in blocks if b.text]


def _walk(el: etree._Element, out: list[Block], inherited: str | None) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        for item in el:
            if item.tag == "item":
                _walk_item(item, out, inherited)
        return
    if tag == "quote":
        if any(isinstance(c.tag, str) and c.tag in ("p", "list", "quote", "head") for c in el):
            _walk_children(el, out, "quote")
        else:
            out.append(Block(text_of(el), "quote"))
        return
    if tag == "table":
        for row in el.iter("row"):
            cells = [text_of(c) for c in row if c.tag == "cell"]
            line = " | ".join(c for c in cells if c)
            if line:
                out.append(Block(line, inherited or "body"))
        return
    if tag in ("graphic", "lb"):
        return
    if tag in ("div", "main", "doc") or (tag not in ("p", "head", "code") and _has_blocks(el)):
        _walk_children(el, out, inherited)
        return
    kind = "heading" if tag == "head" else (inherited or "body")
    out.append(Block(text_of(el), kind))


def _walk_children(el: etree._Element, out: list[Block], inherited: str | None) -> None:
    if el.text and el.text.strip():
        out.append(Block(tidy(el.text), inherited or "body"))
    for child in el:
        _walk(child, out, inherited)
        if child.tail and child.tail.strip():
            out.append(Block(tidy(child.tail), inherited or "body"))


def _walk_item(item: etree._Element, out: list[Block], inherited: str | None) -> None:
    nested = [c for c in item if c.tag == "list"]
    own = text_of(item, skip=("list",))
    if own:
        out.append(Block(own, "quote" if inherited == "quote" else "list_item"))
    for sub in nested:
        _walk(sub, out, inherited)


def _has_blocks(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in ("p", "list", "quote", "head", "table", "div") for c in el)


def text_of(el: etree._Element, skip: tuple[str, ...] = ()) -> str:
    """The element's text; <lb/> line breaks kept as newlines, spaces within a line collapsed."""
    parts: list[str] = []
    _collect(el, parts, skip)
    return tidy("".join(parts))


def _collect(el: etree._Element, parts: list[str], skip: tuple[str, ...]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == "lb":
            parts.append("\n")
        elif child.tag in skip:
            pass
        else:
            _collect(child, parts, skip)
            if child.tag in ("p", "head", "item", "row", "quote"):
                parts.append("\n")
        if child.tail:
            parts.append(child.tail)


def tidy(text: str) -> str:
    lines = (_LINE_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# A standfirst is at most this many blocks, and the lines skipped between it and the headline
# (date, byline, section) are at most this many words each.
STANDFIRST_MAX_BLOCKS = 2
BYLINE_MAX_WORDS = 25
_BOUNDARY_TAGS = {"article", "main", "body", "html"}


def add_standfirst(tree: Any, blocks: list[Block]) -> list[Block]:
    """The article's standfirst (lede) when the extractor left it out: prose that stands between
    the page's headline (<h1>) and the container the text came from, in a container of its own.
    Kept only when scanning back from the text meets the headline past nothing but the standfirst
    and short lines (date, byline, section)."""
    first = next((el for el in (_element_of(tree, b.text) for b in blocks[:3]) if el is not None), None)
    if first is None:
        return blocks
    seen = {_key(b.text) for b in blocks}
    found: list[Block] = []
    node = first
    for _ in range(6):
        parent = node.getparent()
        if parent is None:
            return blocks
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            headline = sibling if sibling.tag == "h1" else next(sibling.iter("h1"), None)
            if headline is not None:
                found.extend(reversed(_under_headline(headline, seen)))
                return list(reversed(found)) + blocks if found else blocks
            text = tidy(sibling.text_content() or "")
            if not text:
                continue
            if _reads_as_standfirst(sibling, text) and _key(text) not in seen and len(found) < STANDFIRST_MAX_BLOCKS:
                found.append(Block(text, "body"))
                seen.add(_key(text))
            elif len(text.split()) > BYLINE_MAX_WORDS:
                return blocks
        if parent.tag in _BOUNDARY_TAGS:
            return blocks
        node = parent
    return blocks


def _under_headline(headline: Any, seen: set[str]) -> list[Block]:
    """A subtitle set right under the headline, in the headline's own container."""
    out: list[Block] = []
    for sibling in headline.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        text = tidy(sibling.text_content() or "")
        if text and _reads_as_standfirst(sibling, text) and _key(text) not in seen:
            out.append(Block(text, "body"))
        if len(out) >= STANDFIRST_MAX_BLOCKS:
            break
    return out


def _element_of(tree: Any, text: str) -> Any:
    """The innermost element whose whole text is `text`."""
    key = _key(text)
    if len(key) < 20:
        return None
    longest = 2 * len(text) + 500  # a longer text is a wrapper of more than this text (spacing aside)
    for el in tree.iter("p", "div", "li", "blockquote", "span", "td"):
        raw = el.text_content() or ""
        if len(key) <= len(raw) <= longest and _key(raw) == key:
            return el
    return None


def _reads_as_standfirst(el: Any, text: str) -> bool:
    total = len(_key(text))
    links = sum(len(_key(a.text_content() or "")) for a in el.iter("a"))
    return (len(text.split()) >= LEAD_MIN_WORDS and bool(_SENTENCE.search(text)) and links <= total / 3
            and "\n" not in text.strip())
