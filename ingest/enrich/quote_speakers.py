"""Quotes with their speaker, the speaker's role, and the source they came through.

Which passages are quotes is quote_finder.py's job; this module says who spoke them. Each stored
quote text is an exact substring of its paragraph, so a citation can be checked.

A quote that spans paragraphs (the printed convention: each paragraph reopens the quote and only
the last one closes it) is stored as one Quote per paragraph, all with the same speaker.

Attribution, in order: the clause after the quote (`,” said ANCA Executive Director Aram
Hamparian.`, `,” Rep. Schiff said.`, `– ANCA letter` source line), the clause before it (`The
lawmakers assert, “`, `according to media reports, “`, `the letter states:` before a block
quote), then the speaker of the quote just before it (a quote continued after its attribution).
When the sentence credits one source through another ("The report cites the UN Committee against
Torture ... “..."), the nearer one is the speaker and the other goes in `via`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from archive import Paragraph, Quote, Record, Vocabulary

from .entities import Mention, NameFinder, name_finder
from .quote_finder import QuoteSpan, find_quotations, is_quote, quote_spans, trimmed
from .speaker_names import (
    PEOPLE_NOUNS,
    ROLE_WORDS,
    antecedent,
    looks_like_person,
    qualifier,
    split_name_role,
    vague_noun,
)
from .speaker_people import distinct_people, shown_people
from .text import sentence_spans

_FINITE = (
    "said|says|say|stated|states|state|added|adds|noted|notes|explained|explains|explain|wrote|writes|write|"
    "declared|declares|asserted|asserts|assert|argued|argues|argue|emphasized|emphasizes|stressed|stresses|stress|"
    "warned|warns|warn|urged|urges|urge|told|tells|continued|continues|concluded|concludes|highlights|highlighted|"
    "cites|cited|documents|documented|reported|reports|recommended|recommends|remarked|observed|observes|"
    "acknowledged|insisted|announced|affirmed|expressed concern regarding|expressed concern about|expressed|"
    "reads|read|released the following statement|issued the following statement|had this to say|"
    "responded|responds|replied|replies|answered|answers|asked|asks|inquired|inquires"
)
_PARTICIPLE = (
    "stating|saying|noting|adding|explaining|writing|declaring|warning|urging|concluding|recommending|"
    "detailing|showing|highlighting|citing|documenting|arguing|asserting|emphasizing|calling for|demanding"
)
_VERB = re.compile(rf"\b(?:(?P<part>{_PARTICIPLE})|(?P<fin>{_FINITE}))\b")
_VERB_START = re.compile(rf"^(?:{_FINITE})\b")
_VERB_AFTER_SPEAKER = re.compile(rf"\s+(?:{_FINITE})\b")
# A whole sentence that is only a quote's tag ("Reichert explained."): a name or a pronoun, then a verb.
_TAG_SENTENCE = re.compile(rf"^(?P<who>(?:[A-Z][\w.’'-]*\s+){{1,3}}?|[Hh]e\s+|[Ss]he\s+)(?:{_FINITE})\s*[.!]\s")
_EMBEDDED_VERB = re.compile(
    r"(?:^|\bthat\b|,)\s*(?P<np>(?:the\s+|The\s+)?[A-Za-z][\w’'.-]*(?:\s+[A-Za-z][\w’'.-]*){0,5}?)\s+"
    r"(?:raised|expressed|said|stated|reported|concluded|found|warned|alleged|noted|wrote|declared)\b"
)
_ACCORDING_END = re.compile(r"\baccording to (?P<who>[^,:;“”\"]+?)\s*[,:]?\s*$")
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,:;.“”\"]+)")
_POSSESSIVE_WORDS = re.compile(
    r"(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['’]s\s+(?:(?:full|complete|prepared|opening|floor|closing|written)\s+)?"
    r"(?:remarks|statement|testimony|words|speech)\b")
# "WASHINGTON, DC –", "Washington DC - ", "WASHINGTON—": a hyphen needs a space before it ("Hau-yip" is a name).
_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.]*,?\s*){1,3}(?:\s-{1,2}|[–—]{1,2})\s*")
# A person's name as news and releases print it ("Sonya A. Zoghlin", "Patrick Carlineo Jr.").
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # letters of names as printed ("Velázquez", "Gutiérrez")
_NAME = (rf"[{_UP}][{_LOW}]+(?:-[{_UP}{_LOW}]+)?(?:\s+[A-Z]\.)?(?:\s+[{_UP}][{_LOW}]+(?:-[{_UP}{_LOW}]+)?){{1,2}}"
         r"(?:,?\s+Jr\.)?")
# A name the text shows to be a person: followed by an age or a role ("Singh Jabarjung, 24,",
# "Sonya A. Zoghlin, Carlineo’s attorney,") or by a verb of saying.
_NAMED_SOURCE = re.compile(
    rf"(?<![\w.])(?P<name>{_NAME})(?=,\s+(?:\d{{1,3}},|(?:the|a|an|another|one|who|whose|former|his|her)\s"
    rf"|[A-Z][\w’'-]*['’]s\s)|\s+(?:{_FINITE})\b)")
_STATEMENT_INTRO = re.compile(
    r"\b(?:released|issued|made|gave|delivered|offered|provided|put out|shared)\s+(?:the\s+following|a|an|this|"
    r"these|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statements?|remarks|comments|testimony)\b")
_STATEMENT_FROM = re.compile(r"\b(?:[Ss]tatements?|[Rr]emarks|[Cc]omments)\s+(?:from|by)\s+[A-Z][^:]{2,80}:\s*$")
# A heading before a statement: "Remarks by Rep. David Price", "Floor Statement by Rep. Gene Green House
# Amendment to ...": the longest run of capitalised words after it that is a person.
_REMARKS_HEADING = re.compile(
    r"\b(?:Statement|Remarks|Testimony|Speech)\s+(?:of|by|from)\s+(?P<who>(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]*)")
# A statement's label that names nobody: "Remarks as prepared for delivery:", "The full statement follows:".
_NAMELESS_STATEMENT = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:The|A)\s+)?(?:(?:full|complete|prepared|written)\s+)?(?:[Rr]emarks|[Ss]tatement|[Tt]estimony)"
    r"(?:\s+as\s+prepared(?:\s+for\s+delivery)?|\s+follows|\s+below|\s+is\s+below)?\s*:\s*$")
_POSSESSIVE_STATEMENT = re.compile(
    r"\b(?P<pronoun>[Hh]is|[Hh]er|[Tt]heir)\s+(?:full\s+|complete\s+|prepared\s+|opening\s+)?"
    r"(?:statements?|remarks|comments|testimony|floor speech|speech)\b[^“\"]{0,80}:\s*$")
# "John B. Larson (D-CT)", "Rick Larsen, WA-02": a member of Congress by party or district.
_PARTY_TAGGED = re.compile(rf"(?<![\w.])(?P<name>{_NAME})(?=\s*\((?:[DRI]-|[A-Z]{{2}}-\d)|,\s+[A-Z]{{2}}-\d)")
_PARTY_TAG = re.compile(r"\s*\((?:[DRI]-|[A-Z]{2}-\d)[^()]{0,30}\)")  # "(R-TX-13)": no words of a name
_OFFICE_OF = re.compile(r"^Office of (?:(?:Rep\.|Sen\.|Senator|Congressman|Congresswoman|Representative)\s+)?"
                        r"(?P<name>.+)$")
_APPOSITIVE = re.compile(
    rf"^(?P<name>{_NAME}|[A-Z][a-z]+),\s+(?P<role>(?:the|a|an|his|her|its|their|[A-Z][\w’'-]*['’]s)\s.+?),?$")
_SENTENCE_SUBJECT = re.compile(rf"^(?P<name>{_NAME}|[A-Z][a-z]+(?:-[A-Za-z]+)?)\b(?!\s+[A-Z])")
_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:Today|Yesterday|Tonight|Last night|Earlier|Later|Meanwhile|However|In addition|Also|Separately|"
    r"(?:This|Last|Earlier this|Later this) (?:week|month|year|morning|afternoon|evening)|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r"(?:st|nd|rd|th)?(?:,\s*\d{4})?|"  # "On Thursday, October 2nd, I stated": a date, then the subject
    r"(?:On|In|During|Following|After|Before|Prior to|Since|At|With|As|While|When|Upon|Amid|Ahead of|"
    r"[A-Z][a-z]+ing)\s[^,]{1,160}),\s*)+")
_TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:also|further|again|then|now|today|later|earlier|once\s+again|has|have|had|is|are|was|were|will|would|"
    r"(?:went|goes|go)\s+on\s+to|continued\s+to|\w+ly))+\s*$")
_SPEAKER_CUT = re.compile(
    r"\s+(?:in (?:a|the|his|her|their) (?:letter|statement|release|interview|speech|report)|on \w+day|"
    r"during|at the|at a|when|while|who|which|after|before)\b.*$")
# A person described, not named: "The newly-elected GOP whip", "the senator", "the Texas Republican".
_DESCRIBED_PERSON = re.compile(
    r"^(?:the|The)\s+(?P<role>(?:[\w.’'-]+\s+){0,3}(?:whip|senator|congressman|congresswoman|lawmaker|chairman|"
    r"chairwoman|ranking member|spokesman|spokeswoman|spokesperson|governor|mayor|ambassador|minister|Republican|"
    r"Democrat))$", re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "we", "it", "this", "i"}
_DEGREE = re.compile(r",?\s+(?:Ph\.\s?D\.?|M\.D\.|Ed\.D\.|J\.D\.|Esq\.)(?=[,;:\s]|$)")
_DATE_START = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d")
_DATE_WORD = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                        r"May|June|July|August|September|October|November|December")
_POSSESSED_DOCUMENT = re.compile(
    r"^(?P<who>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]*)['’]s\s+(?:[a-z-]+\s+){0,2}?(?:letter|statement|remarks|"
    r"testimony|words|speech|message|op-ed|column|e-?mail|memo|note|announcement|release|post|tweet)\b")
_FRAGMENT_HEADS = {"not", "his", "her", "its", "our", "their", "my", "your", "it's", "it’s", "there", "here", "only",
                   "just", "even"}
_DETERMINER_HEADS = {"this", "that", "these", "those", "the", "a", "an"}
_FRAGMENT_TAILS = {"two", "three", "four", "both", "same", "should", "would", "will", "can", "could", "may", "must",
                   "is", "are", "was", "were", "has", "have", "had", "also", "only", "first", "last", "fact", "way",
                   "waiver", "legislation", "bill", "measure", "funding", "money", "program", "amendment", "act"}
# A person named after these words is an object, not who speaks ("in reaction to President Trump").
_OBJECT_BEFORE = re.compile(
    r"\b(?:to|on|about|of|regarding|after|by|against|with|for|from|toward|towards|at|following|honoring|"
    r"praising|thanking|welcoming|congratulating|mourning|criticizing|urging)\s+(?:the\s+)?$")
# Whom a letter is sent to or a meeting is with: "wrote to Speaker Paul Ryan", "a letter to U.S. General
# Services Administration (GSA)Administrator Emily Murphy", "his meeting with Indian Prime Minister Narendra Modi".
_ADDRESSEE_BEFORE = re.compile(
    r"\b(?:to|with|from|of|on|about|regarding|urging|asking|thanking|by)\s+(?:the\s+)?(?:[A-Z(][\w.()&’'-]*\s*){0,7}$")
_NOT_SPEAKERS = {"many", "some", "others", "several", "most", "all", "both", "few", "each", "and", "or", "but",
                 "there", "which", "who", "that", "these", "those", "now", "then", "here", "today", "meanwhile",
                 "still", "yet", "so", "also", "instead", "as", "while", "when", "if", "after", "before", "since",
                 "though", "although", "because", "per", "in", "on", "at", "for", "with", "from", "by", "to"}
_DETERMINERS = {"The", "the", "A", "a", "An", "an", "This", "this", "That", "that", "Its", "its", "Their", "their"}


def _unglue(text: str) -> str:
    """Words glued where markup was lost, apart (for reading an attribution only; the stored quote
    text is never changed): ',” saidMr. Shelton' -> 'said Mr. Shelton', 'Executive Directoradded,'
    -> 'Executive Director added,'."""
    text = re.sub(r"\b(said|says|added|stated|wrote|noted)(?=[A-Z])", r"\1 ", text)
    text = re.sub(r"\b([A-Z][a-z]{3,})(?=(?:[A-Z][a-z]+))", r"\1 ", text)  # "said CollinsFrom 1976", "PriceWednesday"
    text = _DEGREE.sub("", text)  # "Dr. Timothy P. Shriver Ph.D., Chairman": the degree is no part of the name
    return re.sub(r"\b([A-Z][a-z]{3,})(said|added|stated)(?=[\s,.:])", r"\1 \2", text)


@dataclass
class Attribution:
    speaker: str | None = None
    role: str | None = None
    via: str | None = None
    is_person: bool = False


# -- attribution ----------------------------------------------------------------------


def _clause_after(text: str, pos: int) -> str:
    """From `pos` to the next quote mark or the end of the sentence."""
    rest = _unglue(text[pos:pos + 300])
    stop = re.search(r"[“\"]", rest)
    if stop:
        rest = rest[:stop.start()]
    lead = len(rest) - len(rest.lstrip(" ,.;:!?”’"))
    spans = sentence_spans(rest[lead:])
    if len(spans) > 1 and re.search(r"\b[A-Z]\.[A-Z]\.$", rest[lead:][: spans[0][1]]):
        return rest[lead:][: spans[1][1]]  # "said Congressman C.A. Dutch Ruppersberger": initials, not an end
    return rest[lead:][: spans[0][1]] if spans else rest[lead:]


def _introduces_next(text: str, pos: int) -> bool:
    """The words after a closed quote end in a comma or colon just before the next opening quote
    mark: they introduce that quote, not the one before."""
    return re.match(r'^[\s”"]*[^“”"\n.!?]{1,120}?[,:]\s*[“"]', _unglue(text[pos:pos + 200])) is not None


def _runs_into_clause(text: str, span: QuoteSpan) -> bool:
    """The sentence goes on after the quote (`,” said ...`), rather than a new one starting."""
    inside = text[span.start:span.end].rstrip()
    after = text[span.close_end or span.end:].lstrip()
    return inside.endswith((",", "!", "?", "—", "–", "-")) or after.startswith((",", "—", "–"))


def _clean_phrase(phrase: str) -> str:
    phrase = _SPEAKER_CUT.sub("", phrase.strip())
    parts = re.split(r"[,;:](?:\s|$)|\s[–—-]\s", phrase)
    first = parts[0]
    if len(parts) > 1 and re.fullmatch(rf"\s*{_NAME}\s*\.?\s*", parts[1]) and not re.search(_NAME, first):
        first = f"{first}, {parts[1].strip()}"  # "Conservancy President, Meg Cheever"
    return first.strip().rstrip(".").strip()


def _first_np(text: str) -> str | None:
    """The noun phrase a sentence starts with: a determiner, then capitalised words ("The Artsakh
    Foreign Ministry"), or one plain noun ("The letter"), or a possessive and its noun."""
    tokens = text.split()
    out: list[str] = []
    i = 0
    if tokens and tokens[0] in _DETERMINERS:
        out.append(tokens[0])
        i = 1
    capitalised = 0
    while i < len(tokens) and (tokens[i][:1].isupper() or tokens[i][:1].isdigit()) and capitalised < 8:
        out.append(tokens[i].rstrip(","))
        capitalised += 1
        i += 1
        if out[-1] != tokens[i - 1]:  # a comma ends the phrase
            break
    wants_noun = capitalised == 0 or bool(re.search(r"['’]s$", out[-1] if out else ""))
    if i < len(tokens) and wants_noun and tokens[i][:1].islower() and tokens[i].isalpha():
        out.append(tokens[i])
    if not out or (len(out) == 1 and out[0] in _DETERMINERS):
        return None
    return " ".join(out)


def _subject(prefix: str, participle: bool) -> str | None:
    text = _DATELINE.sub("", prefix.strip())
    text = _LEADING_ADVERBIAL.sub("", text)
    if participle:
        return _first_np(text)
    text = _TRAILING_ADVERB.sub("", text.strip().rstrip(","))
    text = re.sub(r"\s+that$", "", text)
    if not text:
        return None
    if len(text.split()) <= 8:
        return text
    return _first_np(text)


class Attributor:
    def __init__(self, finder: NameFinder, paragraphs: list[Paragraph] | None = None,
                 names: list[str] | None = None) -> None:
        self.finder = finder
        self.previous: Attribution | None = None
        self.roles: dict[str, str] = {}
        self.context = ""  # the text before the quote being attributed (for "she said")
        self.vague_source = False  # set when a quote's source is only "the report", "the letter"
        self.document_before = ""  # all of the document before the quote (for "The letter" -> its author)
        self.people: dict[str, str] = {}  # surname -> full name, for the people this document names
        own = distinct_people([n for n in names or [] if len(n.split()) >= 2])
        self.voice = own[0] if len(own) == 1 else None  # whose "I" the document's narrative is
        for name in names or []:  # the record's authors, the member an office belongs to
            tokens = [t for t in name.replace(",", " ").split() if t not in ("Jr", "Jr.", "Sr.", "II", "III")]
            if len(tokens) >= 2 and self.finder.person_name(name):
                self.people.setdefault(tokens[-1], " ".join(tokens))
        for para in paragraphs or []:
            self._learn_people(para.text)

    def _learn_people(self, text: str) -> None:
        text = _DEGREE.sub("", text)
        names = [m.name for m in self.finder.find(text) if m.kind == "people"]
        names += [m.group("name") for pattern in (_NAMED_SOURCE, _PARTY_TAGGED) for m in pattern.finditer(text)
                  if self.finder.person_name(m.group("name")) == m.group("name")]
        names += shown_people(text, self.finder)
        for name in names:
            tokens = [t for t in name.replace(",", " ").split() if t not in ("Jr.", "Sr.")]
            while tokens and tokens[0] in ROLE_WORDS:  # "Senators Johnny Isakson": the title is no part of it
                tokens.pop(0)
            if len(tokens) >= 2:
                self.people.setdefault(tokens[-1], " ".join(tokens))

    def _person(self, name: str) -> str | None:
        """A name as written -> the full name (a surname alone only when this document or the
        gazetteer names that person in full)."""
        name = re.sub(r"['’]s$", "", name.strip().rstrip(","))
        if " " not in name:  # this document's people first, then the gazetteer's
            return self.people.get(name) or self.finder.person_name(name)
        if not looks_like_person(name):
            return None  # "Public Achievement Award"
        return self.finder.person_name(name)

    def _named_group(self, sentences: list[str]) -> str | None:
        """Two to four people named together in the nearest sentence that names more than one
        ("Thune and Rounds stressed ..." -> "John Thune and Mike Rounds")."""
        for sentence in sentences[:6]:
            names = [m.name for m in self.finder.find(sentence) if m.kind == "people"
                     and not _ADDRESSEE_BEFORE.search(sentence[: m.start])]
            names += [self.people[m.group()] for m in re.finditer(r"\b[A-Z][a-z]+\b", sentence)
                      if m.group() in self.people and not _ADDRESSEE_BEFORE.search(sentence[: m.start()])
                      and not any(self.people[m.group()].startswith(n) or n.endswith(m.group()) for n in names)]
            names = distinct_people(list(dict.fromkeys(names)))  # "John Larson" and "John B. Larson" are one
            if 2 <= len(names) <= 4:
                return ", ".join(names[:-1]) + " and " + names[-1]
            if names:
                return None
        return None

    def _sentences_before(self, phrase: str) -> list[str]:
        """The document's sentences before the quote, nearest first, leaving out the one the vague
        phrase itself is in."""
        text = self.document_before
        out = []
        for s, e in reversed(sentence_spans(text[-20000:])):
            sentence = text[-20000:][s:e]
            if phrase in sentence:
                continue
            out.append(sentence)
            if len(out) >= 40:
                break
        return out

    def _recent_sentences(self) -> list[str]:
        spans = sentence_spans(self.context)
        out = []
        for s, e in list(reversed(spans))[:4]:
            sentence = self.context[s:e].strip()
            if sentence.startswith(("“", '"')):
                continue  # a quote, not a sentence of the narrative
            out.append(_LEADING_ADVERBIAL.sub("", _DATELINE.sub("", sentence)))
        return out

    def _recent_person(self) -> str | None:
        """The person the nearest narrative sentence is about: its subject when that is a name,
        else the first full name in it; a sentence starting with he/she defers to the one before."""
        for sentence in self._recent_sentences():
            closing = max(sentence.rfind("”"), sentence.rfind('"'))
            if closing >= 0:  # “... the work that X started,” Rush said.: the quote's words are no narrative
                sentence = sentence[closing + 1:].lstrip(" ,")
            if sentence.split(" ", 1)[0].casefold() in ("he", "she"):
                continue
            m = _SENTENCE_SUBJECT.match(sentence)
            name = self._person(m.group("name")) if m else None
            if name:
                return name
            for found in re.finditer(_NAME, sentence):
                name = self._person(found.group())
                if name and found.start() > 0:
                    return name
        return None

    def _recent_subject(self) -> str | None:
        """The subject of the nearest narrative sentence (for "they said", "it says")."""
        for sentence in self._recent_sentences()[:1]:
            np = _first_np(sentence)
            if np and np.split(" ", 1)[0].casefold() not in _PRONOUNS:
                return np
        return None

    def _known_person(self, name: str) -> str | None:
        """The full name when the gazetteer or this document shows `name` is a person."""
        full = self._person(name)
        if full is None:
            return None
        if self.finder.kind_of.get(full.casefold()) == "people" or full in self.people.values():
            return full
        return None

    def _pronoun(self, pronoun: str) -> Attribution | None:
        """he/she: the person of the nearest sentence before; they/it: the previous source, or the
        subject of the sentence just before when there is none."""
        prev = self.previous
        if pronoun in ("he", "she"):
            name = self._recent_person()
            if name:
                return Attribution(name, self.roles.get(name), None, True)
            if prev is not None and prev.is_person:
                return Attribution(prev.speaker, prev.role, None, True)
            return None
        if pronoun == "i":  # "On Thursday, I stated ...": the document's one author
            return Attribution(self.voice, self.roles.get(self.voice), None, True) if self.voice else None
        if prev is not None and pronoun in ("it", "this") and prev.via:
            return Attribution(prev.via)
        if prev is not None and not prev.is_person:  # "they", "it": a body, not a person
            return Attribution(prev.speaker)
        subject = self._recent_subject()
        return self.resolve(subject) if subject else None

    def credit(self, source: str) -> Attribution | None:
        """A source line: "Name, Role, Organization" or "Role Name" or an organization."""
        source = source.strip().rstrip(".")
        name, _, rest = source.partition(",")
        if rest and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?){2,4}", name.strip()):
            person = self.resolve(name.strip())
            if person is None or not person.is_person:
                person = Attribution(name.strip(), None, None, True)
            person.role = person.role or rest.strip().rstrip(",") or None
            return person
        return self.resolve(source)

    # A phrase as the text gives it -> speaker, role (people get their canonical name).
    def resolve(self, phrase: str | None) -> Attribution | None:
        if not phrase:
            return None
        phrase = phrase.strip().strip("”“\"’‘").strip()
        if not phrase:
            return None
        if phrase.casefold() in _PRONOUNS:
            return self._pronoun(phrase.casefold())
        words = phrase.split()
        if len(words) >= 2 and len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2:]:
            phrase = " ".join(words[: len(words) // 2])  # a name printed twice where markup was lost
        first = phrase.split(" ", 1)[0].casefold()
        if phrase.rstrip(".") in ROLE_WORDS or phrase in ROLE_WORDS:
            return None  # a title alone ("Rev", "Senator") names nobody
        if re.search(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]\.?$", phrase) and all(
                w in ROLE_WORDS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]\.?", w) for w in phrase.split()):
            return None  # "Ranking Member C.A": titles and initials, the name cut off
        if _DATE_START.match(phrase):
            return None  # "October 2nd, I": a date is no source
        owner = _POSSESSED_DOCUMENT.match(phrase)
        if owner:  # "Chairman Rush's letter to his colleagues": whose letter it is
            return self.resolve(owner.group("who"))
        if first in _NOT_SPEAKERS or re.fullmatch(_PARTICIPLE, first) or (" " not in phrase and phrase.islower()) \
                or (" " not in phrase and first.endswith("ing")):  # "Responding": a participle, not a name
            return None  # "Many", "and", "Citing": not a source the text names
        described = _DESCRIBED_PERSON.match(phrase)
        if described and not self.finder.find(phrase):  # "The newly-elected GOP whip": the person just named
            name = self._recent_person()
            if name is None:
                self.vague_source = True
                return None
            return Attribution(name, self.roles.get(name) or described.group("role"), None, True)
        noun = vague_noun(phrase)
        if noun is not None:  # "The letter", "the UN committee": the source the text names for it, or nobody
            if noun in PEOPLE_NOUNS:  # "the senators wrote": the people the sentences before name
                group = self._named_group(self._sentences_before(phrase))
                if group:
                    return Attribution(group, None, None, True)
            who = antecedent(noun, qualifier(phrase), self._sentences_before(phrase), self.finder)
            if who is None:
                self.vague_source = True  # the text names a source, only not who: unattributed
                return None
            person = self._known_person(who)
            return Attribution(person, self.roles.get(person), None, True) if person else Attribution(who)
        words = phrase.split()
        if all(w[:1].islower() for w in words[1:]) and (
                words[0].casefold() in _FRAGMENT_HEADS
                or (words[0].casefold() in _DETERMINER_HEADS and len(words) > 1 and words[1] in _FRAGMENT_TAILS)):
            return None  # "Not", "His", "This should", "The two": a fragment of a sentence, not a source
        bare = re.sub(r"^(?:the|The)\s+", "", phrase)
        for mention in self.finder.find(bare):
            if mention.kind == "organizations" and mention.start == 0 and mention.end == len(bare):
                return Attribution(mention.name)
            if mention.kind != "people":
                continue
            written = bare[mention.start:mention.end].split()
            if mention.role and len(written) >= 2 and written[-1] in self.people and \
                    self.people[written[-1]].split()[0] != mention.name.split()[0]:
                # "Senator Sullivan" in a release naming Dan Sullivan is Dan Sullivan, whoever else the
                # gazetteer knows by that surname
                mention = replace(mention, name=self.people[written[-1]])
            role = mention.role
            before = bare[: mention.start].strip().rstrip(",")
            before = re.sub(r"^(?:the|The)\s+", "", before)
            if before and len(before.split()) <= 5:
                role = f"{before} {role}" if role else before
            role = role or self.roles.get(mention.name)
            if role:
                self.roles.setdefault(mention.name, role)
            return Attribution(mention.name, role, None, True)
        titled = self._titled_surname(phrase)
        if titled is not None:
            return titled
        split = split_name_role(phrase, self.people, self.finder)
        if split is not None:  # "retired Air Force General Tony Robertson", "Congressman Bera"
            name, role = split
            role = role or self.roles.get(name)
            if role:
                self.roles.setdefault(name, role)
            return Attribution(name, role, None, True)
        appositive = _APPOSITIVE.match(phrase)
        if appositive and self._person(appositive.group("name")):  # "Name, the role of ..." is a person
            name = self._person(appositive.group("name")) or appositive.group("name")
            role = appositive.group("role").strip()
            self.roles.setdefault(name, role)
            return Attribution(name, role, None, True)
        if re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?){1,3}", phrase):
            name = self._known_person(phrase)
            if name:
                return Attribution(name, self.roles.get(name), None, True)
        if len(phrase.split()) > 10 or not re.search(r"[A-Za-z]", phrase):
            return None
        return Attribution(phrase)

    def _titled_surname(self, phrase: str) -> Attribution | None:
        """Titles and a surname this document gives in full ("Congressman Bishop", "Rep. McKeon")."""
        words = phrase.split()
        if len(words) < 2 or words[-1] not in self.people or not all(w in ROLE_WORDS for w in words[:-1]):
            return None
        name = self.people[words[-1]]
        role = self.roles.get(name) or " ".join(words[:-1])
        self.roles.setdefault(name, role)
        return Attribution(name, role, None, True)

    def after(self, text: str, span: QuoteSpan) -> Attribution | None:
        if span.close_end is None:
            return None
        clause = _clause_after(text, span.close_end)
        stripped = clause.strip()
        dash = re.match(r"^[—–-]\s*(?P<src>[^“\"]+)$", text[span.close_end:].strip())
        if dash:
            return self.credit(dash.group("src"))
        if not _runs_into_clause(text, span):
            m = re.match(rf"^(?P<who>(?:[A-Z][\w.’'-]*\s+){{1,4}}?)(?:{_FINITE})\b", stripped)
            if m and _introduces_next(text, span.close_end):
                return None  # “... help me.” Dingell continued, “As we leave ...”: the next quote's tag
            if m:  # “... in the Bronx” Congressman Serrano said.
                return self.resolve(m.group("who"))
            m = re.match(r"^(?:said|says|added|stated|wrote)\s+(?P<who>(?:[A-Z][\w.’'-]*\s?){1,5})", stripped)
            return self.resolve(_clean_phrase(m.group("who"))) if m else None  # “...” said Lowey.
        m = _VERB_START.match(stripped)
        if m:
            return self.resolve(_clean_phrase(stripped[m.end():]))
        m = re.match(r"^according to (?P<who>[^,.;]+)", stripped)
        if m:
            return self.resolve(_clean_phrase(m.group("who")))
        m = _VERB_AFTER_SPEAKER.search(stripped)
        first_word = stripped.split(" ", 1)[0]
        speaker_first = stripped[:1].isupper() or first_word.casefold() in _PRONOUNS or first_word in _DETERMINERS
        if m and len(_PARTY_TAG.sub("", stripped[: m.start()]).split()) <= 7 and speaker_first:
            return self.resolve(_clean_phrase(stripped[: m.start()]))
        if m and speaker_first:  # “...,” Henry Darwin of the Arizona Department of ... told the committee.
            named = re.match(rf"(?P<name>{_NAME})\s+of\s+(?P<role>.+)$", stripped[: m.start()].strip())
            found = self.resolve(named.group("name")) if named else None
            if found is not None and found.is_person:
                found.role = found.role or named.group("role").strip(" ,")
                return found
        return None

    def before(self, before: str) -> Attribution | None:
        if not before.strip():
            return None
        before = _unglue(before)
        m = _ACCORDING_END.search(before)
        if m:
            found = self.resolve(_clean_phrase(m.group("who")))
            verb = _VERB.search(before[: m.start()])
            if found and verb:
                via = self.resolve(_subject(before[: verb.start()], bool(verb.group("part"))))
                if via and via.speaker != found.speaker:
                    found.via = via.speaker
            return found
        label = re.search(r"(?:^|:\s+|(?<=[a-z0-9)”])[.!?]\s+)(?P<who>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+)\s*:\s*$", before)
        if label is not None:  # "... delivered the following statements: Ranking Member Stark:": the label is nearer
            found = self._name_colon(label.group("who") + ":")
            if found is not None:
                return found
        intro = self._statement_words(before)  # "X released a statement on President Obama's speech:" is X's
        if intro is not None:
            return intro
        m = _POSSESSIVE_WORDS.search(before)
        if m:
            return self.resolve(m.group("who"))
        verb = _VERB.search(before)
        if not verb:
            found = self._name_colon(before)
            line = re.search(r"(?:^|[.!?]\s+)(?P<src>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3},\s+[^:.“”\"]{3,120}):\s*$",
                             before.strip() + " ")
            if found is None and line:  # "Mike LaPlant, President of the Washington Farm Bureau:"
                found = self.credit(line.group("src"))
            if found is None and before.rstrip().endswith(":"):  # "Congressman X ... voted for H.R. 36 ...: “"
                found = self._people_subject(before, any_length=True)
            return found
        subject = self._people_subject(before[: verb.start()]) or \
            self.resolve(_subject(before[: verb.start()], bool(verb.group("part"))))
        if subject is None or not subject.is_person:
            subject = self._people_subject(before[: verb.start()], any_length=True) or subject
        if "statement" in verb.group():  # "X released the following statement on Y:" is X's, never Y's
            return subject
        embedded = self._embedded(before[verb.end():])
        if embedded and (subject is None or embedded.speaker != subject.speaker):
            embedded.via = subject.speaker if subject else None
            return embedded
        return subject

    def _statement_words(self, before: str) -> Attribution | None:
        """A statement introduced by name: "Rep. DeFazio issued this statement:", "Below is his
        statement on the meeting:", "Following are her remarks as prepared for delivery:"."""
        m = _STATEMENT_INTRO.search(before)
        if m is not None:
            who = self._people_subject(before[: m.start()], any_length=True) or \
                self._titled_person(before[: m.start()]) or self.resolve(_subject(before[: m.start()], False))
            if who is not None:
                return who
        m = re.search(r"\b(?:[Ss]tatements?|[Rr]emarks|[Cc]omments)\s+(?:from|by)\s+(?P<who>[A-Z][^:]{2,80}):\s*$", before)
        if m is not None:  # "The following is a statement from Rep. Gutiérrez:"
            return self.resolve(_clean_phrase(m.group("who")))
        for m in reversed(list(_REMARKS_HEADING.finditer(before))):  # "Remarks by Rep. David Price Wednesday"
            words = m.group("who").split()
            words = words[: next((i for i, w in enumerate(words) if _DATE_WORD.fullmatch(w.rstrip(","))), len(words))]
            for k in range(len(words), 1, -1):
                found = self.resolve(" ".join(words[:k]))
                if found is not None and found.is_person:
                    return found
        m = _POSSESSIVE_STATEMENT.search(before)
        if m is not None:
            return self.resolve(m.group("pronoun").casefold().replace("his", "he").replace("her", "she")
                                .replace("their", "they"))
        if _NAMELESS_STATEMENT.search(before):
            return self._announced_statement()
        return None

    def _announced_statement(self) -> Attribution | None:
        """Whoever the document said delivered or released the statement ("X delivered the following
        statement on ..." paragraphs before a bare "Remarks as prepared for delivery:"), when that
        is a person."""
        text = self.document_before[-20000:]
        for s, e in list(reversed(sentence_spans(text)))[:40]:
            sentence = text[s:e]
            if find_quotations(sentence):
                return None  # a quote came in between (not a scare quote): the label is not that statement's
            m = _STATEMENT_INTRO.search(sentence)
            if m is not None:
                found = self._statement_words(sentence[: m.end()] + " ")
                return found if found is not None and found.is_person else None
        return None

    def _name_colon(self, before: str) -> Attribution | None:
        """A speaker's name and a colon before the quote ("Congressman Lamar Smith: “", "Foxx: “")."""
        m = re.search(r"(?P<who>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+)\s*:\s*$", before)
        if m is None:
            return None
        if re.search(r"(?:,|\b(?:and|or|by|with|to|against|than|like|as))\s*$", before[: m.start()]):
            return None  # the last of a list or an object ("advocated by Cooper, Gregg and Voinovich:")
        words = [w.title() if w.isupper() and len(w) > 3 else w for w in m.group("who").split()]  # "CHAIRMAN CORKER"
        for i in reversed(range(len(words))):
            found = self.resolve(" ".join(words[i:]))
            if found is not None and found.is_person:
                return found
        return None

    def _people_subject(self, subject: str, any_length: bool = False) -> Attribution | None:
        """The people a long subject names: "Congressman Jerrold Nadler (D-N.Y.), Ranking Member ...,
        and Congresswoman Zoe Lofgren (D-Calif.), ..." -> both; one titled person -> that person."""
        subject = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", subject.strip()))
        if len(subject.split()) <= 8 and not any_length:
            return None
        people = self._subject_people(subject)
        if not people or people[0].start > 80:
            return None
        if len(people) >= 2 and re.search(r",?\s+and\s+$", subject[people[0].end:people[1].start]
                                          .split(",")[-1] + " and ") and " and " in subject:
            names: list[str] = []
            for name in dict.fromkeys(m.name for m in people):  # "Joe Wilson Supports" (a headline) is Joe Wilson
                if not any(name.startswith(n) or n.startswith(name) or name.endswith(n) or n.endswith(name)
                           for n in names):
                    names.append(name)
            if len(names) >= 2:
                return Attribution(" and ".join(names), None, None, True)
        first = people[0]
        return Attribution(first.name, first.role or self.roles.get(first.name), None, True)

    def _subject_people(self, subject: str) -> list[Mention]:
        """The people a subject names with a title, a party tag or a role ("U.S. Senators Lindsey
        Graham (R-South Carolina) and John McCain (R-Arizona)"), leaving out objects ("in reaction to
        President Trump’s tweets")."""
        found = [m for m in self.finder.find(subject) if m.kind == "people" and m.role]
        for name in shown_people(subject, self.finder):
            at = subject.find(name)
            if at >= 0 and not any(m.start < at + len(name) and at < m.end for m in found):
                found.append(Mention("people", self.finder.person_name(name) or name, at, at + len(name)))
        return sorted((m for m in found if not _OBJECT_BEFORE.search(subject[:m.start])
                       and not re.match(r"['’]s\b", subject[m.end:])), key=lambda m: m.start)

    def _titled_person(self, text: str) -> Attribution | None:
        """The first person the text names with a title, not as an object ("Ways and Means Committee
        member Congresswoman Linda Sánchez (D-CA), issued ...")."""
        for m in re.finditer(rf"\b(?P<title>{_THIRD_PERSON_TITLE})\s+(?P<name>[A-ZÀ-Þ][\w.’'-]*(?:\s+[A-ZÀ-Þ][\w.’'-]*){{0,3}})",
                             text):
            if _OBJECT_BEFORE.search(text[: m.start()]) or re.match(r"['’]s\b", text[m.end():]):
                continue
            found = self.resolve(m.group("name"))
            if found is not None and found.is_person:
                found.role = found.role or m.group("title")
                return found
        return None

    def _surname_subject(self, sentence: str) -> Attribution | None:
        """A sentence about a person this document names in full, by surname ("Lofgren is the ...")."""
        m = re.match(r"^\s*(?P<name>[A-Z][\w’'-]+)\s+(?:is|was|has|had|will|also|then|who)\b", sentence)
        if m and m.group("name") in self.people:
            name = self.people[m.group("name")]
            return Attribution(name, self.roles.get(name), None, True)
        return None

    def _embedded(self, between: str) -> Attribution | None:
        """A source named between the reporting verb and the quote: "cites the UN Committee ... report"."""
        m = _ACCORDING.search(between)
        if m:
            return self.resolve(_clean_phrase(m.group("who")))
        for mention in self.finder.find(between):
            if mention.kind in ("people", "organizations"):
                return Attribution(mention.name, mention.role, None, mention.kind == "people")
        clauses = list(_EMBEDDED_VERB.finditer(between))
        if clauses:  # the clause nearest the quote, when its subject names someone ("UN experts raised")
            np = clauses[-1].group("np").strip()
            words = np.split()
            if words and words[0] in _DETERMINERS:
                words = words[1:]
            if any(w[:1].isupper() for w in words):
                return self.resolve(np)
        return None


