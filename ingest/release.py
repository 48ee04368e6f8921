"""Press-release anatomy: the parts real releases have, read from the top (and the end) of the text.

A scraped release often arrives as one line: a release line ("FOR IMMEDIATE RELEASE April 15,
2008"), a contact block ("Contact: Debra Johnson 202-225-..."), the headline run into the body, a
dateline ("CITY, ST –") and an end mark ("###"). `read_front` peels the release line, date and
contact off the first paragraphs into a paragraph of their own (kind "heading", so they are neither
body text nor events), takes the headline that stands before the dateline (or before a date line,
or before the body's first words after a release line), and leaves the body starting at its
dateline. `split_tail` does the same for a release line or contact block at the very end.

The patterns are data, in ingest/rules/release.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import textdates
from .enrich import ABBREVIATIONS
from .model import Block

RULES_FILE = Path(__file__).resolve().parent / "rules" / "release.yaml"
_HEADLINE_MAX = 250
_HEADLINE_MIN = 12
_XML_JUNK = re.compile(r"<\?xml[^>]{0,200}?/?>|<\?[^>]{0,200}\?>")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DATE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?!\d)")
_DATE_AT = re.compile(rf"^\(?{_WEEKDAY}{_DATE}\)?")
_WEEKDAY_DATE = re.compile(rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?\s+{_DATE}")
# The words a release body typically starts with, after a headline that has no dateline.
_BODY_START = re.compile(
    r"\s(?=(?:Today|Yesterday|Tonight|This (?:week|morning|afternoon)|On (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"In (?:response|a |an |the )|Following|After |As |U\.\s?S\. (?:Rep|Sen|Congress)|Congress(?:man|woman) |"
    r"Rep\. |Sen\. |Senator |Representative |The [A-Z]?[a-z]+ |[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?:\s*[“\"]))"
)
_SMALL = {"a", "an", "and", "or", "of", "the", "in", "on", "to", "for", "with", "by", "at", "from", "as", "vs", "vs.",
          "be", "is", "are", "but", "into", "over", "after", "before", "about", "between", "would", "will", "than"}


@dataclass(frozen=True)
class Rules:
    release_line: re.Pattern[str]
    contact_marker: re.Pattern[str]
    phone: re.Pattern[str]
    email: re.Pattern[str]
    contact_item: re.Pattern[str]
    end_mark: re.Pattern[str]
    dateline: re.Pattern[str]
    city_prefixes: frozenset[str]
    member_titles: str
    statement_intro: re.Pattern[str]
    statement_of: re.Pattern[str]
    statement_attributed: re.Pattern[str]
    headline_author: re.Pattern[str]
    not_headline: re.Pattern[str]
    caption: re.Pattern[str]
    subject_after: re.Pattern[str]
    subject_stopwords: frozenset[str]
    subject_media: frozenset[str]
    place_words: frozenset[str]
    headline_verbs: frozenset[str]
    sentence_openers: frozenset[str]
    state_names: frozenset[str]
    plain_stopwords: frozenset[str]
    kind_names: dict[str, str]


@functools.cache
def rules() -> Rules:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    states = "|".join(re.escape(s) for s in sorted(raw["states"], key=len, reverse=True))
    word = r"[A-Z][A-Za-z'’.]*"
    # "WASHINGTON, D.C. –", "Pittsburgh, PA –", "(WASHINGTON, DC)–", "CHICAGO ––", "Washington, DC – (Thursday, May 23, 2013) –"
    dateline = (
        rf"(?P<place>(?:{word}\s+){{0,3}}?{word},?\s*(?:{states})(?![A-Za-z])\.?|(?:[A-Z][A-Z.'’]+\s+){{0,2}}[A-Z][A-Z.'’]{{2,}}|Washington)"
        r"\)?\s*(?:\([^)]{3,40}\)\s*)?(?P<dash>[-–—]{1,4})\s*(?:\([^)]{3,40}\)\s*[-–—]+\s*)?"
    )
    phone, email = raw["phone"], raw["email"]
    return Rules(
        release_line=re.compile(raw["release_line"], re.IGNORECASE),
        contact_marker=re.compile(raw["contact_marker"], re.IGNORECASE),
        phone=re.compile(phone),
        email=re.compile(email),
        contact_item=re.compile(rf"{email}|{phone}"),
        end_mark=re.compile(raw["end_mark"]),
        # "...Satellites(Washington, DC) –", "...Ph.D.’sWASHINGTON –": a dateline glued to the headline before it
        dateline=re.compile(rf"(?:^|(?<=\s)|(?<=>)|(?<=\*)|(?<=[a-z0-9.!?’'\"”])(?=\((?:[A-Z][a-z]+|[A-Z]{{2,}}))|(?<=[a-z’'])(?=[A-Z]{{4,}}[\s,]))\(?{dateline}"),
        city_prefixes=frozenset(raw["city_prefixes"]),
        member_titles=raw["member_titles"],
        statement_intro=re.compile(raw["statement_intro"], re.IGNORECASE),
        statement_of=re.compile(raw["statement_of"]),
        statement_attributed=re.compile(raw["statement_attributed"], re.IGNORECASE),
        headline_author=re.compile(raw["headline_author"], re.IGNORECASE),
        not_headline=re.compile(raw["not_headline"], re.IGNORECASE),
        caption=re.compile(raw["caption"], re.IGNORECASE),
        subject_after=re.compile(raw["subject_after"], re.IGNORECASE),
        subject_stopwords=frozenset(w.casefold() for w in raw["subject_stopwords"]),
        subject_media=frozenset(w.casefold() for w in raw["subject_media"]),
        place_words=frozenset(w.casefold() for w in raw["place_words"]),
        headline_verbs=frozenset(w.casefold() for w in raw["headline_verbs"]),
        sentence_openers=frozenset(raw["sentence_openers"].split()),
        state_names=frozenset(s.casefold() for s in raw["states"] if not s.isupper() and "." not in s),
        plain_stopwords=frozenset(raw["plain_stopwords"].split()),
        kind_names=dict(raw["kind_names"]),
    )


@dataclass
class Anatomy:
    headline: str | None = None
    release_date: str | None = None  # ISO, from the release line or a date line at the top
    front: list[str] = field(default_factory=list)  # release line, date and contact, as written
    dateline: str | None = None
    byline: str | None = None  # the author an op-ed names after its headline ("by Rep. Jim Cooper")


def _without_junk(text: str) -> str:
    """Word's "<?xml:namespace ... />" tags dropped from the top of a release (they glue words)."""
    return re.sub(r"\s{2,}", " ", _XML_JUNK.sub(" ", text)).strip() if "<?" in text else text.strip()


