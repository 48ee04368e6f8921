"""Metadata a document states without labels: who issued a statement in their own name, names in
their proper case, and a short bracketed title for a document that prints no headline.

- `statement_authors`: the people whose statement a release is ("Congresswoman Kay Granger released
  the following statement", "Congressman Lamar Smith: “...", "Rep. Blumenauer's statement ... is
  below", "The following statement may be attributed to Congressman ..."), each by the fullest form of the name the text (or the issuing office) gives.
- `proper_case`: "ADAM B. SCHIFF" -> "Adam B. Schiff".
- `describe`: "[Press release by Rep. Brad Sherman on Council of Europe, January 26, 2016]": what it
  is, by whom, on what, when; never a cut-off sentence.

The phrases these rely on are data in ingest/rules/release.yaml.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from archive import human_date

from . import lead_clause
from .enrich import ABBREVIATIONS, sentence_spans
from .release import find_dateline, rules

_NAME = r"(?:[A-Z][\w’'-]*\.?(?:[A-Z]\.)*\s+){0,3}[A-Z][\w’'-]+"  # "G.K. Butterfield" too
_LEAD_CHARS = 900
_LEAD_MAX = 2000  # a first paragraph longer than this is text not split into paragraphs
_SUBJECT_MAX = 110
_PHRASE = re.compile(
    r"(?:[A-Z0-9][\w’'.&-]*(?:’s|'s)?)(?:\s+(?:(?:of|for|on|the|and|to|de|&)\s+)*[A-Z0-9][\w’'.&-]*)*"
)
_MONTH_WORD = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_OFFICE = re.compile(r"^(?:the\s+)?office\s+of\s+", re.IGNORECASE)


def proper_case(name: str) -> str:
    """A name printed in capitals in its proper case; other names as written."""
    if not any(c.isalpha() for c in name) or name != name.upper():
        return name

    def word(w: str) -> str:
        if re.fullmatch(r"[A-Z]\.?|[IVX]+", w):  # an initial or a numeral
            return w
        out = "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
        out = re.sub(r"^(Mc|O['’]|D['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
        return out

    return " ".join(word(w) for w in name.split())


def _member_names(text: str) -> list[str]:
    """Names after a member's title ("Senator Cory Gardner (R-CO) and Congressman Scott Tipton")."""
    pattern = re.compile(rf"\b(?P<title>{rules().member_titles})\s+(?P<name>{_NAME})(?=[\s,(:’']|$)")
    # after a plural title, a list: "Congressmen Kevin McCarthy, Devin Nunes, and Jim Costa",
    # "Representatives Bobby Scott (VA-03), Randy Forbes (VA-04) and Scott Rigell (VA-02)"
    more = re.compile(rf"(?:\s*\([^)]{{0,30}}\))?(?:,\s*(?:and\s+)?|\s+and\s+)(?P<name>{_NAME})(?=[\s,(:’']|$)")
    names = []
    for m in pattern.finditer(text):
        found = [m.group("name")]
        if re.search(r"(?:men|women|members|s|Reps\.|Sens\.)$", m.group("title")):
            end = m.end()
            while (n := more.match(text, end)) and len(n.group("name").split()) >= 2:
                found.append(n.group("name"))
                end = n.end()
        for name in found:
            name = re.sub(r"\s+(?:Jr|Sr)$", "", name.strip())
            if len(name.split()) >= 2:
                names.append(proper_case(name))
    return list(dict.fromkeys(names))


def _since_sentence_end(text: str) -> str:
    """The end of `text` after its last sentence end (a word of three or more small letters, or a
    figure, before the full stop; or a party in parentheses ending in a full stop, before a capital), at most
    300 characters."""
    text = text[-300:]
    # also a party and state in parentheses before a capitalised word: "... Ted Deutch (D-Fla.) Chairman X releases"
    # (not "(D-N.C.) and Congressman ...")
    ends = list(re.finditer(r"(?:(?:[a-z]{3,}|\d)[.!?][”\"]?|\([DRI]-[^()]{2,12}\.\))\s+(?=[A-Z“\"(])", text))
    return text[ends[-1].end():] if ends else text


