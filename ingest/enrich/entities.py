"""Entities: people (with the title or role the text gives), organizations, places and laws.

Known names come from the gazetteer and the alias groups (corpus/gazetteer.yaml, aliases.yaml);
patterns find titled people ("Rep. Frank Pallone (D-NJ)", "Secretary of State Marco Rubio"),
named bodies ("House Foreign Affairs Committee", "Ministry of Internal Affairs") and laws
("Section 502B(a)(1) of the Foreign Assistance Act", "Third Geneva Convention"). Every name is
stored under its canonical spelling.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from archive import Record, Vocabulary

from .text import alternation, unique

KIND_OF_ALIAS = {"person": "people", "organization": "organizations", "place": "places", "law": "laws"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_ALT = "|".join(MONTHS)

# Titles that may stand before a person's name; longest first so "Secretary of State" wins.
TITLES = sorted([
    "Rep.", "Reps.", "Sen.", "Senator", "Congressman", "Congresswoman", "Representative", "Vice President",
    "President-Elect", "President-elect", "President", "Secretary of State", "Secretary of Defense",
    "Assistant Secretary of State", "Acting Assistant Secretary", "Assistant Secretary", "Deputy Secretary",
    "Secretary", "Ambassador", "Amb.", "Foreign Minister", "Defense Minister", "Prime Minister", "Minister",
    "Chairman", "Chairwoman", "Chair", "Co-Chair", "Ranking Member", "Executive Director", "Director",
    "Mr.", "Ms.", "Mrs.", "Dr.", "H.E.", "Governor", "Gov.", "Speaker", "Leader", "Administrator",
    "National Security Advisor", "Special Envoy", "Envoy", "Judge", "Prosecutor", "Chief Prosecutor",
], key=len, reverse=True)
_TITLE_ALT = "|".join(re.escape(t) for t in TITLES)
# (a word followed by ".D." is a degree: "Timothy P. Shriver Ph.D." ends at Shriver)
_NAME_TOKEN = r"(?:[A-Z]\.|[A-ZÀ-Þ][a-zß-ÿ][A-Za-zÀ-ÖØ-öø-ÿ\-]*(?!\.[A-Z])|[A-Z][a-z]*(?:['’][A-Z][a-z]+))"
_NOT_NAME = frozenset({
    "The", "Administration", "Department", "Committee", "House", "Act", "Armenian", "Armenians", "American",
    "Azerbaijani", "Congress", "Congressional", "State", "States", "United", "Caucus", "Office", "Government",
    "Council", "Republic", "Foreign", "Affairs", "Senate", "White", "Is", "Has", "And", "Of", "In", "On",
    "To", "For", "With", "Administration’s", "Commission", "Ministry", "General", "Staff", "Human", "Rights",
    *MONTHS,
    # headline verbs after a name ("Rep. Adam Schiff Calls on ...")
    "Calls", "Urges", "Says", "Congratulates", "Statement", "Welcomes", "Announces", "Introduces", "Demands",
    "Condemns", "Praises", "Leads", "Joins", "Asks", "Warns", "Slams", "Applauds", "Responds", "Votes",
})
TITLED_PERSON = re.compile(
    rf"(?:(?P<org>\b[A-Z]{{2,6}})\s+)?(?P<title>(?<![\w.])(?:{_TITLE_ALT}))\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}(?:,?\s+Jr\.)?)"
    r"(?P<party>\s*\((?:[DRI])-[A-Z]{2}\))?"
)
_PARTY = re.compile(r"\s*\(([DRI]-[A-Z]{2})\)")

_ORG_WORDS = ("Committee|Commission|Department|Ministry|Agency|Bank|Court|Council|Assembly|Parliament|Caucus|"
              "Group|Watch|Foundation|Institute|Office|Organization|Union|Coalition|Center|Centre|Association|"
              "Society|Bureau|Directorate|Service")
# A capitalised word; dots only inside initialisms ("U.S."), so "Justice. Although" is two sentences.
_CAP = rf"(?!(?:{_MONTH_ALT})\b)(?:[A-Z](?:\.[A-Z])+\.|[A-Z][\w&-]*)"
_OF_TAIL = rf"(?:\s+(?:of|on|for|against)\s+(?:the\s+)?{_CAP}(?:\s+(?:and\s+|or\s+)?{_CAP})*)"
ORG_PATTERNS = (
    re.compile(rf"(?:{_CAP}\s+){{1,5}}(?:{_ORG_WORDS})\b{_OF_TAIL}?"),
    re.compile(rf"\b(?:{_ORG_WORDS}){_OF_TAIL}"),
)
_LAW_WORDS = "Act|Convention|Conventions|Laws?|Agreement|Charter|Protocols?|Treaty"
LAW_PATTERNS = (
    re.compile(r"\bSection\s+(?:\d{3,}[A-Z]?|\d+[A-Z])(?:\([a-z0-9]+\))*"
               rf"(?:\s+of\s+the\s+(?:{_CAP}\s+){{0,5}}?(?:Act|Code|Convention)(?:\s+of\s+\d{{4}})?)?"),
    re.compile(rf"(?:{_CAP}\s+){{1,5}}(?:{_LAW_WORDS})\b"),
    re.compile(rf"(?:{_CAP}\s+){{0,3}}(?:Convention|Treaty)\s+(?:on|against|for)\s+(?:the\s+)?{_CAP}"
               rf"(?:\s+(?:of\s+|and\s+)?{_CAP})*"),
    re.compile(r"\bH\.\s?(?:Con\.\s?|J\.\s?)?Res\.\s?\d+"),
)
_LEADING_STOP = re.compile(
    r"^(?:(?:The|In|On|At|As|This|That|These|Those|Following|After|Before|During|Under|Today|And|But|If|When|"
    r"While|Since|By|For|With|A|An|Its|Their|Our|Both|Despite|Through|Instead|Also|Once)\s+)+"
)


RECENT_TEXTS = 512  # texts whose mentions a NameFinder keeps (about one long record's paragraphs and sentences)


@dataclass(frozen=True)
class Mention:
    kind: str  # people | organizations | places | laws
    name: str  # canonical
    start: int
    end: int
    role: str | None = None


class NameFinder:
    """Finds the vocabulary's known names and the patterned ones in a text."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.kind_of: dict[str, str] = {}
        spellings: dict[str, str] = {}  # spelling -> canonical
        for entry in vocab.gazetteer:
            canonical = vocab.canonical(entry.name)
            self.kind_of[canonical.casefold()] = entry.kind
            for spelling in (entry.name, *entry.variants):
                spellings[spelling] = canonical
        for group in vocab.aliases:
            kind = KIND_OF_ALIAS.get(group.kind or "")
            if kind is None:
                continue
            self.kind_of.setdefault(group.canonical.casefold(), kind)
            for spelling in group.names:
                spellings.setdefault(spelling, group.canonical)
        self.spellings = {k.casefold(): v for k, v in spellings.items()}
        ordered = sorted(spellings, key=len, reverse=True)
        self.known = alternation(ordered, case_sensitive=True)
        surnames: dict[str, set[str]] = {}
        for entry in vocab.entries("people"):
            for spelling in (entry.name, *entry.variants):
                last = [t for t in spelling.replace(",", " ").split() if t not in ("Jr.", "Sr.")][-1]
                surnames.setdefault(last, set()).add(vocab.canonical(entry.name))
        self.surnames = {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1}
        # The mentions of the texts asked last: entities, roles and speakers all ask for the same
        # paragraphs and sentences of one record (a finder is shared by threads: a dict's get and
        # set are each atomic, and the cache is only ever replaced whole).
        self._recent: dict[str, tuple[Mention, ...]] = {}

    def canonical(self, name: str) -> str:
        return self.spellings.get(name.casefold(), self.vocab.canonical(name))

    def person_name(self, raw: str) -> str | None:
        """The canonical name for a person's name as written (a surname alone only when known)."""
        name = re.sub(r"['’]s$", "", raw.strip().rstrip(","))
        known = self.spellings.get(name.casefold())
        if known and self.kind_of.get(known.casefold()) == "people":
            return known
        tokens = name.split()
        if len(tokens) == 1:
            return self.surnames.get(tokens[0])
        if tokens[0] in self.surnames:  # "Schiff Statement" in a headline: the known surname, not a name
            return self.surnames[tokens[0]]
        if any(t in _NOT_NAME for t in tokens):
            return None
        return name

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, longest first where they compete."""
        recent = self._recent
        hit = recent.get(text)
        if hit is None:
            hit = tuple(self._find(text))
            if len(recent) >= RECENT_TEXTS:
                self._recent = recent = {}
            recent[text] = hit
        return list(hit)

    def _find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        found += self._titled_people(text)
        if self.known is not None:
            for m in self.known.finditer(text):
                canonical = self.spellings.get(m.group().casefold())
                if canonical is None:
                    continue
                kind = self.kind_of.get(canonical.casefold())
                if kind:
                    found.append(Mention(kind, canonical, m.start(), m.end()))
        known_spans = [(m.start, m.end) for m in found if m.kind in ("organizations", "laws")]
        for m in self._patterned(text, ORG_PATTERNS, "organizations") + self._patterned(text, LAW_PATTERNS, "laws"):
            # Patterns fill the gaps between known names; one running into a known name yields to it
            # ("State U.S. Department of State", "... Co-operation in Europe Office for ...").
            if not any(m.start < e and s < m.end for s, e in known_spans):
                found.append(m)
        return _without_overlaps(found)

    def _titled_people(self, text: str) -> list[Mention]:
        out = []
        for m in TITLED_PERSON.finditer(text):
            tokens = []
            for token in m.group("name").split():  # a name ends where a word that is no name begins
                if token in _NOT_NAME or token.rstrip(",") in _NOT_NAME:
                    break
                tokens.append(token)
            if not tokens:
                continue
            name = self.person_name(" ".join(tokens))
            if name is None:
                continue
            role = m.group("title")
            if m.group("org"):
                role = f"{m.group('org')} {role}"
            if m.group("party") and " ".join(tokens) == m.group("name"):
                role = f"{role} ({m.group('party').strip()[1:-1]})"
            start = m.start("org") if m.group("org") else m.start("title")
            out.append(Mention("people", name, start, m.end(), role))
        return out

    def _patterned(self, text: str, patterns: tuple[re.Pattern[str], ...], kind: str) -> list[Mention]:
        out = []
        for pattern in patterns:
            for m in pattern.finditer(text):
                raw = m.group()
                trimmed = _LEADING_STOP.sub("", raw)
                start = m.start() + (len(raw) - len(trimmed))
                trimmed = re.sub(r"[\s,.]+$", "", trimmed)
                if len(trimmed.split()) < 2 and not trimmed.startswith("H."):
                    continue
                canonical = self.canonical(trimmed)
                out.append(Mention(kind, canonical, start, start + len(trimmed)))
        return out


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (-(x.end - x.start), x.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda x: x.start)


_finders: dict[int, tuple[Vocabulary, NameFinder]] = {}
_finders_lock = threading.Lock()


def name_finder(vocab: Vocabulary) -> NameFinder:
    """One NameFinder per loaded vocabulary (the vocabulary object changes when a file is edited)."""
    with _finders_lock:
        hit = _finders.get(id(vocab))
        if hit and hit[0] is vocab:
            return hit[1]
        finder = NameFinder(vocab)
        _finders.clear()
        _finders[id(vocab)] = (vocab, finder)
        return finder


def find_entities(record: Record, vocab: Vocabulary) -> dict[str, list[str]]:
    """Entities of the title and paragraphs, each kind in order of first appearance."""
    finder = name_finder(vocab)
    names: dict[str, list[str]] = {"people": [], "organizations": [], "places": [], "laws": []}
    texts = [record.title or ""] + [p.text for p in record.paragraphs]
    for text in texts:
        for mention in finder.find(text):
            names[mention.kind].append(mention.name)
    return {kind: unique(values) for kind, values in names.items()}


def find_roles(record: Record, vocab: Vocabulary) -> dict[str, list[str]]:
    """The titles or roles the text gives each person ("Aram Hamparian": ["ANCA Executive Director"])."""
    finder = name_finder(vocab)
    roles: dict[str, list[str]] = {}
    for text in [record.title or ""] + [p.text for p in record.paragraphs]:
        for mention in finder.find(text):
            if mention.kind == "people" and mention.role:
                roles.setdefault(mention.name, [])
                if mention.role not in roles[mention.name]:
                    roles[mention.name].append(mention.role)
    return roles