# -- the top ------------------------------------------------------------------------------------


def _peel_one(text: str, anatomy: Anatomy) -> int:
    """The length of one front part (release line, date, contact block) at the start of `text`, or 0."""
    r = rules()
    m = r.release_line.match(text)
    if m and m.end() > 0:
        return m.end()
    m = _DATE_AT.match(text)
    if m:
        anatomy.release_date = anatomy.release_date or textdates.parse_full_date(m.group(0))
        return m.end()
    m = r.contact_marker.match(text)
    if m:
        return m.end() + _contact_length(text[m.end():])
    return 0


def _contact_length(text: str) -> int:
    """Names, telephone numbers and e-mail addresses after "Contact:"; ends after the last item that
    follows its neighbour closely."""
    end = 0
    for item in rules().contact_item.finditer(text[:300]):
        if item.start() - end > 60:
            break
        end = item.end()
    if end:
        tail = re.match(r"\s*(?:\(?(?:office|ofc\.?|cell|mobile|direct|desk)\)?\.?;?)+", text[end:], re.IGNORECASE)
        return end + (tail.end() if tail else 0)
    name = re.match(r"\s*(?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’-]+", text)
    return name.end() if name else 0


def _peel(text: str, anatomy: Anatomy) -> int:
    pos = 0
    while pos < len(text):
        skip = re.match(r"[\s|*:,;–—-]*", text[pos:]).end()
        n = _peel_one(text[pos + skip:], anatomy)
        if not n:
            break
        pos += skip + n
    return pos if text[:pos].strip() else 0