# -- the step -------------------------------------------------------------------------


def find_quotes(record: Record, vocab: Vocabulary) -> list[Quote]:
    names = list(record.authors)
    office = _OFFICE_OF.match(record.source.org or "")
    if office:
        names.append(office.group("name"))
    attributor = Attributor(name_finder(vocab), record.paragraphs, names)
    paragraphs = record.paragraphs
    quotes: list[Quote] = []
    chain: list[int] = []  # indexes in `quotes` of the current multi-paragraph quote
    weak: set[int] = set()  # quotes credited by a weak guess (the subject of the sentence before)
    last_span: QuoteSpan | None = None
    last_tail = ""  # the paragraph's text after the last quote's closing mark
    for index, para in enumerate(paragraphs):
        text = para.text
        prev_end = 0
        for span in quote_spans(text, index):
            start, end = trimmed(text, span)
            quoted = text[start:end]
            before = _sentence_before(text, span.open_pos, prev_end)
            after = text[span.close_end:span.close_end + 60] if span.close_end else ""
            if not is_quote(text[span.start:span.end], text[max(0, span.open_pos - 40):span.open_pos], after):
                continue
            earlier = [p.text for p in paragraphs[max(0, index - 3):index]]
            attributor.context = "\n\n".join([*earlier, text[:span.open_pos]])
            attributor.document_before = "\n\n".join([*(p.text for p in paragraphs[:index]), text[:span.open_pos]])
            attributor.vague_source = False
            found = attributor.after(text, span) or attributor.before(before)
            if found is None and attributor.vague_source:
                found = _UNATTRIBUTED
            if found is None and span.open_pos == _first_char(text):
                found = _from_previous_paragraph(attributor, paragraphs, index)
            if found is None and span.close_end is not None and text[span.close_end:].strip() == "":
                found = _source_line(attributor, paragraphs, index)
            continues_chain = bool(chain) and last_span is not None and last_span.runs_on and (
                (span.open_pos == _first_char(text) and last_span.index == index - 1)
                or (last_span.index == index and last_span.end == span.open_pos))
            weak_guess = False
            if found is None and not before.strip() and not continues_chain:  # (inside a quote: no intro)
                found, weak_guess = _statement_intro(attributor, paragraphs, index, span.open_pos)
            if found is None and not _introduces_own_source(before):
                found = _continued(attributor, last_span, span, before, text, last_tail,
                                   _reopened(paragraphs, last_span, span))
            if not continues_chain:
                chain = []
            quote = Quote(text=quoted, paragraph=para.n)
            if found is _UNATTRIBUTED or (found is not None and _names_speaker_as_other(quoted, found)):
                found = None
            attributor.previous = found or None  # an unattributed quote: the next cannot carry on a speaker
            if found:
                quote.speaker, quote.speaker_role, quote.via = found.speaker, found.role, found.via
                for k in chain:  # an attribution at the end of a multi-paragraph quote credits all of it
                    if _names_speaker_as_other(quotes[k].text, found):
                        continue
                    if quotes[k].speaker is None or (k in weak and not weak_guess):
                        quotes[k].speaker, quotes[k].speaker_role, quotes[k].via = found.speaker, found.role, found.via
            quotes.append(quote)
            if weak_guess and found:
                weak.add(len(quotes) - 1)
            chain.append(len(quotes) - 1)
            last_span = span
            last_tail = text[span.close_end:] if span.close_end else ""
            prev_end = span.close_end or span.end
    return _unique(quotes)