def _grammatical_subject(text: str) -> str:
    """The words up to the verb after the first member named: "Rep. Bobby L. Rush (D-IL) reacted today to
    the death of Massachusetts Senator Ted Kennedy" -> "Rep. Bobby L. Rush (D-IL)"; names joined by
    "and" or commas stay ("Senators Lindsey Graham and John McCain")."""
    first = re.search(rf"\b{rules().member_titles}\s+{_NAME}", text)
    if not first:
        return text
    verb = re.compile(r"\s(?!(?:and|of)\b)[a-z]{3,}\b")
    # what describes a member is skipped: "(D-CA)", ", a senior member of the ... Committee,"
    aside = re.compile(r"\s*\([^)]{0,80}\)|,\s+(?:(?:a|an|the|who|whose|which)\s|[A-Z][\w.-]*\s+(?:[A-Z][\w.-]*\s+)*"
                       r"(?:Member|Chair|Chairman|Chairwoman|Leader|Whip|Dean|Co-Chair)\b)[^,]{0,200},")
    pos = first.end()
    while True:
        skip = aside.match(text, pos)
        if skip:
            pos = skip.end()
            continue
        m = verb.search(text, pos)
        if not m:
            return text
        nearer = aside.search(text, pos)
        if nearer and nearer.start() < m.start():  # an aside before the verb: skip it and look again
            pos = nearer.end()
            continue
        return text[: m.start()]


def _speakers_named(text: str, whole: str, org: str | None) -> list[str]:
    """Members named with their title in `text`: by full name, or by a title and surname alone
    ("Congressman Wilson made the following statement") in the fullest form `whole` gives."""
    text = _grammatical_subject(text)
    names = _member_names(text)
    if names:
        return names
    if _BARE_TITLE.search(text):  # "The Congresswoman made the following statement": the office's member
        office = re.sub(rf"^{rules().member_titles}\s+", "", _OFFICE.sub("", org or "").strip())
        return [office] if len(office.split()) >= 2 else []
    m = re.search(rf"\b{rules().member_titles}\s+(?P<surname>[A-Z][\w’'-]+)(?=[\s,(:’']|$)", text)
    if not m:
        return []
    full = _full_name(m.group("surname"), whole, org)
    return [full] if len(full.split()) >= 2 else []


# a member's title with no name after it, standing for the member whose office issues the release
_BARE_TITLE = re.compile(r"(?:^|[.;:]\s+|\b[Tt]he\s+)(?:Congress(?:wo)?man|Representative|Senator|Delegate)\s*$")


def _full_name(surname: str, text: str, org: str | None) -> str:
    """The fullest form of a member's name the text gives ("Rush" -> "Bobby L. Rush"), else the
    issuing office's ("Office of Earl Blumenauer"), else the surname as written."""
    for name in _member_names(text):
        if name.split()[-1] == surname:
            return name
    office = _OFFICE.sub("", org or "").strip()
    office = re.sub(rf"^{rules().member_titles}\s+", "", office)
    if office and office.split()[-1].casefold() == surname.casefold():
        return office
    return surname


def statement_authors(texts: Sequence[str], title: str | None, org: str | None) -> list[str]:
    """The people in whose own name the document speaks, or [] when it only quotes them."""
    r = rules()
    whole = " ".join(texts[:40])
    # the lead: the first paragraph, however long ("Chairman X releases the following statement ...:" may end a
    # paragraph of sponsors' names), or the first 900 characters of a text not split into paragraphs
    lead = whole[:max(_LEAD_CHARS, min(len(texts[0]) if texts else 0, _LEAD_MAX))]
    for start, end in sentence_spans(lead):
        sentence = lead[start:end]
        intro = r.statement_intro.search(sentence)
        colon = re.search(r":\s*[“\"]", lead[start:min(len(lead), end + 3)])
        attributed = r.statement_attributed.search(sentence)
        if attributed:  # "The following statement may be attributed to Congressman ...": the speaker follows
            said_by = lead[start + attributed.end():start + attributed.end() + 200]
        elif intro:
            # who issued it: named since the last full stop that ends a sentence (the splitter also
            # stops at "M.D.", "(D-N.C.)" and "G.K.", which do not end one)
            said_by = _since_sentence_end(lead[: start + intro.start()])
        elif colon and start < 400:
            said_by = lead[start:start + colon.start()][:200]
        else:
            continue
        names = _speakers_named(said_by, whole, org)
        if names:
            return names
    m = r.statement_of.search(whole[: _LEAD_CHARS * 2])
    if m:
        who = (m.group("a") or m.group("b")).split()
        return [_full_name(who[-1], whole, org)]
    if title:
        title = proper_case(title)  # "... UPDATE FROM CONGRESSMAN GREGORY W. MEEKS"
        m = r.headline_author.search(title)
        if m:
            names = _member_names(title[m.end():])
            if names:
                return names
    return []


