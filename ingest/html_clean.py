"""Our own web-page cleaning, around the main-text extractor.

Two passes, both driven by the data in `rules/html_boilerplate.yaml`:

- `clean_tree` removes site chrome from the parsed page before the main text is located:
  scripts and styles, navigation landmarks, elements whose class or id names a kind of chrome
  (comments, share buttons, related and "read also" boxes, newsletter, cookie and donation boxes),
  and it opens up send-a-letter forms so the letter text in them is kept.
- `drop_boilerplate_blocks` removes paragraphs of chrome that survived extraction ("Leave a Reply",
  share labels, a closing donation appeal).

Both err on the side of keeping text: an element holding much of the page's text is never removed.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import html as lxml_html

from .model import Block

log = logging.getLogger(__name__)

RULES_PATH = Path(__file__).resolve().parent / "rules" / "html_boilerplate.yaml"
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
_BLOCKISH = ("p", "div", "aside", "section", "ul", "ol", "li", "dl", "table", "nav", "span", "strong", "h2", "h3",
             "h4", "h5", "h6")
_HEADINGS = ("h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "span")
_SPACE = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"[-_]+")
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


class RulesError(ValueError):
    """The boilerplate rules file is not valid; the message names the file and the field."""


@dataclass(frozen=True)
class BoilerplateRules:
    drop_tags: frozenset[str]
    chrome_parts: frozenset[str]
    name_words: frozenset[str]
    whole_tokens: frozenset[str]
    filler_parts: frozenset[str]
    max_name_parts: int
    ignore_token_prefixes: tuple[str, ...]
    chrome_max_share: float
    prose_max_share: float
    drop_roles: frozenset[str]
    link_box_labels: tuple[str, ...]
    link_box_max_chars: int
    drop_paragraphs: tuple[re.Pattern[str], ...]
    tail_heading_cut: bool
    appeal_tail_blocks: int
    appeal_max_chars: int
    appeal_words: re.Pattern[str]
    appeal_verbs: re.Pattern[str]
    listing_body_classes: frozenset[str]
    listing_jsonld_types: frozenset[str]
    article_jsonld_types: frozenset[str]


@functools.lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> BoilerplateRules:
    """The boilerplate rules, read once per process."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(raw, dict):
        raise RulesError(f"{path}: must be a mapping of rule names to values")
    return _rules_from(raw, path)


