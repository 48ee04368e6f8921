"""The text-loss guard at ingest time: what trafilatura alone keeps is never lost by accident.

Our cleaning removes chrome before the main text is located, and the extractor's choice of blocks
depends on the whole page: taking out a small box inside an article can make it keep fewer of the
article's blocks. So the untouched page's reading (trafilatura's defaults, as trafilatura alone
reads it) is compared with ours, and every line of it that our text lacks is put back in document
order, unless a named cleaning rule removed it (a chrome name or role, a link box, the title, a
boilerplate paragraph, a closing appeal): what we drop on purpose stays dropped, and every such
drop is listed in `Removals`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .html_clean import BoilerplateRules, Removals, is_appeal, is_boilerplate_paragraph
from .model import Block

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_ADDRESS = re.compile(r"(https?://|www\.)\S+")


def plain(text: str) -> str:
    """The words of a text, lower-cased, single-spaced: the comparison key of lines."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass
class PageParts:
    """What the untouched page says about where a line sits, read before our cleaning changes it:
    the page's headlines, the text of each <article> element and of each caption (comparison keys)."""

    headlines: set[str] = field(default_factory=set)
    articles: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # paragraphs that are one link and nothing else

    @classmethod
    def of(cls, root: Any, title: str | None) -> PageParts:
        headlines = {plain(h.text_content() or "") for h in root.iter("h1")} | {plain(title or "")}
        return cls(
            headlines={k for k in headlines if k},
            articles=[f" {plain(a.text_content() or '')} " for a in root.iter("article")],
            captions=[f" {plain(c.text_content() or '')} " for c in root.iter("figcaption")],
            links=_link_paragraphs(root),
        )

    def rule_for(self, line: str, wanted: str, ours: list[str]) -> str | None:
        """The named rule that keeps a line of the reference out of our text, if any: "title" (one
        of the page's headlines), "address_line" (a bare web address), "caption" (a figure's caption), "link_line" (a paragraph that is
        one link: a pointer to another page), "other_article" (it sits in an
        <article> element that holds none of our text: a teaser, a related or a second post)."""
        if wanted.strip() in self.headlines:
            return "title"
        if _ADDRESS.fullmatch(line.strip()):
            return "address_line"
        if any(wanted in c for c in self.captions):
            return "caption"
        if wanted.strip() in self.links:
            return "link_line"
        holders = [a for a in self.articles if wanted in a]
        if holders:
            innermost = min(holders, key=len)
            if not any(key in innermost for key in ours):
                return "other_article"
        return None


_LINE_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "div", "dd", "td"})


def _link_paragraphs(root: Any) -> set[str]:
    """The keys of paragraphs (or list items, headings) whose only content is one link."""
    out = set()
    for a in root.iter("a"):
        parent = a.getparent()
        if (parent is None or parent.tag not in _LINE_TAGS or len(parent) != 1 or (parent.text or "").strip()
                or (a.tail or "").strip()):
            continue
        key = plain(a.text_content() or "")
        if key:
            out.add(key)
    return out


# Our blocks of at least this many characters (as keys) show which <article> holds our text.
ARTICLE_SIGN_CHARS = 40


def restore_lost_lines(blocks: list[Block], reference: list[Block], removals: Removals,
                       rules: BoilerplateRules, parts: PageParts | None = None) -> list[Block]:
    """Our blocks, with the reference reading's lines that they lack put back, each after the last
    of our blocks that holds a line coming before it. Not put back: what a named cleaning rule
    removed, a boilerplate paragraph, a closing appeal, and what `parts` names (each recorded in
    `removals` under its rule's name)."""
    if not reference:
        return blocks
    parts = parts or PageParts()
    keys = [f" {plain(b.text)} " for b in blocks]
    signs = [k for k in keys if len(k) >= ARTICLE_SIGN_CHARS]
    whole = " " + " ".join(plain(b.text) for b in blocks) + " "
    gone = [f" {plain(item.text)} " for item in removals.items]
    inserts: dict[int, list[Block]] = {}
    anchor = -1  # our block after which lost lines go (-1: before the first)
    restored = 0
    for block in reference:
        missing: list[str] = []
        for line in block.text.split("\n"):
            key = plain(line)
            if not key:
                continue
            wanted = f" {key} "
            if wanted in whole:
                anchor = _holder(keys, wanted, anchor)
                continue
            if any(wanted in g for g in gone) or is_boilerplate_paragraph(line, rules):
                continue
            if anchor == len(blocks) - 1 and is_appeal(line, rules):
                continue
            rule = parts.rule_for(line, wanted, signs)
            if rule:
                removals.add(rule, line)
                continue
            missing.append(line)
        if missing:
            inserts.setdefault(anchor, []).append(Block("\n".join(missing), block.kind))
            restored += len(missing)
    if not inserts:
        return blocks
    log.debug("put back %d lines the untouched page's reading keeps", restored)
    out = list(inserts.get(-1, []))
    for i, block in enumerate(blocks):
        out.append(block)
        out.extend(inserts.get(i, []))
    return out


def _holder(keys: list[str], wanted: str, anchor: int) -> int:
    """The index of our first block from `anchor` on that holds the line; else the place stays (an
    earlier block repeats it, or it is spread over two blocks)."""
    for i in range(max(anchor, 0), len(keys)):
        if wanted in keys[i]:
            return i
    return anchor