def _clip(phrase: str) -> str:
    """A subject phrase, ended where its clause ends; shortened only at a clause boundary."""
    spans = sentence_spans(phrase)
    phrase = phrase[: spans[0][1]] if spans else phrase
    phrase = re.split(r"(?<=[a-z]{3})\.\s", phrase, maxsplit=1)[0]  # "... Pride Month. share: f t": chrome after it
    phrase = re.split(r":\s|[:;]$|\s[–—]\s|[“\"]\s*$", phrase, maxsplit=1)[0].strip(" ,:;")
    phrase = phrase if re.search(r"\b(?:[A-Z]\.){1,3}$|\b(?:Jr|Sr|Inc|Co)\.$", phrase) else phrase.rstrip(".")
    phrase = re.sub(r"(?:\s+(?:the|a|an|of|to|for|on|in|and|or|with|by|at))+$", "", phrase)  # "... the passage of the"
    if len(phrase) <= _SUBJECT_MAX:
        return phrase
    for cut in (r",\s+(?:which|who|that|a |an |the )", r"\s+(?:which|that|who|que|and potentially|and(?!\s+[A-Z]))\s", r",\s"):
        pieces = re.split(cut, phrase)
        if 12 <= len(pieces[0]) <= _SUBJECT_MAX and not re.search(r"\bbetween\s+[^,]*$", pieces[0]):
            return pieces[0].strip(" ,")  # not "the agreement between Alcoa": its "and" is no clause boundary
    return ""


_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


_RELATIVE_DAY = re.compile(r"^(?:today|tomorrow|yesterday|tonight|this\s+(?:morning|afternoon|evening|week)|"
                           r"(?:last|next)\s+(?:night|week|month))[’']s\s+", re.IGNORECASE)


def _stated_subject(lead: str) -> str:
    """ "released the following statement in support of X:" -> "in support of X"."""
    m = rules().subject_after.search(lead)
    if not m:
        return ""
    # a quotation mark glued to a word ends the phrase: "Remarks on YouTube"Mr. Speaker, ..." (lost markup)
    phrase = _clip(re.split(r"(?<=\w)[“”\"]", lead[m.end():m.end() + 400])[0])
    for mark, closing in (('"', '"'), ("“", "”")):  # a quotation cut off in the middle: end before it
        if phrase.count(mark) > (phrase.count(closing) if mark != closing else 0) and (
                mark != closing or phrase.count(mark) % 2):
            phrase = phrase[: phrase.rfind(mark)].rstrip(" ,")
    # "ahead of tomorrow's House ... vote": a day told relative to the release means nothing in a title
    phrase = _RELATIVE_DAY.sub("the ", phrase)
    if phrase.casefold() in rules().subject_media:
        return ""  # "remarks on YouTube": where, not what about
    if _MONTH_WORD.match(phrase) or re.match(rf"\d|(?:{_WEEKDAYS}|today|tonight|this)\b", phrase):
        return ""  # "comments on Tuesday to ...": when, not what about
    if (not re.search(r"\b[A-Z]", phrase) and len(phrase.split()) < 4) or re.search(r"\b(?:is|are|was|were|can be|will be)\s+(?:below|above|attached|as follows|here)", phrase):
        return ""
    return f"{m.group('prep')} {phrase}" if phrase else ""


