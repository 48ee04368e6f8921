"""Full citations (Chicago, APA, MLA, Bluebook) of a record, a paragraph or an exact quote.

A citation is built from one CSL-JSON item (`csl_item`) so the web app, the CLI and the draft
exports all agree. Chicago, APA and MLA are rendered by citeproc-py with the CSL style files in
`webapp/cite/csl/`; Bluebook by `bluebook_note`, a small formatter over the same item (see
`webapp/cite/csl/README.md`).

A quote citation is verifiable: `locate_quote` finds the selection in the paragraph (allowing
only differences of white space and straight versus curly quote marks) and the citation always
carries the paragraph's own text, curly quotes and all.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive import Paragraph, Record

log = logging.getLogger(__name__)

CSL_DIR = Path(__file__).resolve().parent / "csl"
STYLES = ("chicago", "apa", "mla", "bluebook")
NOTE_STYLES = ("chicago", "bluebook")  # footnote styles; APA and MLA cite in the text
STYLE_LABELS = {
    "chicago": "Chicago (notes and bibliography)",
    "apa": "APA",
    "mla": "MLA",
    "bluebook": "Bluebook",
}
_CSL_FILES = {"chicago": "chicago.csl", "apa": "apa.csl", "mla": "mla.csl"}
_BLUEBOOK_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
                    "Nov.", "Dec.")
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec.")
_PDF = "application/pdf"
# Record type -> (CSL type, genre): the item types Zotero maps (letter, report; a press release is
# Zotero's report with the genre "Press release"); everything else is cited as a web page.
_CSL_TYPES = {"letter": ("letter", None), "report": ("report", None), "press_release": ("report", "Press release")}


class CitationError(ValueError):
    """A citation cannot be made: bad reference, unknown style, or a quote not in the paragraph."""


@dataclass(frozen=True)
class Reference:
    record_id: str
    paragraph: int

    def __str__(self) -> str:
        return f"{self.record_id}#p{self.paragraph}"


@dataclass
class Citation:
    ref: str
    record_id: str
    paragraph: int
    page: int | None
    style: str
    style_label: str
    quote: str | None  # the exact text as it stands in the paragraph
    note: str  # the footnote (Chicago, Bluebook) or the in-text citation (APA, MLA)
    bibliography: str
    text: str  # ready to paste: the quote (or nothing) with its note or in-text citation
    access_date: str
    csl: dict[str, Any]
    # Set when the paragraph's text was read by OCR: check it against the page image before citing.
    caution: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- references and quotes -----------------------------------------------------------------

_REF = re.compile(r"^(?P<id>[^#\s]+)#p(?P<n>[1-9][0-9]{0,6})$")


def parse_ref(ref: str) -> Reference:
    """`RECORD_ID#pN` -> Reference; a CitationError names what is wrong."""
    match = _REF.match((ref or "").strip())
    if not match:
        raise CitationError(f"reference {ref!r}: expected RECORD_ID#pN (for example 2025-02-07-slug-3f9a2c#p3)")
    return Reference(match["id"], int(match["n"]))


_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
                             "‘": "'", "’": "'", "‚": "'", "‛": "'", "\u00a0": " "})


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Text with white space runs collapsed and quote marks folded, and each char's source index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        ch = ch.translate(_QUOTE_FOLD)
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        index.append(i)
    return "".join(out), index


def locate_quote(paragraph_text: str, selection: str) -> str | None:
    """The exact span of `paragraph_text` that the selection quotes, or None if it is not there."""
    wanted = (selection or "").strip()
    if not wanted:
        return None
    if wanted in paragraph_text:
        return wanted
    folded, index = _folded_with_map(paragraph_text)
    needle, _ = _folded_with_map(wanted)
    needle = needle.strip()
    at = folded.find(needle)
    if at < 0 or not needle:
        return None
    start, end = index[at], index[at + len(needle) - 1] + 1
    return paragraph_text[start:end]


# -- CSL-JSON --------------------------------------------------------------------------------

def _date_parts(iso: str | None) -> dict[str, Any] | None:
    if not iso:
        return None
    parts = [int(p) for p in re.findall(r"\d+", iso[:10])[:3]]
    return {"date-parts": [parts]} if parts else None


def _person(name: str) -> dict[str, str]:
    words = name.split()
    if len(words) < 2 or any(w.lower() in ("of", "the", "committee", "caucus", "association") for w in words):
        return {"literal": name}
    suffix = ""
    if words[-1].rstrip(".") in ("Jr", "Sr", "II", "III", "IV"):
        suffix = words.pop().rstrip(",")
        words[-1] = words[-1].rstrip(",")
    person = {"family": words[-1], "given": " ".join(words[:-1])}
    if suffix:
        person["suffix"] = suffix
    return person


def access_date_of(record: Record, today: dt.date | None = None) -> str:
    """The date the archive retrieved the document (ingested_at), else today."""
    if record.ingested_at:
        try:
            return dt.date.fromisoformat(str(record.ingested_at)[:10]).isoformat()
        except ValueError:
            pass
    return (today or dt.date.today()).isoformat()


# The last part of a path that names a site's list of releases rather than one document.
_LISTINGS = frozenset(("press-releases", "press-release", "pressreleases", "news", "newsroom", "media",
                       "media-center", "press", "releases", "statements", "letters", "reports"))


def document_url(url: str | None) -> str | None:
    """The URL if it addresses the document itself; None for a site's home page or list of releases."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    path = parts.path.strip("/")
    if parts.query:
        return url.strip()
    if path in ("", "index.html", "index.htm", "index.php") or path.rsplit("/", 1)[-1].lower() in _LISTINGS:
        return None
    return url.strip()


