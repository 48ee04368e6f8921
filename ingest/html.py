"""Web pages (press releases, action alerts, blog posts saved as HTML).

bytes -> text (BOM, declared charset, UTF-8, windows-1252) -> parsed page
  -> metadata from the untouched page (html_metadata, BeautifulSoup)
  -> our chrome cleaning (html_clean, rules in rules/html_boilerplate.yaml)
  -> main text (html_extract, trafilatura) -> boilerplate paragraphs dropped -> Extracted.

A listing, tag or search page is refused as NotAnArticle; bytes that are not text as Undecodable.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from archive import Settings

from .decode import decode_bytes
from .errors import EmptyDocument, NotAnArticle, Undecodable
from .html_clean import BoilerplateRules, Removals, clean_tree, drop_boilerplate_blocks, load_rules
from .html_extract import extract_main_text, paragraph_blocks, reference_reading
from .html_metadata import PageMeta, dateline_date, page_metadata
from .html_restore import PageParts, restore_lost_lines
from .model import Block, Extracted
from .registry import register

log = logging.getLogger(__name__)

MEDIA_TYPE = "text/html"
_DECLARED = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Labels that WHATWG (and every browser) reads as windows-1252.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "windows-1252",
              "cp1252", "x-cp1252", "iso_8859-1"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
MIN_PAGE_CHARS = 40  # less visible text than this is an empty page, not an article


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares (XML declaration or <meta>), as a Python codec name, if known."""
    head = data[:16384]
    match = _XML_DECL.match(head) or _DECLARED.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page read as bytes cannot really be UTF-16 without a BOM; browsers read such a label as UTF-8.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def decode_html(data: bytes, shown: str) -> tuple[str, str, list[str]]:
    """The page as text, the encoding used, and warnings about the encoding."""
    decoded = decode_bytes(data, shown, declared_charset(data))
    return _checked(decoded.text, shown), decoded.encoding, decoded.notes


