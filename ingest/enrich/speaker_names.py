"""Speakers as the text names them -> a name and a role apart, or the named source a vague noun means.

- "retired Air Force General Tony Robertson" -> ("Tony Robertson", "retired Air Force General");
  "Conservancy President, Meg Cheever" and "The president of the ABFE, Kenneth Austin" likewise;
  "Congressman Bera" -> ("Ami Bera", "Congressman") when the document names Ami Bera in full.
- A vague noun is never a speaker: "The letter", "The report", "The lawmakers", "The association"
  are resolved to the source the text names for them ("The February 6th Congressional Armenian
  Caucus letter", "Freedom House published a report", "the Association of Black Foundation
  Executives"), or to nobody.
"""

from __future__ import annotations

import re

from .entities import _ORG_WORDS, TITLES, NameFinder

# Words of a role or a title, never of a name ("Pittsburgh Mayor Tom Murphy", "County Chief Executive").
ROLE_WORDS = frozenset({
    word for title in TITLES for word in title.split()
} | {
    "General", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Admiral", "Adm.", "Sgt.", "Mayor", "Chief", "Executive",
    "County", "Commissioner", "Councilman", "Councilwoman", "Sheriff", "Professor", "Prof.", "Founder", "CEO",
    "Spokesman", "Spokeswoman", "Spokesperson", "Vice", "Deputy", "Acting", "Former", "Retired", "Attorney",
    "Superintendent", "Dean", "Rev.", "Reverend", "Bishop", "Father", "Pastor", "Coach", "Officer", "Manager",
    "Coordinator", "Commander", "Air", "Force", "Army", "Navy", "Marine", "Corps", "Guard", "National", "State",
    "U.S.", "US", "Federal", "Board", "Member", "Members", "Senior", "Staff", "Major", "Private", "Specialist",
    "Trustee", "Treasurer", "Clerk", "Auditor", "Comptroller", "Justice", "Council", "City", "Town",
    "Senators", "Representatives", "Reps.", "Congressmen", "Congresswomen", "Chairmen", "Leaders",
    "Rev", "Sens.", "Drs.",
    # offices of local and state government, colleges, the military, churches, and a party's floor leaders
    # ("Assemblyman David Buchwald", "Alamo Colleges Chancellor Bruce Leslie", "Republican Whip Cantor")
    "Chancellor", "Vice-Chancellor", "Provost", "Regent", "Regents", "Principal", "Supervisor", "Supervisors",
    "Freeholder", "Legislator", "Delegate", "Magistrate", "Inspector", "Warden", "Marshal", "Constable",
    "Chaplain", "Rabbi", "Imam", "Archbishop", "Cardinal", "Monsignor", "Deacon", "Lieutenant", "Sergeant",
    "Captain", "Colonel", "Corporal", "Commandant", "Chairperson", "Whip", "Majority", "Minority",
    "Republican", "Democratic", "Assistant", "Ranking", "Co-Chairman", "Co-Chairwoman", "Co-Chair",
    "Detective", "Trooper", "Ombudsman", "Surgeon", "Vice-Chairman", "Vice-Chairwoman", "Vice-Chair", "Vice-President",
} | {
    # a body's member by the body's name: "Assemblyman", "Councilmember", "Alderwoman", "Selectman"
    f"{body}{member}" for body in ("Assembly", "Council", "Alder", "Select", "Board", "Committee")
    for member in ("man", "woman", "member", "person")
})
_ORG_WORD = re.compile(rf"\b(?:{_ORG_WORDS}|House|Post|Times|Journal|News|Press|Network|Alliance|Fund|Party|"
                       r"Universit(?:y|ies)|Colleges?|Schools?|Hospitals?|Inc\.|Corporation|Company|Group|Project|Program|"
                       r"Award|Act|Bill|Plan|Administration|Government|Police|Army|Navy|Force|Forces|Guard|"
                       r"Nations|Union|Federation|Conference|Board|Authority|Association|Party|Church|Red Cross|"
                       r"Hotel|Airport|Stadium|Arena|Museum|Library|Bridge|Street|Avenue|Building|Plaza|Memorial|"
                       r"League|Baseball|Football)\b")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-’'][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*|(?:[A-Z]\.){1,3}|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|"
                         r"[A-Z][a-z]*[A-Z][a-z]+|Jr\.|Sr\.|III|II)$")
_DETERMINER = re.compile(r"^(?:the|this|that|these|those|a|an|its|their|our)\s+", re.IGNORECASE)
# Nouns that stand for a source named elsewhere: a document, a body, or a group of people.
DOCUMENT_NOUNS = ("letter", "report", "study", "statement", "memo", "survey", "investigation", "document",
                  "resolution", "release", "analysis", "assessment", "review", "complaint", "lawsuit", "petition")
BODY_NOUNS = ("committee", "association", "caucus", "ministry", "group", "organization", "council", "court",
              "commission", "department", "coalition", "foundation", "agency", "campaign", "administration",
              "office", "panel", "company", "firm", "board", "union", "institute", "center", "government")