_UNATTRIBUTED = Attribution()  # the text gives a source that names nobody: no fallback applies


_THIRD_PERSON_TITLE = (r"(?:President|Vice President|Congressman|Congresswoman|Representative|Rep\.|Senator|Sen\.|"
                      r"Chairman|Chairwoman|Chair|Ranking Member|Leader|Speaker|Secretary|Governor|Gov\.|Mayor|"
                      r"Dr\.|Mr\.|Mrs\.|Ms\.|Commandant|Admiral|Adm\.|Colonel|Col\.|General|Gen\.|Judge|Justice|"
                      r"Ambassador|Professor|Sheriff|Chief)")


def _names_speaker_as_other(quoted: str, found: Attribution) -> bool:
    """The quote speaks of its supposed speaker by title, in the third person ("I commend President
    Obama ...", "Congressman Newhouse is a champion ..."): someone else said it."""
    if not found.speaker or " and " in found.speaker:
        return False
    cut = re.search(r"[.!?][”\"’']?\s+[^.!?]*$", quoted)
    if cut and not quoted.rstrip().endswith((".", "!", "?")):
        quoted = quoted[: cut.start() + 1]  # a quote that runs on into its tag ("... Congressman Cuellar continued,")
    if found.speaker.startswith("the "):  # "the Obama Administration" in a quote that speaks of it
        return found.speaker[4:] in quoted
    tokens = found.speaker.replace(",", " ").split()
    tokens = [t for t in tokens if t not in ("Jr.", "Sr.", "II", "III")]
    if len(tokens) < 2:
        return False
    last = re.escape(tokens[-1])
    m = re.search(rf"\b{_THIRD_PERSON_TITLE}\s+(?:(?P<first>[A-Z][\w.]*)\s+)?{last}\b(?!-)", quoted)
    if m is not None and (m.group("first") is None or m.group("first") == tokens[0]):
        return True
    # "Representative Aguilar's Holiday Jobs Fair", "Senators Hatch and Feinstein"
    return re.search(rf"(?:\b{last}['’]s?\s|\b(?:Senators|Representatives|Reps\.|Congressmen)\s[^.]{{0,60}}\band\s+{last}\b)",
                     quoted) is not None


