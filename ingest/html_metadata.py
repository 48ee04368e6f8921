"""Metadata a web page states about itself: title, publication date, organization, address, authors.

Read from the page's parsed tree (lxml, before any cleaning), in this order of trust:
title   as a reader would take it: the page's <h1> when og:title, the JSON-LD headline or <title>
        agrees with it; else og:title, the JSON-LD headline, <title>, a lone <h1> (see find_title);
        a site-name suffix removed only when it is the site's name or address;
date    JSON-LD datePublished ("jsonld"), article:published_time / Dublin Core / <time> ("meta"),
        a byline date ("byline"), a dateline at the start of the text ("dateline") -- always the
        publication date, never a "modified" one;
org     og:site_name, JSON-LD publisher, other publisher metas;
url     <link rel=canonical>, og:url, JSON-LD url;
authors JSON-LD author, <meta name=author>, article:author, rel=author links, a "By ..." byline.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.IGNORECASE)
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b",
                  re.IGNORECASE)
_ISO = re.compile(r"\b(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d])")
_US = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b")
_DATE_ANY = re.compile(f"(?:{_MDY.pattern})|(?:{_DMY.pattern.replace('?P<', '?P<d_')})", re.IGNORECASE)

# Metas that carry the publication date (name or property, lower-cased), in order of trust.
_DATE_METAS = (
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "datepublished", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "dc.issued", "citation_publication_date", "citation_date", "pubdate", "publishdate",
    "publish-date", "publish_date", "date", "sailthru.date", "parsely-pub-date", "article.published",
)
_MODIFIED = re.compile(r"modif|updat|revis|edited", re.IGNORECASE)
_BYLINE_PARTS = ("byline", "date", "dateline", "posted", "published", "pubdate", "timestamp", "meta", "time")
_BYLINE_LEAD = re.compile(r"^\s*(?:posted|published|issued|released)(?:\s+on)?\s*:?\s*", re.IGNORECASE)
# "By Jane Doe | March 9, 2021", "BY JANE DOE, Staff": a name has no digits, so "By March 9, 2021, ..." is not one.
_AUTHOR_BY = re.compile(r"^\s*(?:By|BY|by)\s+(?P<name>[A-Z][A-Za-z.'’\- ]{1,78}?)(?:\s*(?:[|,•·]|\bon\b|$))")
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w.'’ ]{1,40}(?:,\s*[A-Z][\w.]{1,20}\.?)*\s*[,(–—-]+\s*)?\(?\s*(?P<date>[^()–—]{6,40}?)\s*\)?\s*[–—:-]"
)
_TITLE_SEPS = re.compile(r"\s+(?:\||–|—|-|::|·|»|:|/)\s+")


@dataclass
class PageMeta:
    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    org: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    jsonld_types: set[str] = field(default_factory=set)
    og_type: str | None = None


def flat(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


Tag = Any  # an lxml element


def strings(el: Tag) -> Iterator[str]:
    """The element's text pieces in order, as a reader sees them (no script, style or comments)."""
    if isinstance(el.tag, str) and el.tag not in ("script", "style", "template") and el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from strings(child)
        if child.tail:
            yield child.tail


def text_of(el: Tag) -> str:
    return flat(" ".join(strings(el)))


def _tags(root: Tag, *names: str) -> Iterator[Tag]:
    return (el for el in root.iter(*names) if isinstance(el.tag, str))


# --- dates ---------------------------------------------------------------------------------------


def _valid(year: int, month: int, day: int, today: dt.date | None = None) -> str | None:
    today = today or dt.date.today()
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if value.year < 1990 or value > today + dt.timedelta(days=2):
        return None
    return value.isoformat()


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower()[:3]]


def parse_date(text: str | None) -> str | None:
    """An ISO date from a date as pages write it (ISO, "October 2, 2023", "2 Oct 2023", "10/02/2023")."""
    text = flat(text)
    if not text:
        return None
    match = _ISO.search(text)
    if match:
        return _valid(int(match["year"]), int(match["month"]), int(match["day"]))
    return parse_text_date(text) or _us_numeric(text)


def parse_text_date(text: str) -> str | None:
    """A date written with the month's name, the first one in `text`."""
    for match in _DATE_ANY.finditer(text):
        groups = match.groupdict()
        if groups.get("month"):
            found = _valid(int(groups["year"]), _month(groups["month"]), int(groups["day"]))
        else:
            found = _valid(int(groups["d_year"]), _month(groups["d_month"]), int(groups["d_day"]))
        if found:
            return found
    return None