def find_dateline(text: str, limit: int = _HEADLINE_MAX + 60) -> re.Match[str] | None:
    """The first dateline ("WASHINGTON, D.C. –") in the first `limit` characters."""
    for m in rules().dateline.finditer(text[:limit]):
        if not m.group("dash") or not _plausible_place(m.group("place")[_city_offset(m.group("place")):]):
            continue
        if text[m.start()] == "(" and ")" not in m.group(0):
            continue  # "(DFL-Minn.)": a party and state, not a dateline
        dash = m.group("dash")
        if dash == "-" and not (text[m.start("dash") - 1:m.start("dash")].isspace() or text[m.end("dash"):m.end("dash") + 1].isspace()):
            continue  # a hyphenated word
        return m
    return None


def _plausible_place(place: str) -> bool:
    words = place.replace(",", " ").split()
    return 0 < len(words) <= 6 and not any(w.lower() in _SMALL for w in words)


def _place_start(text: str, m: re.Match[str]) -> int:
    """Where the dateline's place starts: a mixed-case place keeps only its city (and the words
    that begin multi-word cities), so a headline before it keeps its own last words."""
    place = m.group("place")
    start = m.start("place")
    if "," not in place and not (place.isupper() and start > 0 and text[:start].strip()):
        return m.start() if place.isupper() or m.start() != start else start
    offset = _city_offset(place)  # "... STATEMENT ON MARINE ONE DECISION HARTFORD-": the city alone
    return start + offset if offset else m.start()


def _city_offset(place: str) -> int:
    """Where the city starts in a matched place: its last word and the words that begin multi-word
    cities ("Salt Lake City, UT"; "... IN DISTRICT COURTS WASHINGTON, D.C.": a capitals headline
    before a capitals dateline)."""
    city = place.split(",")[0].split()
    prefixes = {p.casefold() for p in rules().city_prefixes}
    keep = 1
    while keep < len(city) and city[-keep - 1].casefold() in prefixes:
        keep += 1
    return place.index(" ".join(city[-keep:])) if keep < len(city) else 0


def _is_contact(text: str) -> bool:
    """Names with telephone numbers or e-mail addresses and little else."""
    items = list(rules().contact_item.finditer(text))
    rest = rules().contact_item.sub(" ", text)
    return bool(items) and len(re.findall(r"[a-z]{4,}", rest)) <= 2 * len(items)