PEOPLE_NOUNS = ("lawmakers", "members", "senators", "representatives", "signers", "signatories", "co-chairs",
                "legislators", "congressmen", "authors", "sponsors", "cosponsors", "officials", "leaders",
                "democrats", "republicans", "colleagues", "delegation", "appropriators")
_PEOPLE_BODIES = re.compile(r"\b(?:Caucus|Delegation|Task Force|Coalition)\b")
_CAPSEQ = r"(?:(?:[A-Z][\w&’'.-]*|of|for|on|against|the|and)\s+){0,6}?[A-Z][\w&’'.-]*"
_MONTHS_DAYS = re.compile(
    r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b\s*(?:\d{1,2}(?:st|nd|rd|th)?,?\s*)?"
    r"(?:\d{4}\s*)?)+")


def split_name_role(phrase: str, known: dict[str, str], finder: NameFinder) -> tuple[str, str | None] | None:
    """(name, role) when `phrase` is a person's name with a role before or after it; None otherwise.

    `known`: surname -> full name of the people this document names (to resolve "Congressman Bera")."""
    phrase = re.sub(r"\s*\((?:[DRI]-[\w.\s-]+|[A-Z]{2}-\d+)\)$", "", phrase.strip().strip(",").strip())
    m = re.match(r"^(?P<pre>.*?)(?P<name>\b[A-Z][^,]*?)\s+(?P<role>(?:of|at|from|with)\s+(?:the\s+)?[A-Z].*)$", phrase)
    if m:  # "Robert E. Scott of the Economic Policy Institute", "Mr. Guy Cierzan of the Carlson Marketing Group"
        found = _trailing_person(m.group("pre") + m.group("name"), known, finder)
        if found is not None and found[1] == m.group("name").strip():
            role = _clean_role(f"{_clean_role(m.group('pre'))} {m.group('role')}")
            return found[0], role or None
    m = re.match(r"^(?P<name>[^,]+),\s+(?P<role>.+)$", phrase)
    if m:  # "Meg Cheever, the Conservancy's president" / "Conservancy President, Meg Cheever"
        name = _person(m.group("name"), known, finder, require_full=True)
        if name and not _has_role_words(m.group("name")):
            return name, _clean_role(m.group("role"))
        name = _trailing_person(m.group("role"), known, finder)
        if name and name[1] == m.group("role").strip():
            return name[0], _clean_role(m.group("name"))
    lead = re.match(r"^(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?P<role>(?P<word>\S+)\s.*)$",
                    phrase)
    if lead and (lead.group("word") in ROLE_WORDS or lead.group("word") in ("President", "Director", "Chairman")):
        name = _person(lead.group("name"), known, finder)  # "Robert W. Littke President and CEO ..." (no comma)
        after = _trailing_person(lead.group("role"), known, finder)
        if name and not (after and after[1] != lead.group("role")):  # "Alamo Colleges Chancellor Bruce Leslie"
            # names whoever follows the role, not the words before it
            return name, _clean_role(lead.group("role"))
    found = _trailing_person(phrase, known, finder)
    if found is None:
        return None
    name, written = found
    role = _clean_role(phrase[: len(phrase) - len(written)])
    if not role and name not in known.values() and finder.kind_of.get(name.casefold()) != "people":
        return None  # two capitalised words alone ("Big Machine") are not shown to be a person
    return name, role or None


def _trailing_person(phrase: str, known: dict[str, str], finder: NameFinder) -> tuple[str, str] | None:
    """The person's name at the end of `phrase` ("... General Tony Robertson"), with the words as written."""
    phrase = re.sub(r"\s*\((?:[DRI]-[\w.\s-]+|[A-Z]{2}-\d+)\)$", "", phrase.strip().rstrip(","))
    tokens = phrase.split()
    name_tokens: list[str] = []
    for token in reversed(tokens):
        bare = token.rstrip(",")
        if bare != token and name_tokens:
            break
        if bare in ROLE_WORDS or not _NAME_TOKEN.match(bare):
            break
        name_tokens.insert(0, bare)
    while name_tokens and name_tokens[0] in ("Jr.", "Sr.", "III", "II"):
        name_tokens.pop(0)
    if len(name_tokens) < len(tokens) and tokens[-len(name_tokens) - 1] in ("of", "for"):
        # "Secretary of Education Margaret Spellings": the words after "of" start with the office's
        while len(name_tokens) > 2 and not re.fullmatch(r"[A-Z]\.", name_tokens[1]):
            name_tokens.pop(0)
    if not name_tokens:
        return None
    written = " ".join(name_tokens)
    name = _person(written, known, finder, require_full=len(name_tokens) == len(tokens))
    if name is None:
        return None
    start = phrase.rfind(name_tokens[0])
    return name, phrase[start:]


def looks_like_person(written: str) -> bool:
    """Whether a run of capitalised words can be a person's name: no organization or award word."""
    return not _ORG_WORD.search(written) and not any(t in ROLE_WORDS for t in written.split())