def _us_numeric(text: str) -> str | None:
    match = _US.search(text)
    if not match:
        return None
    month, day = int(match["month"]), int(match["day"])
    if month > 12:
        month, day = day, month
    return _valid(int(match["year"]), month, day)


# --- JSON-LD -------------------------------------------------------------------------------------


def jsonld_objects(root: Tag) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members included; unreadable blocks are skipped."""
    found: list[dict[str, Any]] = []
    for script in _tags(root, "script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _load_json(script.text or "")
        if data is not None:
            found.extend(_walk_jsonld(data))
    return found


def _load_json(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    for candidate in (raw, re.sub(r",\s*([}\]])", r"\1", raw)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    log.debug("unreadable JSON-LD block skipped")
    return None


def _walk_jsonld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"], depth + 1)


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organization value (a string, an object, or a list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


# --- the fields ----------------------------------------------------------------------------------


def _meta(metas: dict[str, str], *keys: str) -> str | None:
    """The content of the first meta whose name, property or itemprop is one of `keys` (in key order)."""
    for key in keys:
        value = metas.get(key)
        if value:
            return value
    return None


def meta_index(root: Tag) -> dict[str, str]:
    index: dict[str, str] = {}
    for tag in _tags(root, "meta"):
        content = tag.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attr)
            if key and key.strip():
                index.setdefault(key.strip().lower(), content.strip())
    return index


def page_metadata(root: Tag) -> PageMeta:
    """What the (untouched) parsed page states about itself."""
    objects = jsonld_objects(root)
    metas = meta_index(root)
    meta = PageMeta()
    meta.jsonld_types = {t for obj in objects for t in jsonld_types(obj)}
    meta.og_type = (_meta(metas, "og:type") or "").lower() or None
    meta.org = find_org(metas, objects)
    meta.url = find_url(root, metas, objects)
    meta.title = find_title(root, metas, objects, meta.org, meta.url)
    meta.date, meta.date_source = find_date(root, metas, objects)
    meta.authors = find_authors(root, metas, objects)
    return meta


def _article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-LD objects that describe the page's content, articles first."""
    articles = [o for o in objects if any("article" in t or "posting" in t or t == "report" for t in jsonld_types(o))]
    return articles + [o for o in objects if o not in articles]


def find_org(metas: dict[str, str], objects: list[dict[str, Any]]) -> str | None:
    site = _meta(metas, "og:site_name")
    if site:
        return flat(site)
    for obj in _article_objects(objects):
        names = _names(obj.get("publisher"))
        if names:
            return flat(names[0])
    for obj in objects:
        if jsonld_types(obj) & {"organization", "newsmediaorganization", "ngo"} and isinstance(obj.get("name"), str):
            return flat(obj["name"])
    value = _meta(metas, "publisher", "dc.publisher", "dcterms.publisher", "application-name")
    return flat(value) if value else None


def find_url(root: Tag, metas: dict[str, str], objects: list[dict[str, Any]]) -> str | None:
    for link in _tags(root, "link"):
        href = link.get("href")
        if href and "canonical" in (link.get("rel") or "").lower().split() and _absolute(href):
            return href.strip()
    og = _meta(metas, "og:url")
    if og and _absolute(og):
        return og.strip()
    for obj in _article_objects(objects):
        for key in ("url", "mainEntityOfPage"):
            value = obj.get(key)
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str) and _absolute(value):
                return value.strip()
    return None


def _absolute(url: str) -> bool:
    return bool(re.match(r"https?://[^\s/]+\.[^\s]+", url.strip()))


def _key(text: str | None) -> str:
    return re.sub(r"\W+", "", (text or "").lower())


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b and _key(a) == _key(b))


def _agrees(headline: str, other: str | None) -> bool:
    """`other` states the same headline: equal, or it is the headline plus a short addition
    (a site name, a section)."""
    a, b = _key(headline), _key(other)
    return bool(a and b) and (a == b or (a in b and len(a) >= 0.5 * len(b)))