def _headline_ok(text: str) -> bool:
    text = text.strip()
    if not _HEADLINE_MIN <= len(text) <= _HEADLINE_MAX or text[:1] in "“\"‘'(":
        return False
    for end in re.finditer(r"(\w+)[.!?][”\"]?\s+[A-Z]", text):  # a sentence end: body text, not a headline
        if end.group(1).lower() not in ABBREVIATIONS and len(end.group(1)) > 1:
            return False
    if text.endswith((",", ";", ":")) or rules().statement_intro.search(text):
        return False  # a lead sentence that introduces a statement ("... released the following statement:")
    last = re.search(r"(\w+)\.$", text)  # a headline ends without a full stop (an abbreviation aside)
    return not last or last.group(1).lower() in ABBREVIATIONS or len(last.group(1)) == 1


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _SMALL]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _split_headline(text: str, after_front: bool) -> tuple[str | None, str]:
    """(headline, body) of a first paragraph whose headline runs into the body."""
    m = find_dateline(text)
    if m:
        start = _place_start(text, m)
        head, extras = head_parts(text[:start].strip(" |-–—"))
        if not head:
            return None, text, []
        return (head, text[start:], extras) if _headline_ok(head) else (None, text, [])
    m = _caps_headline_with_author(text) or _CAPS_HEADLINE.match(text)
    if m and _headline_ok(m.group(1)):
        head, extras = head_parts(m.group(1).strip())
        return head, text[m.end(1):].strip(), extras
    m = _WEEKDAY_DATE.search(text[: _HEADLINE_MAX + 40])
    if m and _headline_ok(text[: m.start()]) and _title_case(text[: m.start()]):
        head, extras = head_parts(text[: m.start()].strip())
        return head, text[m.start():], extras
    m = _byline(text)
    if m and _headline_ok(text[: m.start()]) and _title_case(text[: m.start()]):
        head, extras = head_parts(text[: m.start()].strip(" |-–—"))
        return head, text[m.end():].strip(), [*extras, m.group(0).strip()]
    cut = _release_line_after_headline(text)
    if cut:
        head, front = _without_date_and_contact(text[:cut])
        if _headline_ok(head) and _title_case(head):
            head, extras = head_parts(head.strip(" |-–—"))
            return head, text[cut:], [*extras, *front]
    for b in _BODY_START.finditer(text[: _HEADLINE_MAX + 1]):
        head = text[: b.start()].strip()
        if not after_front and not _TIME_OPENING.match(text[b.start():].lstrip()):
            continue  # without a release line, only "Today, ..." and the like open a body after a headline
        last = head.rsplit(" ", 1)[-1].lower() if head else ""
        if last in ("statement", "remarks", "testimony"):
            continue  # "... Statement Following the President's Address": the headline goes on
        if len(head.split()) >= 4 and _headline_ok(head) and _title_case(head) and last not in _SMALL:
            head, extras = head_parts(head)
            return head, text[b.start():].strip(), extras
    return None, text, []


@functools.cache
def _byline_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"\s[Bb]y\s+(?:{rules().member_titles})\s+(?P<name>(?:[A-Z][\w’'-]*\.?\s+){{0,2}}[A-Z][\w’'-]+)"
        rf"(?:\s*\([^)]{{1,20}}\))?(?P<date>,?\s+{_DATE})?(?=\s+[A-Z“\"])"
    )


def _byline(text: str) -> re.Match[str] | None:
    """An op-ed's byline after its headline, with the date that may follow: "Cap and Trade is Good, But is it
    Enough? by Rep. Jim Cooper April 20, 2008 The old way ..." (a member's title is required; after a mark or
    a capitalised word with a date, not a sentence's verb: "... introduced by Rep. X")."""
    for m in _byline_pattern().finditer(text[: _HEADLINE_MAX + 80]):
        before = text[: m.start()].rstrip()
        if before.endswith(("?", "!", ":", "”", '"')) or (m.group("date") and re.search(r"\b[A-Z][\w’'-]*$", before)):
            return m
    return None


def byline_author(texts: list[str]) -> str | None:
    """The name in a byline kept with the release parts ("by Rep. Jim Cooper April 20, 2008" -> "Jim Cooper")."""
    for text in texts:
        m = _byline_pattern().match(" " + text + " X")
        if m:
            return m.group("name")
    return None


def _release_line_after_headline(text: str) -> int | None:
    """Where a release line that follows the headline starts: "... Taxpayer Dollars FOR IMMEDIATE RELEASE March 19,
    2009 Congressman ...". It is one when written in capitals or followed by a date (not "... Press Release on ...")."""
    for m in rules().release_line.finditer(text[: _HEADLINE_MAX + 40]):
        words = m.group(0).strip(" *:|–—-")
        if m.start() > 0 and (words.isupper() or _DATE_AT.match(text[m.end():].lstrip())):
            return m.start()
    return None