def csl_item(record: Record, access_date: str | None = None) -> dict[str, Any]:
    """The record as one CSL-JSON item (the shape Zotero imports, with the item types it maps)."""
    csl_type, genre = _CSL_TYPES.get(record.doc_type, ("webpage", None))
    item: dict[str, Any] = {"id": record.id, "type": csl_type, "title": record.title}
    if record.doc_type == "letter" and record.authors:
        item["author"] = [_person(a) for a in record.authors]
    elif record.source.org:
        item["author"] = [{"literal": record.source.org}]
    elif record.authors:
        item["author"] = [_person(a) for a in record.authors]
    if record.doc_type == "letter" and record.recipients:
        item["recipient"] = [_person(r) for r in record.recipients]
    if record.source.org and csl_type == "report":
        item["publisher"] = record.source.org
    elif record.source.org and csl_type == "webpage":
        item["container-title"] = record.source.org
    if genre:
        item["genre"] = genre
    issued = _date_parts(record.date)
    if issued:
        item["issued"] = issued
    url = document_url(record.source.url)
    if url:
        item["URL"] = url
    accessed = _date_parts(access_date or access_date_of(record))
    if accessed:
        item["accessed"] = accessed
    return item


# -- rendering ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _style(name: str):
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(CSL_DIR / _CSL_FILES[name]), validate=False)


def _render_csl(style: str, item: dict[str, Any], locator: tuple[str, str] | None) -> tuple[str, str]:
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([item])
    bib = CitationStylesBibliography(_style(style), source, formatter.plain)
    cite_item = CitationItem(item["id"], locator=Locator(*locator)) if locator else CitationItem(item["id"])
    citation = CslCitation([cite_item])
    bib.register(citation)
    note = str(bib.cite(citation, lambda _item: None))
    entries = [str(entry) for entry in bib.bibliography()]
    return note, (entries[0] if entries else "")


def _literal_names(item: dict[str, Any]) -> dict[str, Any]:
    """Names written out in full: citeproc-py would shorten given names to initials in Chicago and MLA."""
    people = item.get("author")
    if not people:
        return item
    literal = [{"literal": p.get("literal") or " ".join(x for x in (p.get("given"), p.get("family"), p.get("suffix")) if x)}
               for p in people]
    return {**item, "author": literal}


def _american_punctuation(text: str, title: str) -> str:
    """citeproc-py leaves commas and periods outside closing quotes; US styles put them inside."""
    pattern = re.compile("“(" + re.escape(title) + ")”([,.])", re.IGNORECASE)
    return pattern.sub(lambda m: f"“{m.group(1)}{m.group(2)}”", text)


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _long_date(iso: str) -> str:  # "January 2, 2026"
    d = _day(iso)
    return f"{d.strftime('%B')} {d.day}, {d.year}" if d else iso