# A member's appositive ("Rep. X, a senior member of the House Foreign Affairs Committee, said"),
# a party and district in parentheses ("(D-Ill.)"): they say who, not what about.
_APPOSITIVE = re.compile(
    r",\s+(?:a\s+|an\s+|the\s+)?(?:senior\s+|Senior\s+|longtime\s+)?(?:member|Member|Chairman|Chairwoman|Chair|Co-Chair|"
    r"co-chair|Vice Chair|Ranking Member|Ranking Democrat|Ranking Republican|Dean|dean|Leader|Whip)\b[^,]{0,160},"
)
_PARENS = re.compile(r"\([^)]{0,40}\)")
_DISTRICT = re.compile(r"\b[A-Z]{2}-\d{1,2}\b|\b[RDI]-[A-Z][\w.]*")


def _clean_lead(lead: str) -> str:
    dl = find_dateline(lead, 80)
    if dl is not None and dl.start() == 0:
        lead = lead[dl.end():]
    else:  # a dateline in capitals with a separator lost in scraping ("WEST HILLS, Calif. “ Congressman")
        lead = re.sub(r"^[A-Z][A-Z.'’ ]{2,30},\s*[A-Z][A-Za-z.]{1,12}\s*[^\w\s]+\s+", "", lead)
    lead = _APPOSITIVE.sub(",", lead)
    return _DISTRICT.sub(" ", _PARENS.sub(" ; ", lead))  # a phrase does not run across a parenthesis