def _rules_from(raw: dict[str, Any], path: Path) -> BoilerplateRules:
    def words(key: str) -> list[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RulesError(f"{path}: field {key!r} must be a list of strings")
        return [v.lower() for v in value]

    def alternation(key: str) -> re.Pattern[str]:
        return _compile(path, key, r"\b(?:" + "|".join(words(key)) + r")\b")

    return BoilerplateRules(
        drop_tags=frozenset(words("drop_tags")),
        chrome_parts=frozenset(words("chrome_parts")),
        name_words=frozenset(words("chrome_parts") + [p for w in words("whole_tokens") for p in _TOKEN_SPLIT.split(w)]),
        whole_tokens=frozenset(words("whole_tokens")),
        filler_parts=frozenset(words("filler_parts")),
        max_name_parts=int(raw.get("max_name_parts", 4)),
        ignore_token_prefixes=tuple(words("ignore_token_prefixes")),
        chrome_max_share=float(raw.get("chrome_max_share", 0.4)),
        prose_max_share=float(raw.get("prose_max_share", 0.25)),
        drop_roles=frozenset(words("drop_roles")),
        link_box_labels=tuple(sorted(words("link_box_labels"), key=len, reverse=True)),
        link_box_max_chars=int(raw.get("link_box_max_chars", 400)),
        drop_paragraphs=tuple(_compile(path, "drop_paragraphs", rf"(?:{p})") for p in words("drop_paragraphs")),
        tail_heading_cut=bool(raw.get("tail_heading_cut", True)),
        appeal_tail_blocks=int(raw.get("appeal_tail_blocks", 3)),
        appeal_max_chars=int(raw.get("appeal_max_chars", 300)),
        appeal_words=alternation("appeal_words"),
        appeal_verbs=alternation("appeal_verbs"),
        listing_body_classes=frozenset(words("listing_body_classes")),
        listing_jsonld_types=frozenset(words("listing_jsonld_types")),
        article_jsonld_types=frozenset(words("article_jsonld_types")),
    )


def _compile(path: Path, key: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"{path}: field {key!r}: bad pattern {pattern!r} ({exc})") from None


# --- what was removed, and by which rule ------------------------------------------------------------


@dataclass
class Removal:
    rule: str  # e.g. "role:navigation", "name:share", "link_box", "paragraph", "appeal"
    text: str


@dataclass
class Removals:
    """Every piece of text a cleaning rule removed, named by the rule: the benchmark's report of
    what each rule ate, and the text-loss guard's list of what may be missing on purpose."""

    items: list[Removal] = field(default_factory=list)

    def add(self, rule: str, text: str) -> None:
        self.items.append(Removal(rule, text))

    def by_rule(self) -> dict[str, tuple[int, int]]:
        """Blocks and characters (spaces not counted) removed by each rule."""
        out: dict[str, tuple[int, int]] = {}
        for item in self.items:
            blocks, chars = out.get(item.rule, (0, 0))
            out[item.rule] = (blocks + 1, chars + len(_SPACE.sub("", item.text)))
        return out


# --- the tree pass -------------------------------------------------------------------------------


def clean_tree(root: lxml_html.HtmlElement, rules: BoilerplateRules, removals: Removals | None = None) -> int:
    """Remove site chrome from the parsed page, in place. Returns how many elements were removed;
    `removals` (when given) records the text each rule removed."""
    log_to = removals if removals is not None else Removals()
    removed = _drop_by_tag(root, rules, log_to)
    _open_letter_forms(root)
    body_chars = max(_text_len(root), 1)
    guard = ProseGuard(root, body_chars, rules)
    removed += _drop_by_role(root, rules, guard, log_to)
    removed += _drop_by_name(root, rules, guard, log_to)
    removed += _drop_link_boxes(root, rules, log_to)
    split_double_breaks(root)
    return removed


_INLINE = frozenset({"a", "abbr", "b", "br", "cite", "code", "em", "font", "i", "img", "mark", "q", "s", "small",
                     "span", "strong", "sub", "sup", "time", "u"})
_BREAK_PARENTS = ("div", "td", "p", "article", "section", "main", "blockquote", "font", "center")


def split_double_breaks(root: Any) -> int:
    """Old pages separate paragraphs with <br><br> inside one container; the extractor would fold
    them into one paragraph. Each run of two or more breaks becomes a paragraph boundary."""
    count = 0
    split: list[Any] = []
    for parent in list(root.iter(*_BREAK_PARENTS)):
        children = list(parent)
        if len(children) < 2 or any(not isinstance(c.tag, str) or c.tag not in _INLINE for c in children):
            continue
        if not any(_starts_break_run(c) for c in children):
            continue
        segments = _segments(parent)
        if len(segments) < 2:
            continue
        for child in list(parent):
            parent.remove(child)
        parent.text = None
        if parent.tag == "p":
            parent.tag = "div"
        for segment in segments:
            parent.append(_paragraph(segment))
        count += 1
        split.append(parent)
    for parent in split:
        _text_divs_as_paragraphs(parent)
    return count


def _text_divs_as_paragraphs(split: Any) -> None:
    """A container split into <p>s makes the extractor look for text in <p>s only, so a sibling
    that holds its text in a plain <div> (a lede before <br><br>-separated paragraphs) would be
    skipped: such siblings become <p>s too."""
    parent = split.getparent()
    for sibling in parent if parent is not None else []:
        if (sibling is not split and sibling.tag == "div" and (sibling.text_content() or "").strip()
                and all(isinstance(c.tag, str) and c.tag in _INLINE for c in sibling)):
            sibling.tag = "p"


def _starts_break_run(el: Any) -> bool:
    nxt = el.getnext()
    return el.tag == "br" and not (el.tail or "").strip() and nxt is not None and nxt.tag == "br"


def _segments(parent: Any) -> list[list[Any]]:
    """The parent's content (strings and elements) cut at runs of two or more <br>. Reads only:
    the tree is changed by the caller, once it knows the content splits."""
    segments: list[list[Any]] = [[parent.text or ""]]
    children = list(parent)
    i = 0
    while i < len(children):
        child = children[i]
        if _starts_break_run(child):
            while i + 1 < len(children) and children[i + 1].tag == "br" and not (children[i].tail or "").strip():
                i += 1
            segments.append([children[i].tail or ""])
        else:
            segments[-1] += [child, child.tail or ""]
        i += 1
    return [s for s in segments if any(not isinstance(x, str) or x.strip() for x in s)]


def _paragraph(segment: list[Any]) -> Any:
    para = lxml_html.Element("p")
    for item in segment:
        if isinstance(item, str):
            if len(para):
                para[-1].tail = (para[-1].tail or "") + item
            else:
                para.text = (para.text or "") + item
        else:
            item.tail = None  # its tail is the next string of the segment
            para.append(item)
    return para


_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg"})


def _drop_by_tag(root: lxml_html.HtmlElement, rules: BoilerplateRules, removals: Removals) -> int:
    doomed = list(root.iter(*rules.drop_tags))  # the HTML parser gives tag names in lower case
    for el in doomed:
        if el.tag.lower() not in _INVISIBLE and el.getparent() is not None:
            removals.add(f"tag:{el.tag.lower()}", removed_text(el))
    doomed += [el for el in root.iter(lxml_html.etree.Comment)]
    for el in doomed:
        _drop(el)
    return len(doomed)


def removed_text(el: Any) -> str:
    """The text of a removed element as it is recorded: its pieces joined by spaces, so that a
    heading and the paragraph after it ("<h3>Title</h3><p>Text</p>") stay two runs of words."""
    return " ".join(el.itertext())


def _drop(el: Any) -> None:
    if el.getparent() is not None:
        el.drop_tree()


def _text_len(el: Any) -> int:
    return len(_SPACE.sub("", el.text_content() or ""))


class ProseGuard:
    """Decides which elements are never removed by name or role: the article itself (and what
    holds it), an element holding much of the page's text, or a large share of its prose."""

    def __init__(self, root: Any, body_chars: int, rules: BoilerplateRules) -> None:
        self.body_chars = body_chars
        self.rules = rules
        # prose characters under each element, counted once for the whole page
        self.prose: dict[Any, int] = {}
        total = 0
        for p in root.iter("p"):
            chars = _prose_len(p)
            if chars:
                total += chars
                for node in (p, *p.iterancestors()):
                    self.prose[node] = self.prose.get(node, 0) + chars
        self.page_prose = max(total, 1)

    def prose_of(self, el: Any) -> int:
        return self.prose.get(el, 0)

    def protects(self, el: Any) -> bool:
        if el.tag in _PROTECTED_TAGS or el.get("itemprop") == "articleBody":
            return True
        if el.find(".//article") is not None or el.find(".//main") is not None:
            return True
        if el.find(".//*[@itemprop='articleBody']") is not None or el.find(".//h1") is not None:
            return True
        if _text_len(el) > self.rules.chrome_max_share * self.body_chars:
            return True
        return self.prose_of(el) > self.rules.prose_max_share * self.page_prose


# A paragraph counts as prose when it has this many characters and at most this share of links.
PROSE_MIN_CHARS = 80
PROSE_MAX_LINK_SHARE = 0.3


def prose_chars(el: Any) -> int:
    """Characters in the element's paragraphs of prose (long <p>s that are not mostly links)."""
    return sum(_prose_len(p) for p in el.iter("p"))


def _prose_len(p: Any) -> int:
    chars = _text_len(p)
    return chars if chars >= PROSE_MIN_CHARS and _link_chars(p) <= PROSE_MAX_LINK_SHARE * chars else 0


def _drop_by_role(root: Any, rules: BoilerplateRules, guard: ProseGuard, removals: Removals) -> int:
    doomed = [
        el for el in root.xpath("descendant-or-self::*[@role]")
        if (el.get("role") or "").lower() in rules.drop_roles
        and not guard.protects(el)
    ]
    count = 0
    for el in doomed:
        if el.getparent() is None or not _has_ancestor_chain(el, root):
            continue
        removals.add(f"role:{(el.get('role') or '').lower()}", removed_text(el))
        _drop(el)
        count += 1
    return count


def name_tokens(el: Any) -> list[str]:
    """The element's class and id values, one token per class, camelCase split by dashes, lower-cased."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return [_CAMEL.sub("-", t).lower() for t in raw.split() if t]


def chrome_word(tokens: list[str], rules: BoilerplateRules) -> str | None:
    """The chrome vocabulary word that names this element, or None.

    A class or id names chrome only as a whole: a `whole_tokens` entry, or a name made of chrome
    words and filler ("share-buttons", "post-comments", "td-related-posts"). A name with other
    words ("sharing-with-multiple-developers", an id made from a heading) names a section, not
    chrome, and so does any name of more than `max_name_parts` parts."""
    for token in tokens:
        if token.startswith(rules.ignore_token_prefixes):
            continue
        if token in rules.whole_tokens:
            return token
        parts = [p for p in _TOKEN_SPLIT.split(token) if p]
        if not parts or len(parts) > rules.max_name_parts:
            continue
        chrome = [p for p in parts if p in rules.chrome_parts]
        if chrome and all(p in rules.chrome_parts or _is_filler(p, rules) for p in parts):
            return chrome[0]
    return None


def _is_filler(part: str, rules: BoilerplateRules) -> bool:
    return part in rules.filler_parts or part.isdigit() or len(part) <= 2


def is_chrome_name(tokens: list[str], rules: BoilerplateRules) -> bool:
    return chrome_word(tokens, rules) is not None


def _drop_by_name(root: Any, rules: BoilerplateRules, guard: ProseGuard, removals: Removals) -> int:
    """Elements named as chrome, except what the guard protects. Elements sharing one chrome name
    (tag and class) are judged together: twenty paragraphs each styled "paywall" are the article."""
    candidates: list[tuple[Any, str]] = []
    for el in root.xpath("descendant-or-self::*[@class or @id]"):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if names == " " or rules.name_words.isdisjoint(_NAME_PARTS.split(_CAMEL.sub("-", names).lower())):
            continue  # no chrome word among its names' parts: nothing to decide
        tokens = name_tokens(el)
        word = chrome_word(tokens, rules) if tokens else None
        if word is None:
            _unname(el, rules)
        else:
            candidates.append((el, word))
    shared: Counter[tuple[str, str]] = Counter()
    for el, _ in candidates:
        if el.get("class"):
            shared[(el.tag, el.get("class"))] += guard.prose_of(el)
    kept_names = {key for key, chars in shared.items() if chars > rules.prose_max_share * guard.page_prose}
    count = 0
    for el, word in candidates:
        if el.getparent() is None or not _has_ancestor_chain(el, root):
            continue
        if (el.tag, el.get("class")) in kept_names or guard.protects(el):
            _unname(el, rules)
            continue
        removals.add(f"name:{word}", removed_text(el))
        _drop(el)
        count += 1
    return count


def _unname(el: Any, rules: BoilerplateRules) -> None:
    """Kept on purpose: class and id names that merely contain a chrome word are taken off, so
    that the extractor (which matches such words anywhere in a name) does not drop it either."""
    for attr in ("class", "id"):
        value = el.get(attr)
        if not value:
            continue
        kept = [t for t in value.split() if not _mentions_chrome(_CAMEL.sub("-", t).lower(), rules)]
        if len(kept) < len(value.split()):
            if kept:
                el.set(attr, " ".join(kept))
            else:
                del el.attrib[attr]


def _mentions_chrome(token: str, rules: BoilerplateRules) -> bool:
    return any(part in rules.chrome_parts for part in _TOKEN_SPLIT.split(token))


def _has_ancestor_chain(el: Any, root: Any) -> bool:
    """False for elements already detached with a removed ancestor."""
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _drop_link_boxes(root: Any, rules: BoilerplateRules, removals: Removals) -> int:
    """"Read also" and related-links boxes, wherever they sit (also inside the article body)."""
    count = 0
    for el in list(root.iter(*_BLOCKISH)):
        head = _SPACE.sub(" ", "".join(itertools.islice(el.itertext(), 4))).strip()
        if not head or _leading_label(head, rules) is None:
            continue
        if el.getparent() is None or not _has_ancestor_chain(el, root):
            continue
        text = _SPACE.sub(" ", el.text_content() or "").strip()
        if len(text) > rules.link_box_max_chars:
            continue
        label = _leading_label(text, rules)
        if label is None:
            continue
        rest = text[len(label):].strip(" :–—-|»>")
        if not rest and el.tag in _HEADINGS:
            follower = el.getnext()
            if follower is not None and _mostly_links(follower, 0.6) and _text_len(follower) <= 4 * rules.link_box_max_chars:
                removals.add("link_box", text + "\n" + removed_text(follower))
                _drop(follower)
                _drop(el)
                count += 2
            continue
        if rest and _link_chars(el) >= 0.6 * len(_SPACE.sub("", rest)):
            removals.add("link_box", text)
            _drop(el)
            count += 1
    return count


def _leading_label(text: str, rules: BoilerplateRules) -> str | None:
    lowered = text.lower()
    for label in rules.link_box_labels:
        if lowered.startswith(label):
            after = lowered[len(label):len(label) + 1]
            if not after or not after.isalnum():
                return text[: len(label)]
    return None


def _link_chars(el: Any) -> int:
    return sum(_text_len(a) for a in el.iter("a"))


def _mostly_links(el: Any, share: float) -> bool:
    total = _text_len(el)
    return total > 0 and _link_chars(el) >= share * total


def _open_letter_forms(root: Any) -> None:
    """A send-a-letter form keeps its letter: the form becomes a plain container, its letter
    textarea becomes paragraphs, and its fields and labels are removed."""
    for form in list(root.iter("form")):
        letter = [t for t in form.iter("textarea") if len((t.text or "").strip()) >= 200]
        prose = sum(_text_len(p) for p in form.iter("p"))
        if not letter and prose < 300:
            continue
        for area in letter:
            _textarea_to_paragraphs(area)
        for el in list(form.iter("input", "label", "select", "button", "textarea", "legend")):
            _drop(el)
        for el in form.iter("fieldset"):
            el.tag = "div"
        form.tag = "div"


def _textarea_to_paragraphs(area: Any) -> None:
    text = (area.text or "").replace("\r\n", "\n")
    box = lxml_html.Element("div")
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if chunk:
            para = lxml_html.Element("p")
            para.text = chunk
            box.append(para)
    box.tail = area.tail
    area.getparent().replace(area, box)


# --- the paragraph pass --------------------------------------------------------------------------


def is_boilerplate_paragraph(text: str, rules: BoilerplateRules) -> bool:
    flat = _SPACE.sub(" ", text).strip()
    return any(p.fullmatch(flat) for p in rules.drop_paragraphs)


def is_appeal(text: str, rules: BoilerplateRules) -> bool:
    """A short appeal for money or membership ("your support makes this possible, donate")."""
    flat = _SPACE.sub(" ", text).strip()
    return (
        len(flat) <= rules.appeal_max_chars
        and rules.appeal_words.search(flat) is not None
        and rules.appeal_verbs.search(flat) is not None
    )


def _related_heading_at(blocks: list[Block], rules: BoilerplateRules) -> int | None:
    """Where the closing related-links section starts (a label heading in the second half), if any."""
    for i in range(len(blocks) // 2 + 1, len(blocks)):
        block = blocks[i]
        if block.kind == "heading" and len(block.text) <= 60:
            label = _leading_label(block.text, rules)
            if label is not None and not block.text[len(label):].strip(" :.…-–—").strip():
                return i
    return None


def drop_boilerplate_blocks(blocks: list[Block], rules: BoilerplateRules,
                            removals: Removals | None = None) -> list[Block]:
    """The blocks without chrome paragraphs, and without an appeal among the last few blocks."""
    log_to = removals if removals is not None else Removals()
    kept: list[Block] = []
    for block in blocks:
        if is_boilerplate_paragraph(block.text, rules):
            log_to.add("paragraph", block.text)
        else:
            kept.append(block)
    cut = _related_heading_at(kept, rules) if rules.tail_heading_cut else None
    if cut is not None:
        for block in kept[cut:]:
            log_to.add("related_heading_cut", block.text)
        kept = kept[:cut]
    tail = rules.appeal_tail_blocks
    while kept and tail > 0 and is_appeal(kept[-1].text, rules):
        log_to.add("appeal", kept.pop().text)
        tail -= 1
    if len(kept) < len(blocks):
        log.debug("dropped %d boilerplate paragraphs", len(blocks) - len(kept))
    return kept