def find_title(root: Tag, metas: dict[str, str], objects: list[dict[str, Any]], site: str | None,
               url: str | None) -> str | None:
    """The title a reader takes for the page's: the headline shown on it (<h1>) when another
    source agrees with it; the displayed headline when the page states only a <title> (see
    _displayed_headline); else the social title, the JSON-LD headline, the <title> (each without
    a site-name suffix), and a lone <h1> last."""
    og = flat(_meta(metas, "og:title", "twitter:title"))
    headlines = [flat(o["headline"]) for o in _article_objects(objects) if isinstance(o.get("headline"), str)]
    title_el = next(_tags(root, "title"), None)
    title_tag = text_of(title_el) if title_el is not None else ""
    h1s = [t for t in (text_of(h) for h in _tags(root, "h1")) if t and not _same_name(t, site)]
    others = [t for t in [og, *headlines[:1], title_tag] if t and not _same_name(t, site)]
    for h1 in h1s[:3]:
        if any(_agrees(h1, other) for other in others):
            return h1
    h1 = h1s[0] if h1s else None
    displayed = _displayed_headline(h1s, title_tag)
    if displayed and not og and not headlines:
        return displayed
    for raw in others:
        return strip_site_name(raw, site, h1, url)
    return h1


_WORD = re.compile(r"\w+")


def _displayed_headline(h1s: list[str], title_tag: str) -> str | None:
    """The article's headline as the page shows it, when the page states no social or structured
    title: the first <h1> of four or more words that is the only such <h1> or shares at least a
    third of its words with the <title> (which is often a shorter search-engine wording)."""
    long = [h for h in h1s if len(_WORD.findall(h)) >= 4]
    if not long:
        return None
    words = {w.lower() for w in _WORD.findall(long[0])}
    shared = words & {w.lower() for w in _WORD.findall(title_tag)}
    return long[0] if len(long) == 1 or len(shared) >= len(words) / 3 else None


def strip_site_name(title: str, site: str | None, h1: str | None, url: str | None) -> str:
    """The title without a " | Site Name" suffix (or "Site Name | " prefix).

    Only removed on evidence: the part is the site's name or its web address's name (or begins
    with it, "BBC News" on bbc.co.uk), or what remains is the page's own <h1>. A part that merely
    shares a word with the site's name, or a title that merely contains a dash, is left alone."""
    parts = _TITLE_SEPS.split(title)
    if len(parts) < 2:
        return title
    host = _site_label(url)
    seps = _TITLE_SEPS.findall(title)
    site_key = _key(re.sub(r"^the\s+", "", site or "", flags=re.IGNORECASE))

    def is_site(part: str) -> bool:
        key = _key(re.sub(r"^the\s+", "", part, flags=re.IGNORECASE))
        if not key:
            return False
        if site_key and (key == site_key or (key in site_key and len(key) >= 0.6 * len(site_key))):
            return True
        return bool(host) and len(host) >= 3 and (key == host or key.startswith(host))

    if h1:
        for cut in range(len(parts) - 1, 0, -1):
            head = _rejoin(parts[:cut], seps[: cut - 1])
            if _same_name(head, h1):
                return head
    if is_site(parts[-1]):
        return _rejoin(parts[:-1], seps[:-1]) or title
    if is_site(parts[0]):
        return _rejoin(parts[1:], seps[1:]) or title
    return title


_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"}


def _site_label(url: str | None) -> str:
    """The name in a web address ("bbc" for https://www.bbc.co.uk/news/...)."""
    labels = re.sub(r"^https?://", "", url or "").split("/")[0].split(":")[0].lower().split(".")
    labels = labels[:-1] if len(labels) > 1 else labels
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return _key(labels[-1]) if labels and labels[-1] != "www" else ""


def _rejoin(parts: list[str], seps: list[str]) -> str:
    out = parts[0] if parts else ""
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()