def _key_phrase(body: str, lead: str, exclude: set[str]) -> str:
    """The phrase the document is about: from its lead sentence when it has one, chosen by how often
    it recurs (an acronym the text defines for it counts as the phrase; longer phrases weigh more).
    Capitalised phrases that name a person by title ("U.S. Senators Susan Collins") are who, not what;
    a lower-case phrase of the lead ("public financing", "gang violence") counts when it recurs."""
    stop = rules().subject_stopwords
    # a person by title, or a role without the name ("Senate Minority Leader", "Vice Chair of the ... Committee")
    person = re.compile(rf"^(?:Vice\s+|Co-)?(?:{rules().member_titles}|{_ROLE})(?![a-z])|\b(?:Leader|Whip|Chairman|Chairwoman)$")

    def candidates(text: str) -> list[str]:
        found = []
        titled = [m.group(1) for m in re.finditer(rf"(?:{rules().member_titles}|{_ROLE})\s+(?=(\S.{{0,80}}))", text)]
        for m in _PHRASE.finditer(text):
            phrase = _FISCAL_LEAD.sub("", m.group(0))  # "Fiscal Year 2006 Energy and Water ...": the year is when
            phrase += _common_head(text, m, body)  # "the Burbank airport": the name says which airport
            parts = re.split(r"’s\b|'s\b|\s+and\s+|\s+&\s+", phrase)
            whole = phrase.strip(" .,")
            if len(parts) > 1 and not re.search(r"’s\b|'s\b|\.\s", whole) and len(whole.split()) <= 6:
                parts.append(whole)  # "Centers for Medicare and Medicaid Services" whole, as well as its parts
            office = re.match(rf"(?:{_ROLE}|Executive Director|Director)\s+of\s+(?:the\s+)?(?=[A-Z])", phrase)
            rest = phrase[office.end():] if office else ""
            if rest and not re.search(rf"\s(?:and|&)\s|\b(?:{_ROLE}|Gen|Adm|Col)\b", rest):
                parts.append(rest)  # "President of the Pittsburgh Parks Conservancy": a person, and an organisation
            for part in parts:
                part = _before_sentence_end(part)  # "... Access Act. The": a sentence ends there
                part = re.sub(r"^(?:the|of|for|on|to|and)\s+|\s+(?:the|of|for|on|to|and)$", "", part.strip(" .,"))
                part = re.sub(r"^(?:The|A|An)\s+", "", part)
                part = _without_openers(part)  # "Although Utah", "As the 9/11 ...": a sentence's first word
                part = re.sub(r"^[\d.,$%–-]+\s+(?:the|of|for|on)\s+(?=[A-Z])", "", part)  # "(a vote of) 415-0 the ... Act"
                if (not _content(part, stop) or any(x in _folded(part) for x in exclude) or len(part) < 3
                        or re.fullmatch(r"[A-Z](?:\.[A-Z])*\.?", part)):  # initials ("T.J."): part of a name
                    continue
                if (re.fullmatch(r"[\d.,$%]+(?:[\s:/-]+[\d.,$%]+)*\w{0,2}", part) or _MONTH_WORD.search(part.title()) or _DISTRICT.search(part)
                        or _TIME.search(part)
                        or re.search(rf"\b{_WEEKDAYS}\b", part) or _FISCAL_YEAR.fullmatch(part) or _CODE.search(part) or _COUNT.fullmatch(part)
                        or _ADDRESS.search(part) or rules().caption.search(f" {part}")
                        or part.casefold() in rules().subject_media):
                    continue  # a figure, a count ("100 Armenians"), a date or fiscal year (when), a link's code
                if (person.search(part) or _ROLE_AND_NAME.search(part)
                        or any(name.startswith(part) for name in titled)):
                    people.append(part)  # a person named by title: the subject only when nothing else is
                    continue
                if _is_place(part, place_names):
                    places.append(part)  # where, not what: the subject only when nothing else is
                    continue
                found.append(part)
        return found

    def proper(phrase: str) -> bool:
        """Not a common word that only opens a sentence or a quotation ("Students", "That", "“Among")."""
        if " " in phrase:
            return True
        common = re.search(rf"(?<![\w.]){re.escape(phrase.lower())}(?!\w)", body)
        inside = re.search(rf"[a-z,;]\s+{re.escape(phrase)}\b", body)  # used inside a sentence, as a name is
        return not common and (phrase.isupper() or (body.count(phrase) >= 2 and bool(inside)))

    folded = body.casefold()
    people: list[str] = []
    places: list[str] = []
    place_names = _place_names(body)
    # what the lead sentence names; else what the next sentences of the lede name ("... voted for a bipartisan
    # spending bill. The FY2016 Omnibus Appropriations Act provides ..."); else what the body names
    pool = ([p for p in candidates(lead) if proper(p)] or [p for p in candidates(_clean_lead(_lede(body, lead))) if proper(p)]
            or [p for p in candidates(_clean_lead(body[:3000])) if proper(p)])
    pool += [p for p in _plain_phrases(lead) if folded.count(p) >= _PLAIN_MIN]
    if not pool:  # "calling on Governor Northam to resign": a person is what it is about
        pool = [re.sub(rf"^(?:{rules().member_titles}|{_ROLE})\s+", "", p) for p in people if " " in p]
    if not pool:  # a place, the last resort
        pool = [p for p in places if proper(p)]
    if not pool:
        return ""

    def count(phrase: str) -> int:
        n = folded.count(phrase.casefold())
        acronym = re.search(rf"{re.escape(phrase)}\s*\(([A-Z][A-Z&]{{1,7}})\)", body)
        return n + (len(re.findall(rf"\b{acronym.group(1)}\b", body)) - 1 if acronym else 0) + _head_references(phrase, body)

    def score(phrase: str) -> tuple[float, int]:
        weight = 1 if phrase[:1].isupper() or phrase[:1].isdigit() else _PLAIN_WEIGHT  # names say more
        return weight * count(phrase) * (1 + 0.5 * (len(phrase.split()) - 1)), -pool.index(phrase)

    return max(dict.fromkeys(pool), key=score)