def _first_char(text: str) -> int:
    return len(text) - len(text.lstrip())


def _sentence_before(text: str, open_pos: int, floor: int) -> str:
    """The part of the quote's sentence before its opening mark (never reaching back past `floor`)."""
    prefix = text[:open_pos]
    spans = sentence_spans(prefix)
    if not spans:
        start = 0
    elif re.search(r"[.!?][”\"’')]*\s*$", prefix) and spans[-1][1] >= len(prefix.rstrip()):
        start = open_pos  # the quote opens a new sentence
    else:
        start = spans[-1][0]
    return text[max(start, floor):open_pos]




def _statement_intro(attributor: Attributor, paragraphs: list[Paragraph], index: int,
                     open_pos: int) -> tuple[Attribution | None, bool]:
    """A quote opening its own sentence after "X released the following statement ..." (up to three
    sentences back, with no quote between): X. Else, when the sentence just before is about a titled
    person ("Today, U.S. Representative Will Hurd supported ..."), that person, as a weak guess that
    an attribution later in the same quote overrides. Returns (attribution, weak)."""
    text = paragraphs[index].text[:open_pos]
    if not text.strip() and index > 0:
        text = paragraphs[index - 1].text
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    for sentence in reversed(sentences[-3:]):
        if re.search(r"[“”\"]", sentence):
            break
        m = _STATEMENT_INTRO.search(sentence) or _STATEMENT_FROM.search(sentence)
        if m is not None:
            return attributor.before(sentence[: m.end()] + " "), False
        m = _POSSESSIVE_WORDS.search(sentence)  # "Click here to watch Congressman Blumenauer's remarks ..."
        if m is not None:
            found = attributor.resolve(m.group("who"))
            if found is not None and found.is_person:
                return found, False
    if not sentences or re.search(r"[“”\"]", sentences[-1]):
        return None, False
    last = sentences[-1]
    found = attributor._people_subject(last, any_length=True) or attributor._surname_subject(last)
    return found, not last.rstrip().endswith(":")