def _without_date_and_contact(head: str) -> tuple[str, list[str]]:
    """A headline without the date and contact that follow it ("... Workers First December 10, 2008 Rebecca
    Dreilinger (202) 225-8203"), and those parts."""
    cuts = [m.start() for m in (re.search(_DATE, head),) if m]
    item = rules().contact_item.search(head)
    if item:  # a contact's name before the number
        name = re.search(r"(?:[A-Z][\w'’.-]+\s+){1,3}$", head[: item.start()])
        cuts.append(name.start() if name else item.start())
    cut = min((c for c in cuts if c > 0), default=None)
    return (head[:cut].strip(), [head[cut:].strip()]) if cut else (head, [])


_MONTHS_DAYS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def head_parts(head: str) -> tuple[str, list[str]]:
    """A headline and what stands between it and the dateline: a video or photo caption ("Click here
    or on the image above to view ..."), a subheadline run into it ("... prevention legislation Votes
    to send ...", "... LegislationSTAPLE Act would ..."). Returns (headline, [subheadline, caption])."""
    extras: list[str] = []
    m = rules().caption.search(head)
    if m and m.start() > 0:
        head, extras = head[: m.start()].rstrip(" |-–—"), [head[m.start():].strip()]
    cut = _subhead_start(head) or _deck_start(head)
    if cut:
        head, extras = head[:cut].rstrip(" |-–—:"), [head[cut:].strip(), *extras]
    return head, extras


def _quote_runs_to_end(text: str) -> bool:
    """A quotation that closes only at the end of `text` (or not at all): "“I wanted to send a message ...”",
    not a quoted name inside a headline ("... to Award “Go for Broke” Regiments ...")."""
    inner = text[1:]
    close = re.search(r"[”\"]", inner)
    return close is None or not inner[close.end():].strip(" .!?")


def _deck_start(head: str) -> int | None:
    """Where a subheadline in title case starts after a headline: a quotation of six words or more that
    closes at the end ("... Support For Israel “I wanted to send ...”"), a second headline verb ("... Forests Act Helps advance ..."), or the
    words after a bill's year ("... Act of 2016 Most Comprehensive ... Will Create ...")."""
    words = list(re.finditer(r"\S+", head))
    if len(words) < 9:
        return None
    verbs = rules().headline_verbs

    def complete(end: int) -> bool:  # four or more words before, one of them a headline verb
        before = [w.group(0).strip(",:;").casefold() for w in words[:end]]
        return len(before) >= 4 and any(w in verbs for w in before)

    for i in range(4, len(words) - 3):
        word, prev = words[i].group(0), words[i - 1].group(0)
        if prev.endswith((",", ":", ";")) or prev.casefold() in _SMALL:
            continue
        if (word[:1] in "“\"" and word[1:2].isupper() and len(words) - i >= 6 and i >= 4
                and _quote_runs_to_end(head[words[i].start():])
                and prev.casefold() not in verbs):  # a quoted name a headline verb takes ("Coauthors “... Resolution”")
            return words[i].start()
        if word[:1].isupper() and word.casefold() in verbs and complete(i) and prev[:1].isupper():
            return words[i].start()
        if (word[:1].isupper() and re.fullmatch(r"(?:19|20)\d\d", prev) and i >= 3
                and words[i - 2].group(0) == "of" and words[i - 3].group(0) == "Act" and len(words) - i >= 5
                and complete(i)):
            return words[i].start()
    return None


def _sentence_case_tail(words: list[re.Match[str]]) -> int | None:
    """In a headline in title case, a subheadline in sentence case: "... Farmers Market Pavilion New grant
    made possible by rural development funding ...", "... Airport Authority Funds to assist with runway
    construction ...": it starts at the capitalised word before the first run of small-letter words."""
    def content(w: str) -> bool:
        return w.isalpha() and w.lower() not in _SMALL

    texts = [w.group(0) for w in words]
    first_lower = next((j for j, w in enumerate(texts) if content(w) and w.islower()), None)
    if first_lower is None:
        return None
    opening = [w for w in texts[:first_lower] if content(w)]
    following = [w for w in texts[first_lower:first_lower + 6] if content(w)]
    if len(opening) < 5 or sum(w.islower() for w in following) < 3:
        return None
    start = first_lower - 1
    while start > 0 and texts[start].lower() in _SMALL:
        start -= 1
    if start < 4 or not texts[start][:1].isupper():
        return None
    return words[start].start()