def _checked(text: str, shown: str) -> str:
    sample = text[:100000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 200) or sample.count("\ufffd") > max(16, len(sample) // 50):
        raise Undecodable(shown, "the content is binary data, not an HTML page")
    # C0 controls (BEL, ESC...) are no text, and lxml refuses them in any string it is given
    return _CONTROL.sub("", text).replace("\x0c", " ")


def parse_html(text: str, shown: str) -> Any:
    """The lxml tree of the page. Broken markup is repaired as browsers do."""
    text = _XML_DECL_TEXT.sub("", text, count=1)
    if not _SPACE.sub("", text):
        raise EmptyDocument(shown, "the page is empty")
    try:
        parser = lxml_html.HTMLParser(recover=True, huge_tree=True, remove_comments=False)
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise EmptyDocument(shown, "no HTML content could be read from the page") from None
    if root is None:
        raise EmptyDocument(shown, "no HTML content could be read from the page")
    return root


@register(MEDIA_TYPE, "html", "htm")
def ingest_html(data: bytes, shown_path: str, settings: Settings) -> Extracted:
    """Read one saved web page. Raises NotAnArticle for listing pages, Undecodable for binary data."""
    return read_html(data, shown_path, settings)[0]


def read_html(data: bytes, shown_path: str, settings: Settings) -> tuple[Extracted, Removals]:
    """The page's text and metadata, and what each cleaning rule removed from it."""
    text, encoding, notes = decode_html(data, shown_path)
    rules = load_rules()
    root = parse_html(text, shown_path)
    if _visible_chars(root) < MIN_PAGE_CHARS:
        raise EmptyDocument(shown_path, "the page has no readable text (its markup may be cut off or broken)")
    meta = page_metadata(root)
    listing = listing_reason(root, meta, rules)
    teasers = teaser_texts(root) if listing else []
    removals = Removals()
    reference = reference_reading(root, meta.url)
    parts = PageParts.of(root, meta.title)
    removed = clean_tree(root, rules, removals)
    main = extract_main_text(root, meta.url)
    blocks = drop_boilerplate_blocks(_without_title(main.blocks, meta.title, removals), rules, removals)
    mode = main.mode
    if not blocks:
        blocks = drop_boilerplate_blocks(paragraph_blocks(root), rules, removals)
        mode = "paragraphs"
    blocks = restore_lost_lines(blocks, reference, removals, rules, parts)
    if listing and not holds_article(blocks, teasers):
        raise NotAnArticle(shown_path, f"not an article: {listing}")
    if not blocks:
        raise NotAnArticle(shown_path, "not an article: no main text found, only menus, links or short snippets")
    date, date_source = meta.date, meta.date_source
    if not date:
        date = dateline_date(b.text for b in blocks)
        date_source = "dateline" if date else None
    extracted = Extracted(
        blocks=blocks,
        media_type=MEDIA_TYPE,
        title=meta.title,
        date=date,
        date_source=date_source,
        org=meta.org,
        url=meta.url,
        authors=list(meta.authors),
        extraction={
            "method": "text",
            "extractor": f"trafilatura {trafilatura.__version__} ({mode})",
            "encoding": encoding,
            "chrome_removed": removed,
            "warnings": notes,
        },
    )
    return extracted, removals


def _visible_chars(root: Any) -> int:
    """Characters of text in the page's body, outside scripts and styles (counting stops at enough)."""
    body = root.find("body")
    if body is None:
        return 0
    chars = 0
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            chars += len(_SPACE.sub("", el.tail or ""))
            continue
        chars += len(_SPACE.sub("", el.text or "")) + len(_SPACE.sub("", el.tail or ""))
        if chars >= MIN_PAGE_CHARS:
            break
    return chars


def _without_title(blocks: list[Block], title: str | None, removals: Removals) -> list[Block]:
    """The headline is the record's title, not a paragraph (pages repeat it in teasers and captions)."""
    if not title or not _key(title):
        return blocks
    kept = []
    for block in blocks:
        if _key(block.text) == _key(title):
            removals.add("title", block.text)
        else:
            kept.append(block)
    return kept


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


# --- listing pages -------------------------------------------------------------------------------


def listing_reason(root: Any, meta: PageMeta, rules: BoilerplateRules) -> str | None:
    """Why the page is a listing (tag, category, archive, search page), or None for an article."""
    if _has_article_signal(root, meta, rules):
        return None
    listing_types = meta.jsonld_types & rules.listing_jsonld_types
    if listing_types:
        return f"the page describes itself as a {sorted(listing_types)[0]}"
    body = root.find("body")
    classes = set((body.get("class") or "").lower().split()) if body is not None else set()
    hits = classes & rules.listing_body_classes
    if hits:
        return f"a listing page (the site marks it as '{sorted(hits)[0]}'), not a single post"
    teasers = _teaser_count(root)
    if teasers >= 3:
        return f"a list of {teasers} article teasers"
    return None


def _has_article_signal(root: Any, meta: PageMeta, rules: BoilerplateRules) -> bool:
    if meta.og_type == "article" or meta.jsonld_types & rules.article_jsonld_types:
        return True
    if root.find(".//*[@itemprop='articleBody']") is not None:
        return True
    body = root.find("body")
    classes = (body.get("class") or "").lower().split() if body is not None else []
    return any(c in ("single", "single-post") or c.startswith("postid-") for c in classes)


def _teaser_count(root: Any) -> int:
    """Top-level <article> elements that look like teasers (a linked heading, a short excerpt).
    A page with one long article among them is an article page with a related-stories grid."""
    teasers = 0
    for art in root.iter("article"):
        if any(a.tag == "article" for a in art.iterancestors()):
            continue
        chars = len(_SPACE.sub("", art.text_content() or ""))
        if chars > TEASER_MAX_CHARS:
            return 0
        if _holds_own_headline(art):  # the page's short article, a section label linked above it
            continue
        linked_heading = any(h.find(".//a") is not None for h in art.iter("h1", "h2", "h3", "h4"))
        if linked_heading:
            teasers += 1
    return teasers


# A teaser (a linked headline and its excerpt) holds at most this many characters.
TEASER_MAX_CHARS = 1500
# A page with listing signals still holds an article when this many characters of its main text
# are prose outside every teaser (an article beside three teasers, a blog's single post on a page
# its theme marks "home").
ARTICLE_MIN_CHARS = 250
_LINKED_HEADINGS = "h1", "h2", "h3", "h4", "h5", "h6"


def teaser_texts(root: Any) -> list[str]:
    """The text of every teaser on the page (as comparison keys): the largest element around a
    linked headline that holds no other linked headline and is short."""
    units: list[str] = []
    seen: set[Any] = set()  # the elements themselves: an id() of a freed lxml proxy is reused
    for heading in root.iter(*_LINKED_HEADINGS):
        if heading.find(".//a") is None and heading.getparent() is not None and heading.getparent().tag != "a":
            continue
        unit = heading
        for ancestor in heading.iterancestors():
            if ancestor.tag in ("body", "html", "main"):
                break
            linked = sum(1 for h in ancestor.iter(*_LINKED_HEADINGS) if h.find(".//a") is not None)
            if linked > 1 or len(_SPACE.sub("", ancestor.text_content() or "")) > TEASER_MAX_CHARS:
                break
            if _holds_own_headline(ancestor):
                break
            unit = ancestor
        if unit not in seen:
            seen.add(unit)
            units.append(_key(unit.text_content() or ""))
    return units


def _holds_own_headline(el: Any) -> bool:
    """Whether an element holds an unlinked <h1>: the page's own headline, never a teaser's."""
    return any(h.find(".//a") is None and h.getparent() is not None and h.getparent().tag != "a"
               and _SPACE.sub("", h.text_content() or "") for h in el.iter("h1"))


def holds_article(blocks: list[Block], teasers: list[str]) -> bool:
    """Whether the main text has prose of its own, beyond the teasers' headlines and excerpts."""
    own = 0
    for block in blocks:
        if block.kind == "heading":
            continue
        key = _key(block.text)
        if key and not any(key in teaser for teaser in teasers):
            own += len(block.text)
    return own >= ARTICLE_MIN_CHARS