def _from_previous_paragraph(attributor: Attributor, paragraphs: list[Paragraph], index: int) -> Attribution | None:
    """A block quote introduced at the end of the paragraph before ("The letter states:")."""
    if index == 0:
        return None
    prev = paragraphs[index - 1].text.rstrip()
    if not prev.endswith(":"):
        return None
    spans = sentence_spans(prev)
    last = prev[spans[-1][0]:] if spans else prev
    return attributor.before(last.rstrip() + " ")


def _source_line(attributor: Attributor, paragraphs: list[Paragraph], index: int) -> Attribution | None:
    """A pull quote credited on its own line below it ("— Name, Role"), or a quote whose tag a
    paragraph break cut off ("...done.” / Reichert explained. ...")."""
    if index + 1 >= len(paragraphs):
        return None
    nxt = paragraphs[index + 1].text.strip()
    m = re.match(r"^[—–-]\s*(?P<src>.+)$", nxt)
    if m and len(nxt.split()) <= 20:
        return attributor.credit(m.group("src"))
    m = _TAG_SENTENCE.match(nxt)
    if m:
        found = attributor.resolve(m.group("who"))
        return found if found is not None and found.is_person else None
    return None


def _short_bridge(between: str, before: str) -> bool:
    """What lies between two quotes of one speaker: an attribution sentence (“A,” he said. “B”) or
    a few joining words (“A” and “B”), not narrative."""
    if not before.strip():
        return len(sentence_spans(between)) <= 1
    return len(between.split()) <= 12