def _subhead_start(head: str) -> int | None:
    """Where a subheadline run into the headline starts: at a word glued to the one before
    ("LegislationSTAPLE"), or, in a headline in sentence case, at a capitalised word after a small-letter
    word that opens a clause ("legislation Votes to send")."""
    glue = re.search(r"(?<=[a-z]{3})(?=[A-Z][A-Za-z])", head)
    if glue and len(head[: glue.start()].split()) >= 4 and len(head) - glue.start() >= 12:
        return glue.start()
    words = list(re.finditer(r"\S+", head))
    cut = _sentence_case_tail(words)
    if cut is not None:
        return cut
    for i in range(4, len(words) - 3):
        prev, word, after = words[i - 1].group(0), words[i].group(0), words[i + 1].group(0)
        if not (re.fullmatch(r"[a-z][a-z-]+", prev) and prev not in _SMALL and re.fullmatch(r"[A-Z][a-z]+", word)
                and word not in _MONTHS_DAYS and re.fullmatch(r"[a-z][a-z-]*", after)):
            continue
        lead = [w.group(0) for w in words[1:i] if w.group(0).isalpha() and w.group(0) not in _SMALL]
        if lead and sum(w.islower() for w in lead) >= 0.6 * len(lead):  # sentence case before the cut
            return words[i].start()
        return None
    return None


# A headline in capitals before a quotation or the body's first mixed-case words ("POE STATEMENT ON
# TODAY'S ANNOUNCEMENT ON U.S.-CUBA POLICY “Today’s ...").
_CAPS_HEADLINE = re.compile(r"((?:[A-Z0-9][A-Z0-9’'.,:;&/%$-]*\s+){3,}[A-Z0-9][A-Z0-9’'.,:;&/%$-]*[A-Z0-9])\s+(?=[“\"]|[A-Z][a-z])")


def _caps_headline_with_author(text: str) -> re.Match[str] | None:
    """A headline in capitals that names its author ends with the name: "A WEEKLY ECONOMIC UPDATE FROM
    CONGRESSMAN GREGORY W. MEEKS ECONOMIC ACTIVITY ..." (a given name, an initial, a surname)."""
    r = rules()
    m = re.match(
        rf"((?:[A-Z0-9’'&,:-]+\s+){{1,12}}?(?i:{r.headline_author.pattern})(?i:{r.member_titles})\s+"
        r"[A-Z][A-Z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Z’'-]+(?:\s+(?:JR|SR)\.?)?)(?=\s|$)",
        text,
    )
    return m if m and m.group(0).isupper() and _HEADLINE_MIN <= len(m.group(0)) <= _HEADLINE_MAX else None


_TIME_OPENING = re.compile(r"(?:Today|Yesterday|Tonight|This (?:week|morning|afternoon)|On (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")