# A time of day or a span of hours ("2-4 PM", "10:30 a.m."): when, not what about
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[-–]\s*\d{1,2}(?::\d{2})?\s*)?(?:[AaPp]\.?[Mm]\b\.?|o['’]clock)")
_DETERMINER = frozenset({"the", "this", "that", "our", "its", "their"})


def _head_references(phrase: str, body: str) -> int:
    """How often the body refers back to a named thing of three or more words by its last two ("the 10th
    Amendment Task Force" ... "The Task Force will"), when nothing else it names ends
    with those two words ("Omnibus Appropriations Act" beside "Consolidated Appropriations Act": which?)."""
    words = phrase.split()
    if len(words) < 3 or not all(w[:1].isupper() or w[:1].isdigit() for w in words[-3:]):
        return 0  # "Department of Homeland Security": its head is not at its end
    head = " ".join(words[-2:])
    refs = 0
    # the head ends the reference: "the Homeland Security Grant Program" is another thing
    for m in re.finditer(rf"([\w’'.-]+)\s+{re.escape(head)}\b(?!\s+[A-Z0-9])", body):
        before = m.group(1)
        if before.casefold() in _DETERMINER:
            refs += 1
        elif before != words[-3] and before[:1].isupper():
            return 0  # another thing of the same head
    return refs


_FISCAL_YEAR = re.compile(r"(?:FY|Fiscal Year)\s?['’]?\d{2,4}|\d{4}", re.IGNORECASE)
_ADDRESS = re.compile(r"\b\d+\s+(?:[A-Z]{1,2}\s+)?(?:\d+\w*\s+)?(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Suite)\b"
                      r"|\b\d+(?:st|nd|rd|th)\s+Floor\b")
_COUNT = re.compile(r"[\d,.]+\s+(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w’'-]*s")  # "100 Armenians", "20,000 Delphi Retirees"
_FISCAL_LEAD = re.compile(r"^(?:The\s+)?(?:FY|Fiscal Year)\s?['’]?\d{2,4}\s+(?=[A-Z])", re.IGNORECASE)
# "1LmSQiO" (a link's code); "4029FOR", "AreaST" (words glued where markup was lost)
_CODE = re.compile(r"\b(?=\w*\d)(?=\w*[a-z])(?=\w*[A-Z])\w{5,}\b|\d{3}[A-Z]{2,}|[a-z]{2}[A-Z]{2,}\b")


_MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "did", "does"})


def _common_head(text: str, m: re.Match[str], body: str) -> str:
    """The common noun a short name modifies after an article ("the Burbank airport", "an FBI investigation"):
    " airport", or "" when the name stands alone."""
    if len(m.group(0).split()) > 3 or not re.search(r"(?:^|\s)(?:the|a|an)\s+$", text[: m.start()]):
        return ""
    name = m.group(0)
    noun = re.match(r"\s+([a-z][a-z-]{2,})\b(?![’'-])", text[m.end():])
    if (not noun or noun.group(1) in rules().plain_stopwords or noun.group(1) in _MODALS
            or re.search(r"(?:ly|ed|ing)$", noun.group(1)) or name.endswith(("’", "'"))
            or not re.search(r"\b[A-Z][a-z]*[A-Za-z]\b", name) or not _content(name, rules().subject_stopwords)):
        return ""  # not "the American people", "the 19th century", "the House floor"
    compound = f"{name} {noun.group(1)}"
    # a term the text uses again, not a name before a verb ("the Outer Continental Shelf remain")
    return " " + noun.group(1) if len(re.findall(rf"(?<!\w){re.escape(compound)}\b", body)) >= 2 else ""


def _lede(body: str, lead: str) -> str:
    """The two sentences after the lead sentence (its tail, if `lead` was shortened, is searched from its start)."""
    at = body.find(lead[:60]) if lead else -1
    rest = body[at + len(lead):] if at >= 0 else body
    spans = sentence_spans(rest[:1200])
    return rest[: spans[min(1, len(spans) - 1)][1]] if spans else ""


def _without_openers(phrase: str) -> str:
    """A phrase without the capitalised first words of its sentence that are common words ("Although Utah",
    "Only 113", "All of America") and without a next sentence's first word glued on ("... Wildfires Our")."""
    stop = rules().sentence_openers
    words = phrase.split()
    while len(words) > 1 and words[0][:1].isupper() and not words[0].isupper() and words[0].lower() in stop:
        words = words[1:]
        while words and words[0].lower() in {"of", "the", "and", "for", "to", "on"}:
            words = words[1:]
    while len(words) > 1 and words[-1].lower() in stop and words[-1][:1].isupper():
        words = words[:-1]
    return " ".join(words)