def _reopened(paragraphs: list[Paragraph], last: QuoteSpan | None, span: QuoteSpan) -> bool:
    """Every paragraph between the last quote's and this one reopens the quote (the printed
    convention for a quote running over paragraphs), so passages skipped in between as no quotes
    (“Death to America!” inside a running statement) do not end it."""
    if last is None or last.index >= span.index - 1:
        return False
    return all(paragraphs[k].text.lstrip().startswith(("“", '"')) for k in range(last.index + 1, span.index))


def _continued(attributor: Attributor, last: QuoteSpan | None, span: QuoteSpan, before: str,
               text: str, last_tail: str = "", reopened: bool = False) -> Attribution | None:
    """A quote that carries on from the one before it (same paragraph, or the next paragraph
    reopening the quote) keeps its speaker. "... that “A” and that “B”" credits B to the outer source."""
    prev = attributor.previous
    if last is None or prev is None:
        return None
    same_paragraph = last.index == span.index
    if same_paragraph and not _short_bridge(text[last.close_end or last.end:span.open_pos], before):
        return None  # narrative in between ("... widely criticized. A ... editorial chided ... “")
    subject = re.match(r"^\s*(?P<name>[A-Z][\w’'-]+)\b", before)
    if subject and prev.speaker and subject.group("name") not in prev.speaker.split() and (
            attributor.people.get(subject.group("name")) not in (None, prev.speaker)
            or re.search(rf"\b[A-Z][a-z]+\s+{re.escape(subject.group('name'))}\b", attributor.document_before)):
        return None  # a sentence about someone else the text names ("Crenshaw proudly calls himself “...”")
    # the next paragraph carries on only when the quote before ended its paragraph (or only its tag
    # followed: ',” said X.'), not when narrative came between ("... Here is a full transcript:")
    heading = re.fullmatch(r"[A-Z][\w’'&,-]*(?:\s+[\w’'&,-]+){0,6}", before.strip()) is not None and \
        _VERB.search(before) is None  # "Deficits and Debt“The Federal ...": a section heading inside a statement
    next_paragraph = (last.index == span.index - 1 or reopened) and (not before.strip() or heading) and \
        _short_bridge(last_tail, "")
    if not (same_paragraph or next_paragraph):
        return None
    if same_paragraph and prev.via and re.search(r"\bthat\s*$|^\W*(?:and|but|or)\s+that\b", before):
        return Attribution(prev.via)
    return Attribution(prev.speaker, prev.role, prev.via, prev.is_person)


def _introduces_own_source(before: str) -> bool:
    """A new sentence with its own verb of saying ("Many also said ... “"): the quote is not a
    continuation of the one before, even when its source could not be named."""
    return before.lstrip()[:1].isupper() and _VERB.search(before) is not None


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int | None, str]] = set()
    out = []
    for q in quotes:
        key = (q.paragraph, q.text)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out