def clean_title(title: str) -> str:
    """A title that carries release parts ("... Thursday, January 31, 2008 Contact: ... (202) 225-4176 ...",
    "+ SHARE ... September 13, 2006") keeps only its headline."""
    r = rules()
    text = re.sub(r"^[+|*\s]*(?:share|tweet|print|email)\b[\s:|]*", "", title, flags=re.IGNORECASE).strip()
    text = re.sub(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\s+(?=[A-Z])", "", text)  # "04.08.19 Senator ...": a release date
    cuts = [m.start() for m in (_WEEKDAY_DATE.search(text), r.release_line.search(text), r.contact_marker.search(text)) if m]
    cuts = [c for c in cuts if c > 0]
    if cuts and _headline_ok(text[: min(cuts)]):
        text = text[: min(cuts)].strip(" |–—-")
    elif _peel(text, Anatomy()):
        rest = text[_peel(text, Anatomy()):].strip(" |:–—-")
        text = rest or text
    text = re.sub(rf"(?:\s+{_DATE_LOOSE})+$", "", text).strip()
    text = re.sub(r"(?<=[a-z][’']s)(?=[A-Z][a-z])", " ", text)  # "Administration’sGulf": a space lost with markup
    return text or title


_DATE_LOOSE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"


def read_front(blocks: list[Block]) -> tuple[list[Block], Anatomy]:
    """Split the release line, date, contact block and headline off the first paragraphs."""
    anatomy = Anatomy()
    if not blocks:
        return blocks, anatomy
    original = blocks
    out: list[Block] = []
    i = 0
    while i < min(len(blocks), 4):
        text = _without_junk(blocks[i].text)
        n = _peel(text, anatomy)
        if not n:
            break
        anatomy.front.append(text[:n].strip(" |"))
        rest = text[n:].strip(" |:;,–—-")
        if rest:
            blocks = [*blocks[:i], Block(rest, blocks[i].kind, blocks[i].page), *blocks[i + 1:]]
            break
        i += 1
    front_text = " ".join(anatomy.front)
    r = rules()
    if anatomy.front and not (r.release_line.search(front_text) or r.contact_marker.search(front_text)
                              or r.contact_item.search(front_text)):
        return original, Anatomy()  # a date alone at the top is a letter's date line, not a release line
    if i >= len(blocks):
        return [Block(" ".join(anatomy.front), "heading", blocks[0].page)] if anatomy.front else blocks, anatomy
    first = blocks[i]
    text = _without_junk(first.text) if anatomy.front or "<?" in first.text else first.text
    headline, body, extras = (None, text, []) if first.kind == "heading" else _split_headline(text, bool(anatomy.front))
    if headline and (_peel(headline, anatomy) >= len(headline) - 2 or _is_contact(headline)
                     or r.not_headline.search(headline)):
        # "Kevin Bishop (864) 250-1417 WASHINGTON - ...": a contact, not a headline; likewise a
        # letterhead ("Representative Steve King 5th Congressional District of Iowa") or a provenance note
        anatomy.front.extend([headline, *extras])
        headline = None
    if headline:
        anatomy.headline = clean_title(headline)
        anatomy.front.extend(extras)  # a subheadline or caption: kept, beside the release parts
        anatomy.byline = byline_author(extras)
        n = _peel(body, anatomy)  # a release line, date or contact between the headline and the body
        if n and body[n:].strip():
            anatomy.front.append(body[:n].strip(" |"))
            body = body[n:].strip(" |:;,–—-")
        dl = find_dateline(body, 80)
        anatomy.dateline = dl.group(0).strip() if dl and dl.start() == 0 else None
    if anatomy.front:
        out.append(Block(" ".join(anatomy.front), "heading", first.page))
    if body.strip():
        out.append(Block(body.strip(), first.kind, first.page))
    return [*out, *blocks[i + 1:]], anatomy


# -- the end ------------------------------------------------------------------------------------


def split_tail(blocks: list[Block]) -> list[Block]:
    """A release line or contact block that closes the last paragraph becomes a paragraph of its own."""
    if not blocks:
        return blocks
    last = blocks[-1]
    r = rules()
    hits = [m for m in r.release_line.finditer(last.text) if m.start() > 0]
    hits += [m for m in r.contact_marker.finditer(last.text) if m.start() > 0]
    if not hits:
        return blocks
    start = min(m.start() for m in hits)
    head, tail = last.text[:start].rstrip(), last.text[start:].strip()
    tail_anatomy = Anatomy()
    if not head or _peel(tail, tail_anatomy) < len(tail) - 2:
        return blocks  # the words are part of a sentence, not a release line
    return [*blocks[:-1], Block(head, last.kind, last.page), Block(tail, "signature", last.page)]