def _folded(text: str) -> str:
    """Case, accents and hyphens folded: "Díaz-Balart" and "Diazbalart" compare equal."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("-", "")


def _place_names(body: str) -> frozenset[str]:
    """State names, and the city of the dateline the body opens with."""
    names = set(rules().state_names)
    dl = find_dateline(body, 80)
    if dl is not None and dl.start() <= 2:
        city = dl.group("place").split(",")[0].strip(" (").casefold()
        if city and city not in {"washington"}:
            names.add(city)
    return frozenset(names)


def _is_place(phrase: str, names: frozenset[str]) -> bool:
    """A phrase made only of place names, place words ("County", "Northwest") and ordinals."""
    rest = phrase.casefold()
    for name in sorted(names, key=len, reverse=True):
        rest = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w])", " ", rest)
    words = [w for w in re.split(r"[\s,’'-]+", rest) if w and w not in {"of", "the", "and", "s"}]
    return all(w in rules().place_words or _ORDINAL.fullmatch(w) for w in words)


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
                      r"twelfth|\w+teenth|\w+tieth|\w+-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)")


_PLAIN_MIN = 3  # a lower-case phrase must recur this often to say what a document is about
_PLAIN_WEIGHT = 0.6
# Roles that name a person ("Ranking Member Elijah E. Cummings", "Mayor Steve Landek").
_ROLE = (r"Ranking Member|Chairman|Chairwoman|Chair|Mayor|Governor|Secretary|Administrator|Director|"
         r"President|Commissioner|Ambassador|Minister|Judge|Sheriff|Chief|Dr\.|Mr\.|Ms\.|Mrs\.")
# A role before a name inside a phrase: "Commerce Committee Ranking Member Henry A. Waxman" is a person.
_ROLE_AND_NAME = re.compile(rf"(?<![\w.])(?:{_ROLE}|Executive|Supervisor|Council(?:man|woman|member)|Superintendent|"
                            r"Trustee|Founder|CEO|Dean)\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+$")


def _plain_phrases(lead: str) -> list[str]:
    """Lower-case phrases of two to four words in the lead sentence, without joining or generic words
    at their ends ("presidential campaign public financing system", "gang violence")."""
    stop = rules().plain_stopwords
    words = re.findall(r"[A-Za-z][a-z-]*|[^\sA-Za-z]+", lead)
    out = []
    for i in range(len(words)):
        for n in (4, 3, 2):
            gram = words[i:i + n]
            if len(gram) < n or not all(re.fullmatch(r"[a-z][a-z-]+", w) for w in gram):
                continue
            if gram[0] in stop or gram[-1] in stop or sum(w in stop for w in gram) > 1:
                continue
            out.append(" ".join(gram))
    return list(dict.fromkeys(out))


@functools.cache
def _stop_patterns(stop: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern a stop phrase, longest first (removed in turn: "house of representatives" before "u.s.")."""
    return tuple(re.compile(rf"(?<![\w.]){re.escape(w)}(?![\w])") for w in sorted(stop, key=lambda w: (-len(w), w)))


def _before_sentence_end(phrase: str) -> str:
    """A phrase up to a full stop that ends a sentence (not one of an abbreviation: "Rep.", "Gov.")."""
    for m in re.finditer(r"(\w+)\.\s", phrase):
        word = m.group(1)
        if len(word) > 2 and (word[-1].islower() or word.isdigit()) and word.lower() not in ABBREVIATIONS:
            return phrase[: m.start() + len(m.group(1))]
    return phrase


def _content(phrase: str, stop: frozenset[str]) -> str:
    """What is left of a phrase without the stop phrases and joining words."""
    rest = phrase.casefold()
    for pattern in _stop_patterns(stop):
        rest = pattern.sub(" ", rest)
    return " ".join(w for w in rest.split() if w not in {"of", "for", "on", "the", "and", "to", "de", "&"})


