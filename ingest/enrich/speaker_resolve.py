"""A phrase the text gives as a source -> a speaker: a person by the fullest name the document gives
(with role), an organization, the person a pronoun or a vague noun ("the senator", "the letter")
stands for, or nobody. The document's people are learned once (`SpeakerResolver`); the quote tags
(quote_tags.py) call `resolve` on the words they find."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from archive import Paragraph

from .entities import Mention, NameFinder
from .speaker_names import (
    PEOPLE_NOUNS,
    ROLE_WORDS,
    antecedent,
    looks_like_person,
    qualifier,
    split_name_role,
    vague_noun,
)
from .speaker_patterns import (
    ADDRESSEE_BEFORE,
    APPOSITIVE,
    DATE_START,
    DATELINE,
    DEGREE,
    DESCRIBED_PERSON,
    DETERMINER_HEADS,
    DETERMINERS,
    FRAGMENT_HEADS,
    FRAGMENT_TAILS,
    LEADING_ADVERBIAL,
    NAME,
    NAMED_SOURCE,
    NOT_SPEAKERS,
    PARTICIPLE,
    PARTY_TAGGED,
    POSSESSED_DOCUMENT,
    PRONOUNS,
    SAYER,
    SENTENCE_SUBJECT,
    THIRD_PERSON_TITLE,
)
from .speaker_people import distinct_people, shown_people, surname
from .text import sentence_spans

# Capitalised words joined by "on", "of", "for", "and" go on a body's name ("the Connecticut Commission on
# Community Service, the state's commission"): the words after them are no person.
_INSIDE_A_BODYS_NAME = re.compile(r"\b[A-Z][\w&’'-]*\s+(?:on|of|for|and)\s+$")


def _as_the_text_writes(token: str, text: str) -> str:
    """A word of a name as the text capitalises it ("Mccollum" in an office's name -> "McCollum")."""
    if len(token) < 3:
        return token
    m = re.search(rf"(?<![\w’'-]){re.escape(token)}(?![\w’'-])", text, re.IGNORECASE)
    return m.group() if m and m.group()[:1].isupper() and m.group() != m.group().upper() else token


def _same_member(office: str, written: str, paragraphs: list[Paragraph]) -> bool:
    """Whether the text's full form of a surname is the office's member: the same first letter ("Ed Royce",
    "Darrell Issa"), or a member of Congress by the title before it ("Congressman Mac Thornberry")."""
    if office[:1] == written[:1]:
        return True
    titled = re.compile(rf"\b(?:Congressman|Congresswoman|Rep\.|Representative|Senator|Sen\.)\s+{re.escape(written)}\b")
    return any(titled.search(p.text) for p in paragraphs)


@dataclass
class Attribution:
    speaker: str | None = None
    role: str | None = None
    via: str | None = None
    is_person: bool = False


def first_np(text: str) -> str | None:
    """The noun phrase a sentence starts with: a determiner, then capitalised words ("The Artsakh
    Foreign Ministry"), or one plain noun ("The letter"), or a possessive and its noun."""
    tokens = text.split()
    out: list[str] = []
    i = 0
    if tokens and tokens[0] in DETERMINERS:
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
    if not out or (len(out) == 1 and out[0] in DETERMINERS):
        return None
    return " ".join(out)


class SpeakerResolver:
    """The people a document names (surname -> full name, roles) and how a phrase resolves to them."""

    def __init__(self, finder: NameFinder, paragraphs: list[Paragraph] | None = None,
                 names: list[str] | None = None) -> None:
        self.finder = finder
        self.previous: Attribution | None = None
        self.roles: dict[str, str] = {}
        self.context = ""  # the text before the quote being attributed (for "she said")
        self.vague_source = False  # set when a quote's source is only "the report", "the letter"
        self.document_before = ""  # all of the document before the quote (for "The letter" -> its author)
        self.people: dict[str, str] = {}  # surname -> full name, for the people this document names
        self._forms: dict[str, set[str]] = {}  # surname -> every full form the text gives
        for para in paragraphs or []:
            self._learn_people(para.text)
        text = "\n".join(p.text for p in paragraphs or [])
        names = [" ".join(_as_the_text_writes(t, text) for t in n.split()) for n in names or []]
        own = distinct_people([n for n in names if len(n.split()) >= 2])
        self.voice = own[0] if len(own) == 1 else None  # whose "I" the document's narrative is
        for name in names:  # the record's authors, the member an office belongs to
            tokens = [t for t in name.replace(",", " ").split() if t not in ("Jr", "Jr.", "Sr.", "II", "III")]
            if len(tokens) < 2 or not self.finder.person_name(name):
                continue
            forms = self._forms.get(tokens[-1], set())
            if len(forms) == 1 and _same_member(" ".join(tokens), next(iter(forms)), paragraphs or []):
                if self.voice == name:  # the one form the text gives wins ("Mac Thornberry" for an office named
                    self.voice = self.people[tokens[-1]]  # "William Thornberry"; a misspelt office name)
                continue
            self.people[tokens[-1]] = " ".join(tokens)  # two people of that surname: the office's member

    def _learn_people(self, text: str) -> None:
        text = DEGREE.sub("", text)
        names = [m.name for m in self.finder.find(text) if m.kind == "people"]
        names += [m.group("name") for pattern in (NAMED_SOURCE, PARTY_TAGGED) for m in pattern.finditer(text)
                  if self.finder.person_name(m.group("name")) == m.group("name")
                  and not _INSIDE_A_BODYS_NAME.search(text[: m.start()])]
        names += shown_people(text, self.finder)
        for name in names:
            tokens = [t for t in name.replace(",", " ").split() if t not in ("Jr.", "Sr.")]
            while tokens and tokens[0] in ROLE_WORDS:  # "Senators Johnny Isakson": the title is no part of it
                tokens.pop(0)
            if len(tokens) >= 2:
                self.people.setdefault(tokens[-1], " ".join(tokens))
                self._forms.setdefault(tokens[-1], set()).add(" ".join(tokens))

    def _person(self, name: str) -> str | None:
        """A name as written -> the full name (a surname alone only when this document or the
        gazetteer names that person in full)."""
        name = re.sub(r"['’]s$", "", name.strip().rstrip(","))
        if " " not in name:  # this document's people first, then the gazetteer's
            return self.people.get(name) or self.finder.person_name(name)
        if not looks_like_person(name):
            return None  # "Public Achievement Award"
        longer = {full for full in self.people.values() if full.endswith(" " + name)}
        if len(longer) == 1 and len(name.split()) == 2 and name.split()[0] not in ROLE_WORDS:
            return longer.pop()  # "Watson Coleman": a surname of two words the document gives in full
        return self.finder.person_name(name)

    def _named_group(self, sentences: list[str]) -> str | None:
        """Two to eight people named together in the nearest sentence that names more than one
        ("Thune and Rounds stressed ..." -> "John Thune and Mike Rounds"); nobody when that sentence
        names some of its people as objects before others ("cosponsored by Representatives A, B and
        C": a list the object rule would cut short)."""
        for sentence in sentences[:6]:
            mentions = [m for m in self.finder.find(sentence) if m.kind == "people"]
            mentions += [Mention("people", name, at, at + len(name)) for name in shown_people(sentence, self.finder)
                         for at in [sentence.find(name)] if at >= 0 and not any(m.start <= at < m.end for m in mentions)]
            objects: list[int] = []
            subjects: list[Mention] = []
            last_object: Mention | None = None
            for m in sorted(mentions, key=lambda m: m.start):
                listed = last_object is not None and re.fullmatch(  # "to A and VA Secretary B": B is one too
                    r"(?:\s*\([^()]*\))?\s*,?\s*(?:and\s+)?(?:[A-Z][\w.&’'-]*\s+){0,4}",
                    sentence[last_object.end:m.start]) is not None
                if listed or ADDRESSEE_BEFORE.search(sentence[: m.start]):
                    objects.append(m.start)
                    last_object = m
                elif m.start >= (last_object.end if last_object else 0):
                    subjects.append(m)
            if objects and subjects and min(objects) < max(m.start for m in subjects):
                return None
            if len(objects) >= 2 and not subjects:
                return None  # "cosponsored by A, B and C": a group the sentence names only after a preposition
            names = [m.name for m in sorted(subjects, key=lambda m: m.start)]
            names += [self.people[m.group()] for m in re.finditer(r"\b[A-Z][a-z]+\b", sentence)
                      if m.group() in self.people and not ADDRESSEE_BEFORE.search(sentence[: m.start()])
                      and not any(o.start <= m.start() < o.end for o in mentions)  # a name met above
                      and not any(self.people[m.group()].startswith(n) or n.endswith(m.group()) for n in names)]
            names = distinct_people(list(dict.fromkeys(names)))  # "John Larson" and "John B. Larson" are one
            if 2 <= len(names) <= 8:
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
                closing = max(sentence.rfind("”"), sentence.rfind('"'))
                if closing <= 0 or len(sentence[closing + 1:].split()) < 2:
                    continue  # a quote, not a sentence of the narrative
                sentence = sentence[closing + 1:].lstrip(" ,")  # “...,” Rush said.: its tag is
            out.append(LEADING_ADVERBIAL.sub("", DATELINE.sub("", sentence)))
        return out

    def _recent_person(self) -> str | None:
        """The person the nearest narrative sentence is about: its subject when that is a name,
        else the first full name in it; a sentence starting with he/she defers to the one before."""
        for sentence in self._recent_sentences():
            sentence = re.sub(r"“[^“”]*”", " ", sentence)  # quoted words are no narrative
            closing = max(sentence.rfind("”"), sentence.rfind('"'))
            if closing >= 0:  # “... the work that X started,” Rush said.: the tag after the quote's end
                sentence = sentence[closing + 1:].lstrip(" ,")
            if sentence.split(" ", 1)[0].casefold() in ("he", "she"):
                continue
            for m in SAYER.finditer(sentence):  # "... at the White House, Trump said he had spoken with ..."
                words = m.group("name").split()
                written = " ".join(words[next((i for i, w in enumerate(words) if w not in ROLE_WORDS), len(words)):])
                name = self._person(written) if written else None
                prev = self.previous.speaker if self.previous is not None else None
                if name is None and prev and written in prev.split():
                    name = prev  # "“...,” Rush said.": the speaker just given, by the name the text gives
                if name:
                    return name
            sentence = re.sub(r"^(?:But|And|Yet|So|Still|Now)\s+", "", sentence)
            for m in re.finditer(rf"\b{THIRD_PERSON_TITLE}\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})", sentence):
                name = self._person(m.group("name"))  # "Rep. Lewis is more than an advocate ..."
                if name:
                    return name
            m = SENTENCE_SUBJECT.match(sentence)
            name = self._person(m.group("name")) if m else None
            if name:
                return name
            for found in re.finditer(NAME, sentence):
                words = found.group().split()
                if len(words) >= 3 and re.search(r"\bof\s+(?:the\s+)?$", sentence[: found.start()]):
                    words = words[1:]  # "President of the Philippines Gloria Arroyo": the office's place first
                name = self._person(" ".join(words))
                if name and found.start() > 0:
                    return name
        return None

    def _recent_subject(self) -> str | None:
        """The subject of the nearest narrative sentence (for "they said", "it says")."""
        for sentence in self._recent_sentences()[:1]:
            np = first_np(sentence)
            if np and np.split(" ", 1)[0].casefold() not in PRONOUNS:
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
                if len(name.split()) >= 2 and "," not in name:  # "Mrs. Arroyo continued" after "she said" is she
                    self.people.setdefault(surname(name), name)
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
        phrase = re.sub(r"^[-–—]+\s*|\s*:$", "", phrase)  # "-- Rob Manfred, COO of ...:" (a transcript's speaker line)
        if not phrase or phrase[0] in "(),;":
            return None  # "(R-Texas), Chair of ...": the end of a name cut off, not a source
        if phrase.casefold() in PRONOUNS:
            return self._pronoun(phrase.casefold())
        words = phrase.split()
        if len(words) >= 2 and len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2:]:
            phrase = " ".join(words[: len(words) // 2])  # a name printed twice where markup was lost
        first = phrase.split(" ", 1)[0].casefold()
        if phrase in self.people and phrase in ROLE_WORDS:  # "Bishop concludes" where the text names Rob Bishop
            name = self.people[phrase]
            return Attribution(name, self.roles.get(name), None, True)
        if phrase.rstrip(".") in ROLE_WORDS or phrase in ROLE_WORDS:
            return None  # a title alone ("Rev", "Senator") names nobody
        if re.search(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]\.?$", phrase) and all(
                w in ROLE_WORDS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]\.?", w) for w in phrase.split()):
            return None  # "Ranking Member C.A": titles and initials, the name cut off
        if DATE_START.match(phrase):
            return None  # "October 2nd, I": a date is no source
        owner = POSSESSED_DOCUMENT.match(phrase)
        if owner:  # "Chairman Rush's letter to his colleagues": whose letter it is
            return self.resolve(owner.group("who"))
        if first in NOT_SPEAKERS or re.fullmatch(PARTICIPLE, first) or (" " not in phrase and phrase.islower()) \
                or (" " not in phrase and first.endswith("ing")):  # "Responding": a participle, not a name
            return None  # "Many", "and", "Citing": not a source the text names
        described = DESCRIBED_PERSON.match(phrase)
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
            if person is None and all(w in ROLE_WORDS or w.rstrip(".") in ROLE_WORDS for w in who.split()):
                self.vague_source = True  # "Rep.": a title left of a name the text gave, not a source
                return None
            return Attribution(person, self.roles.get(person), None, True) if person else Attribution(who)
        words = phrase.split()
        if all(w[:1].islower() for w in words[1:]) and (
                words[0].casefold() in FRAGMENT_HEADS
                or (words[0].casefold() in DETERMINER_HEADS and len(words) > 1 and words[1] in FRAGMENT_TAILS)):
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
        joint = self._titled_list(phrase)
        if joint is not None:
            return joint
        titled = self._titled_surname(phrase)
        if titled is not None:
            return titled
        split = split_name_role(phrase, self.people, self.finder)
        if split is not None:  # "retired Air Force General Tony Robertson", "Congressman Bera"
            name, role = split
            if len(name.split()) >= 2 and "," not in name:  # "board member Denver McClendon": "McClendon" is he
                self.people.setdefault(surname(name), name)
            role = role or self.roles.get(name)
            if role:
                self.roles.setdefault(name, role)
            return Attribution(name, role, None, True)
        appositive = APPOSITIVE.match(phrase)
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
        titled = re.fullmatch(r"(?P<role>(?:[\w.-]+\s+){1,3})(?P<name>[A-Z][a-z]*[A-Z]?[a-z’'-]+)", phrase)
        if titled and all(w in ROLE_WORDS or w.replace("Co-", "") in ROLE_WORDS for w in titled.group("role").split()):
            # "Co-Chairman Bost", "Congressman McCarthy": the surname the text gives, the title apart
            return Attribution(titled.group("name"), titled.group("role").strip(), None, True)
        return Attribution(phrase)

    def _titled_list(self, phrase: str) -> Attribution | None:
        """"Senators Collins and King and Representative Poliquin": every person, by the full names this
        document gives (None unless each part is a person)."""
        if " and " not in phrase:
            return None
        names: list[str] = []
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase):
            words = [w for w in part.split() if w not in ROLE_WORDS and w not in ("Senators", "Representatives", "Reps.")]
            if not words or len(words) > 3:
                return None
            name = self._known_person(" ".join(words))
            if name is None:
                return None
            names.append(name)
        return Attribution(" and ".join(names), None, None, True) if len(set(names)) >= 2 else None

    def _titled_surname(self, phrase: str) -> Attribution | None:
        """Titles and a surname this document gives in full ("Congressman Bishop", "Rep. McKeon")."""
        words = phrase.split()
        if len(words) < 2 or words[-1] not in self.people or not all(w in ROLE_WORDS for w in words[:-1]):
            return None
        name = self.people[words[-1]]
        role = self.roles.get(name) or " ".join(words[:-1])
        self.roles.setdefault(name, role)
        return Attribution(name, role, None, True)