def find_date(root: Tag, metas: dict[str, str], objects: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The publication date and where it was found, or (None, None)."""
    for obj in _article_objects(objects):
        found = parse_date(obj.get("datePublished")) if isinstance(obj.get("datePublished"), str) else None
        if found:
            return found, "jsonld"
    for key in _DATE_METAS:
        found = parse_date(metas.get(key))
        if found:
            return found, "meta"
    found = _time_element_date(root)
    if found:
        return found, "meta"
    found = _byline_date(root)
    if found:
        return found, "byline"
    return None, None


def _time_element_date(root: Tag) -> str | None:
    every = list(_tags(root, "time"))
    # Marked as the publication date: that wins over an "updated" class on the same element
    # (WordPress themes write class="entry-date published updated" on a never-edited post).
    preferred = [t for t in every if t.get("itemprop") == "datePublished" or "pubdate" in t.attrib
                 or any("publish" in c or "entry-date" in c for c in _classes(t))]
    others = [t for t in every if t not in preferred and not _is_modified(t)]
    for tag in preferred + others:
        found = parse_date(tag.get("datetime")) or parse_date(text_of(tag))
        if found:
            return found
    return None


def _classes(tag: Tag) -> list[str]:
    return [c.lower() for c in (tag.get("class") or "").split()] + [(tag.get("id") or "").lower()]


def _is_modified(tag: Tag) -> bool:
    """The tag (or its label) states a modified / updated date."""
    names = " ".join(_classes(tag)) + " " + str(tag.get("itemprop") or "")
    parent = tag.getparent()
    if parent is not None:
        names += " " + " ".join(_classes(parent))
        before = flat("".join(strings(parent))).split(text_of(tag) or "\0")[0][-30:]
        names += " " + before
    return bool(_MODIFIED.search(names))


def _byline_date(root: Tag) -> str | None:
    """A date in the article's byline. Bylines follow the headline: those after the <h1> are read
    first, so a dated teaser in a menu or sidebar above the article is not taken for it."""
    h1 = next(_tags(root, "h1"), None)
    after_h1 = list(itertools.islice(_following(h1), 400)) if h1 is not None else []
    body = root.find("body")
    body = body if body is not None else root
    for tags in (after_h1, list(itertools.islice(_tags(body), 1, 4001))):
        found = _first_byline_date(tags)
        if found:
            return found
    return None


def _following(el: Tag) -> Iterator[Tag]:
    """The elements after `el`'s start tag in document order (its own descendants first)."""
    started = False
    for node in el.getroottree().getroot().iter():
        if started and isinstance(node.tag, str):
            yield node
        elif node is el:
            started = True


_BLOCK_TAGS = ["div", "p", "section", "article", "ul", "ol", "table", "main", "aside", "header", "footer"]


def _short_text(tag: Tag, limit: int) -> str | None:
    """The tag's text when it is at most `limit` characters, else None (stops reading early)."""
    parts: list[str] = []
    size = 0
    for piece in strings(tag):
        size += len(piece)
        if size > limit * 2:
            return None
        parts.append(piece)
    text = flat(" ".join(parts))
    return text if len(text) <= limit else None


def _first_byline_date(tags: Iterable[Tag]) -> str | None:
    for tag in tags:
        names = [p for c in _classes(tag) for p in re.split(r"[-_\s]+", c) if p]
        text = None
        if any(part in _BYLINE_PARTS for part in names) and not _is_modified(tag):
            text = _short_text(tag, 160)
        elif tag.tag in ("p", "span", "div", "small", "em") and not any(c.tag in _BLOCK_TAGS for c in tag):
            candidate = _short_text(tag, 120)
            if candidate and (_BYLINE_LEAD.match(candidate) or _AUTHOR_BY.match(candidate)):
                text = candidate
        if text and not _MODIFIED.search(text):
            found = parse_text_date(text) or parse_date(_BYLINE_LEAD.sub("", text)[:40])
            if found:
                return found
    return None


def dateline_date(texts: Iterable[str]) -> str | None:
    """A date opening one of the first paragraphs ("WASHINGTON, DC (October 2, 2023) – ...")."""
    for text in list(texts)[:3]:
        match = _DATELINE.match(text[:160])
        if match:
            found = parse_text_date(match["date"]) or parse_date(match["date"])
            if found:
                return found
    return None


def find_authors(root: Tag, metas: dict[str, str], objects: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for obj in _article_objects(objects)[:3]:
        names += _names(obj.get("author"))
        if names:
            break
    if not names:
        value = _meta(metas, "author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
                      "sailthru.author")
        if value:
            names.append(value)
    if not names:
        names += [text_of(a) for a in _tags(root, "a") if "author" in (a.get("rel") or "").lower().split()]
    if not names:
        names += _byline_names(root)
    return _clean_names(names)


def _byline_names(root: Tag) -> list[str]:
    body = root.find("body")
    body = body if body is not None else root
    for tag in itertools.islice(_tags(body), 1, 4001):
        if any("byline" in c or c.startswith("author") for c in _classes(tag)):
            match = _AUTHOR_BY.match(text_of(tag))
            if match:
                return [match["name"]]
    return []


def _clean_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        name = flat(raw)
        name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
        if not name or len(name) > 80 or _absolute(name) or "@" in name:
            continue
        if name not in out:
            out.append(name)
    return out