def _quoted_title(lead: str) -> str:
    m = re.search(r"[“\"]([A-Z][^”\"]{8,80})[”\"]", lead)
    return m.group(1).rstrip(".,") if m and sum(w[:1].isupper() for w in m.group(1).split()) >= 2 else ""


def describe(doc_type: str | None, org: str | None, authors: Sequence[str], date: str | None,
             texts: Sequence[str]) -> str:
    """A bracketed title for a document without a headline: what it is, by whom, on what, when."""
    r = rules()
    kind = r.kind_names.get(doc_type or "other", r.kind_names["other"])
    body = " ".join(texts[:60])
    if len(authors) > 2:  # a joint statement of many: the first, and how many more
        who = f"{authors[0]} and {len(authors) - 1} others"
    else:
        who = " and ".join(authors) if authors else _as_written(_OFFICE.sub("", org or "").strip(), body)
    first = _lead_sentence(texts)
    lead = _clean_lead(first)
    exclude = {_folded(n.split()[-1]) for n in authors if n.split()}
    if who:
        exclude.add(_folded(who.split()[-1]))
    subject = _stated_subject(body[:_LEAD_CHARS])
    if not subject:
        phrase = _quoted_title(lead) or _key_phrase(body, lead, exclude)
        done = _deed(first)
        if done and (not phrase or not lead_clause.names_the_deed(phrase, lead)):
            subject = f": {done}"  # what the lead says was done: plainer, but not a wrong subject
        else:
            subject = f"on {phrase}" if phrase else ""
    parts = [kind]
    if who:
        parts.append(f"by {who}")
    if subject:
        parts.append(subject)
    title = " ".join(parts).replace(" :", ":")
    if date:
        title += f", {human_date(date)}"
    return f"[{title}]"


def _deed(first: str) -> str:
    """What the lead sentence says its member did ("held a roundtable with area veterans"), or "" when
    it does not open with a member as its subject."""
    dl = find_dateline(first, 80)
    lead = first[dl.end():] if dl is not None and dl.start() == 0 else first
    lead = _DISTRICT_ASIDE.sub("", re.sub(r"\s*\([^)]{0,40}\)", "", _APPOSITIVE.sub(",", lead)))
    subject = _grammatical_subject(lead)
    if subject is lead or len(subject) >= len(lead) - 5 or re.search(r"\b[a-z]+[\s-]*$", subject):
        return ""  # no member as the subject, or the verb not found where the subject ends ("co-led a")
    rest = lead[len(subject):]
    if rules().statement_intro.match(rest.strip()) or re.match(r"\s*(?:today\s+)?(?:issued|released|made)\s+(?:a|the)\s+statement", rest):
        return ""  # "released the following statement": what it is, said already
    return lead_clause.deed(rest)


# a district or party set off by commas: "Rep. Rick Larsen, WA-02, today voted"
_DISTRICT_ASIDE = re.compile(r",\s+[A-Z]{2}-\d{1,2},|,\s+[RDI]-[A-Z][\w. ]*,")


def _as_written(name: str, text: str) -> str:
    """The office's name in the form the text writes it ("Mccollum" -> "McCollum")."""
    if not name:
        return name
    m = re.search(re.escape(name), text, re.IGNORECASE)
    return m.group(0) if m else name


def _lead_sentence(texts: Sequence[str]) -> str:
    """The first sentence of the body (after any release line or contact paragraph), not cut at an
    abbreviation ("WASHINGTON, D.C.", "H.R. 1735")."""
    for text in texts[:4]:
        spans = sentence_spans(text)
        if not spans or len(text) <= 60:
            continue
        s, e = spans[0]
        k = 1
        while k < len(spans) and (
            e - s < 40 or re.search(r"\b(?:[A-Z]\.){1,3}$", text[s:e].rstrip()) or text[spans[k][0]:][:1].isdigit()
            or text[spans[k][0]:][:1].islower()
        ):
            e = spans[k][1]
            k += 1
        return text[s:e]
    return texts[0] if texts else ""