def _mla_date(iso: str) -> str:
    d = _day(iso)
    return f"{d.day} {_MLA_MONTHS[d.month - 1]} {d.year}" if d else iso


def _bluebook_date(iso: str | None) -> str:
    if not iso:
        return "n.d."
    parts = [int(p) for p in re.findall(r"\d+", iso)[:3]]
    if len(parts) == 3:
        return f"{_BLUEBOOK_MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{_BLUEBOOK_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else "n.d."


def _names(item: dict[str, Any]) -> str:
    people = item.get("author") or []
    names = [p.get("literal") or " ".join(x for x in (p.get("given"), p.get("family"), p.get("suffix")) if x)
             for p in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " & ".join(names)


def bluebook_note(item: dict[str, Any], record_date: str | None, locator: tuple[str, str] | None) -> str:
    """Bluebook R. 18.2 internet source: Author, Title ¶ N (Date), URL (last visited Date)."""
    head = ", ".join(x for x in (_names(item), item["title"]) if x)
    pin = ""
    if locator:
        pin = f" ¶ {locator[1]}" if locator[0] == "paragraph" else f", at {locator[1]}"
    note = f"{head}{pin} ({_bluebook_date(record_date)})"
    if item.get("URL"):
        accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
        visited = _bluebook_date("-".join(str(p) for p in accessed)) if accessed else ""
        note += f", {item['URL']}"
        if visited:
            note += f" (last visited {visited})"
    return note + "."


def bluebook_bibliography(item: dict[str, Any], record_date: str | None) -> str:
    return bluebook_note(item, record_date, None)


def _with_access(style: str, bibliography: str, access_date: str, url: str | None) -> str:
    """MLA prints no access date by default; add it as the manual allows (with a URL). APA gives a
    retrieval date only for pages designed to change (APA 9.16), which archived documents are not."""
    if style == "mla" and url and "Accessed" not in bibliography:
        return f"{bibliography.rstrip()} Accessed {_mla_date(access_date)}."
    return bibliography


def _locator(record: Record, paragraph: Paragraph) -> tuple[str, str]:
    if record.source.media_type == _PDF and paragraph.page:
        return ("page", str(paragraph.page))
    return ("paragraph", str(paragraph.n))


def render(item: dict[str, Any], style: str, record_date: str | None,
           locator: tuple[str, str] | None) -> tuple[str, str]:
    """(note or in-text citation, bibliography entry) for one CSL item.

    The result is a function of the arguments alone, so it is remembered (keyed by all of them):
    citeproc-py takes tens of milliseconds per citation, and a draft shows every item's."""
    if style not in STYLES:
        raise CitationError(f"style {style!r}: choose one of {', '.join(STYLES)}")
    return _render_remembered(style, json.dumps(item, sort_keys=True, ensure_ascii=False), record_date,
                              tuple(locator) if locator else None)


@functools.lru_cache(maxsize=4096)  # a few MB of short strings
def _render_remembered(style: str, item_json: str, record_date: str | None,
                       locator: tuple[str, str] | None) -> tuple[str, str]:
    return _render_uncached(json.loads(item_json), style, record_date, locator)


_OPENS_AFTER = " \t\n([{—–-/"


def nest_quotes(text: str) -> str:
    """Double quotation marks inside a quoted passage made single (“…of ‘hooliganism.’”), as US
    styles alternate them; the archived text is not changed, only this rendering of it."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "“":
            ch = "‘"
        elif ch == "”":
            ch = "’"
        elif ch == '"':
            ch = "‘" if i == 0 or text[i - 1] in _OPENS_AFTER else "’"
        out.append(ch)
    return "".join(out)


def quoted(text: str) -> str:
    """A passage in double quotation marks, with its own quotation marks alternated."""
    return f"“{nest_quotes(text)}”"


def _render_uncached(item: dict[str, Any], style: str, record_date: str | None,
                     locator: tuple[str, str] | None) -> tuple[str, str]:
    item = _cited_as(item)
    if style == "bluebook":
        return bluebook_note(item, record_date, locator), bluebook_bibliography(item, record_date)
    shaped, titles = _for_style(item, style)
    note, bibliography = _render_csl(style, _literal_names(shaped) if style != "apa" else shaped, locator)
    note, bibliography = titles.put_back(note, in_text=style not in NOTE_STYLES), titles.put_back(bibliography)
    if style in ("chicago", "mla") and "title" in shaped:
        note = _american_punctuation(note, shaped["title"])
        bibliography = _american_punctuation(bibliography, shaped["title"])
    if style == "mla" and shaped.get("genre"):  # MLA cites in the text by author or title alone
        note = re.sub("(?<=[,”] )" + re.escape(str(shaped["genre"])) + ", ", "", note, flags=re.IGNORECASE)
    accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
    if len(accessed) == 3:
        bibliography = _with_access(style, bibliography, "-".join(f"{p:02d}" for p in accessed),
                                    item.get("URL"))
    return note, bibliography


# -- each style's rules for authors, publishers and titles ---------------------------------------

_TITLE_TOKEN = "XQTITLEQX"  # stands for a title citeproc-py must not case or quote (put back after)
_AUTHOR_TOKEN = "XQAUTHORQX"  # stands for the title when it takes the author's place
_SHORT_WORKS = ("webpage", "letter", "article", "article-newspaper", "article-magazine", "post-weblog")


def is_description(title: str | None) -> bool:
    """A title supplied by the archive in square brackets (a description, not the document's own title)."""
    t = (title or "").strip()
    return len(t) > 2 and t.startswith("[") and t.endswith("]")


def _cited_as(item: dict[str, Any]) -> dict[str, Any]:
    """The item as citations treat it, whenever it was stored (drafts keep their items): a URL only
    when it addresses the document."""
    if item.get("URL") and not document_url(item["URL"]):
        item = {k: v for k, v in item.items() if k != "URL"}
    return item


def _literal(person: dict[str, Any]) -> str:
    return person.get("literal") or " ".join(x for x in (person.get("given"), person.get("family")) if x)


@dataclass
class _Titles:
    """How to put the real title back where the tokens stand in citeproc-py's output."""

    title: str
    quoted: bool  # Chicago and MLA quote the title of a short work; never a supplied description
    in_text_quoted: bool  # APA's in-text citation quotes the title of a part that stands for its author
    in_text_title: str = ""  # the title as the in-text citation gives it (APA: without the genre)

    def put_back(self, text: str, in_text: bool = False) -> str:
        quoted = self.in_text_quoted if in_text else self.quoted
        title = self.in_text_title if in_text and self.in_text_title else self.title
        for token, quote_it in ((_AUTHOR_TOKEN, quoted), (_TITLE_TOKEN, False)):
            if token not in text:
                continue
            text = re.sub("[“\"]" + token + "[”\"]", token, text)  # citeproc's own quotes, if any
            if quote_it:
                text = re.sub(token + "([,.]?)", lambda m: f"“{title}{m.group(1)}”", text)
            else:
                text = text.replace(token, title)
        return text.replace("].”", "]”").replace("]..", "].")


_MINOR_WORDS = frozenset(["a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of", "on", "onto", "or", "over", "so", "the", "till", "to", "up", "via", "with", "yet"])


def headline_case(title: str) -> str:
    """Title case as the CSL styles apply it (citeproc-py's rule): each lower-case word capitalized
    except minor words, which are capitalized first and after a colon or full stop."""
    out, prev = [], ":"
    for word in title.split(" "):
        if word[:1].islower() and (word not in _MINOR_WORDS or prev in (":", ".")):
            word = word[0].upper() + word[1:]
        out.append(word)
        prev = word[-1:] or prev
    return " ".join(out)


def _for_style(item: dict[str, Any], style: str) -> tuple[dict[str, Any], _Titles]:
    """The item shaped by the style's rules before citeproc-py renders it, and how to put the title back.

    - The publisher (or the site) is omitted where it repeats the author (APA 9.25, Chicago); MLA
      instead begins with the title and keeps the organization as publisher (MLA 9, 5.7).
    - A work without an author begins with its title, once (Chicago 14.75, APA 9.12, MLA 5.8).
    - A supplied description ([Letter to ...]) is neither quoted nor title-cased.
    - Letters and press releases are rendered as short works with their full date.
    """
    shaped = dict(item)
    title = str(shaped.get("title") or "")
    if shaped.get("type") == "letter" or (shaped.get("type") == "report" and shaped.get("genre")):
        shaped["type"] = "webpage"  # a letter, or a press release: a short work with a full date
        if shaped.get("publisher"):
            shaped.setdefault("container-title", shaped.pop("publisher"))
        if shaped.get("genre"):
            shaped["genre"] = str(shaped["genre"]).lower()
    authors = shaped.get("author") or []
    author = _literal(authors[0]).casefold() if len(authors) == 1 else None
    for key in ("publisher", "container-title"):
        if author and str(shaped.get(key) or "").casefold() == author:
            if style == "mla":
                shaped.pop("author", None)
            else:
                shaped.pop(key)
    description = is_description(title)
    short = shaped.get("type") in _SHORT_WORKS
    shown = headline_case(title) if style in ("chicago", "mla") and not description else title
    titles = _Titles(shown, quoted=short and not description and style in ("chicago", "mla"),
                     in_text_quoted=short and not description)
    if not shaped.get("author"):
        shaped["author"] = [{"literal": _AUTHOR_TOKEN}]
        shaped.pop("title", None)
        if style == "apa" and shaped.get("genre"):  # APA: "Title [Press release]. (2025, February 7)."
            titles.in_text_title = title
            titles.title = f"{title} [{str(shaped.pop('genre')).capitalize()}]"
    elif description:
        shaped["title"] = _TITLE_TOKEN
    if style != "apa" and not titles.quoted and _AUTHOR_TOKEN in str(shaped.get("author")):
        titles.in_text_quoted = titles.quoted
    return shaped, titles


def cite(record: Record, paragraph_n: int, style: str = "chicago", quote: str | None = None,
         access_date: str | None = None) -> Citation:
    """The citation of paragraph `paragraph_n` of `record`, or of an exact quote inside it."""
    if style not in STYLES:
        raise CitationError(f"style {style!r}: choose one of {', '.join(STYLES)}")
    paragraph = record.paragraph(paragraph_n)
    if paragraph is None:
        raise CitationError(f"{record.id}: no paragraph {paragraph_n} (it has {len(record.paragraphs)})")
    exact = None
    if quote is not None and quote.strip():
        exact = locate_quote(paragraph.text, quote)
        if exact is None:
            raise CitationError(f"{record.id}#p{paragraph_n}: the quoted text does not occur in that paragraph")
    accessed = access_date or access_date_of(record)
    item = csl_item(record, accessed)
    locator = _locator(record, paragraph)
    note, bibliography = render(item, style, record.date, locator)
    if exact is None:
        text = note
    elif style in NOTE_STYLES:
        text = f"{quoted(exact)}\n\n{note}"
    else:
        text = f"{quoted(exact)} {note}"
    return Citation(
        ref=f"{record.id}#p{paragraph_n}", record_id=record.id, paragraph=paragraph_n,
        page=paragraph.page, style=style, style_label=STYLE_LABELS[style], quote=exact, note=note,
        bibliography=bibliography, text=text, access_date=accessed, csl=item,
        caution=ocr_caution(record, paragraph.page),
    )


def ocr_caution(record: Record, page: int | None) -> str | None:
    """A warning when the text of `page` (or the whole record) came from OCR rather than a text layer."""
    ex = record.extraction or {}
    method = ex.get("method")
    if method not in ("ocr", "mixed") or (method == "mixed" and page not in (ex.get("ocr_pages") or [])):
        return None
    where = f"page {page}" if page else "the page image"
    conf = ex.get("ocr_confidence")
    confidence = f" (mean confidence {conf:.0f}%)" if isinstance(conf, int | float) else ""
    return f"This text was read by OCR{confidence}: check it against {where} of the original before citing it."