def _person(written: str, known: dict[str, str], finder: NameFinder, require_full: bool = False) -> str | None:
    """A person's full name for `written`: a surname the document or gazetteer names in full, or
    First [M.] Last."""
    written = re.sub(r"['’]s$", "", written.strip())
    tokens = written.split()
    if not tokens or any(not _NAME_TOKEN.match(t) or t in ROLE_WORDS or _ORG_WORD.fullmatch(t) for t in tokens):
        return None
    if len(tokens) == 1:
        return known.get(tokens[0]) or finder.person_name(tokens[0])
    full = finder.person_name(written)
    if full is None:
        return None
    if require_full and len(tokens) < 2:
        return None
    last = tokens[-1] if tokens[-1] not in ("Jr.", "Sr.", "III", "II") else tokens[-2]
    longer = known.get(last)
    if longer and len(longer.split()) > len(tokens) and longer.split()[0] == tokens[0]:
        return longer
    return full


def _has_role_words(text: str) -> bool:
    return any(t.rstrip(",") in ROLE_WORDS for t in text.split())


def _clean_role(role: str) -> str:
    role = _DETERMINER.sub("", role.strip().strip(",").strip())
    return role.rstrip(",").strip()


def vague_noun(phrase: str) -> str | None:
    """The head noun when `phrase` is a vague reference ("The letter", "the UN committee", "The
    lawmakers"): a determiner and a common noun, no name of its own."""
    m = re.match(r"^(?:the|this|that|these|those|its|their)\s+(?P<rest>.+)$", phrase.strip(), re.IGNORECASE)
    if not m:
        return None
    words = m.group("rest").split()
    nouns = DOCUMENT_NOUNS + BODY_NOUNS + PEOPLE_NOUNS
    for i, word in enumerate(words[:4]):
        norm = re.sub(r"['’]s?$", "", word.casefold().rstrip(",.:;"))  # "council’s" -> "council"
        party = norm in ("democrats", "republicans")  # "The Democrats" names a party, not who spoke
        people = norm in PEOPLE_NOUNS and not party  # "the Members wrote": capitalised, still no name
        if (word[:1].islower() or party or people) and (norm in nouns or norm.rstrip("s") in nouns):
            named = [x for x in words[:i] if x[:1].isupper() and not x.isupper()]
            return None if named else norm
    return None


def qualifier(phrase: str) -> list[str]:
    """Capitalised words and acronyms in a vague phrase ("the UN committee" -> ["UN"])."""
    m = re.match(r"^(?:the|this|that|these|those|its|their)\s+(?P<rest>.+)$", phrase.strip(), re.IGNORECASE)
    return [w for w in (m.group("rest").split() if m else []) if w[:1].isupper()]


def antecedent(noun: str, qualifiers: list[str], sentences: list[str], finder: NameFinder) -> str | None:
    """The source a vague noun stands for, from the sentences before the quote (nearest first)."""
    noun = noun.casefold()
    if noun.rstrip("s") in BODY_NOUNS or noun in BODY_NOUNS:
        stem = noun.rstrip("s")
        for sentence in sentences:
            orgs = [m.name for m in finder.find(sentence) if m.kind == "organizations"]
            for org in reversed(orgs):
                if stem in org.casefold() and all(q.casefold() in org.casefold() for q in qualifiers):
                    return org
        return None
    if noun in PEOPLE_NOUNS:
        for sentence in sentences:
            orgs = [m.name for m in finder.find(sentence) if m.kind == "organizations"]
            for org in reversed(orgs):
                if _PEOPLE_BODIES.search(org):
                    return org
        return None
    stem = noun.rstrip("s")
    patterns = (
        rf"(?P<who>{_CAPSEQ})(?:['’]s)?(?:[- ]led)?(?:\s+[a-z][\w-]*){{0,2}}\s+{stem}s?\b",
        rf"\b{stem}s?\s+(?:led\s+)?(?:by|from|of)\s+(?:the\s+)?(?P<who>{_CAPSEQ})",
        rf"(?P<who>{_CAPSEQ})\s+(?:published|released|issued|sent|wrote|led|authored|presented|delivered)\s+"
        rf"(?:a|an|the|its|their|this)\s+(?:[\w-]+\s+){{0,3}}?{stem}\b",
    )
    for sentence in sentences:
        best: tuple[int, str] | None = None
        for pattern in patterns:
            for m in re.finditer(pattern, sentence):
                who = _source_name(m.group("who"), finder)
                if who and (best is None or m.start("who") > best[0]):
                    best = (m.start("who"), who)
        if best:
            return best[1]
    return None


def _source_name(raw: str, finder: NameFinder) -> str | None:
    """A named source from a run of capitalised words: leading determiners and dates dropped."""
    text = re.sub(r"^(?:The|A|An|This|That|In|On|Today|Yesterday)\s+", "", raw.strip())
    text = _MONTHS_DAYS.sub("", text).strip()
    text = re.sub(r"^(?:the|of|for|on|and)\s+", "", text)
    if not text or not text[:1].isupper() or text in ("U.S.", "US", "I", "We"):
        return None
    mentions = [m for m in finder.find(text) if m.kind in ("organizations", "people")]
    if mentions:
        return mentions[-1].name if mentions[-1].end == len(text) else mentions[0].name
    return finder.canonical(text) if len(text.split()) <= 6 else None
