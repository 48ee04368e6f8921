"""The tag around one quote: the clause after it (`,” said X.`, `X said.`, `– X` source lines), the
clause before it (`X said, “`, `according to X, “`, `X released the following statement:`, `Name:`),
and a source named between the verb and the quote ("cites the UN Committee ... “"), read into an
`Attribution` through the resolver."""

from __future__ import annotations

import re

from .entities import Mention
from .quote_finder import QuoteSpan, find_quotations
from .speaker_names import ROLE_WORDS, looks_like_person
from .speaker_patterns import (
    ACCORDING,
    ACCORDING_END,
    DATE_WORD,
    DATELINE,
    DETERMINERS,
    EMBEDDED_VERB,
    FINITE,
    LEADING_ADVERBIAL,
    NAME,
    NAMELESS_STATEMENT,
    OBJECT_BEFORE,
    PARTY_TAG,
    POSSESSIVE_STATEMENT,
    POSSESSIVE_WORDS,
    PRONOUNS,
    REMARKS_HEADING,
    SPEAKER_CUT,
    STATEMENT_INTRO,
    THIRD_PERSON_TITLE,
    TRAILING_ADVERB,
    VERB,
    VERB_AFTER_SPEAKER,
    VERB_START,
    unglue,
)
from .speaker_people import shown_people
from .speaker_resolve import Attribution, SpeakerResolver, first_np
from .text import sentence_spans


def _clause_after(text: str, pos: int) -> str:
    """From `pos` to the next quote mark or the end of the sentence."""
    rest = unglue(text[pos:pos + 300])
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
    mark, or in a colon that ends the paragraph ("Alexander said:" before a block quote): they
    introduce the next quote, not the one before."""
    return re.match(r'^[\s”"]*[^“”"\n.!?]{1,120}?(?:[,:]\s*[“"]|:\s*$)', unglue(text[pos:pos + 200])) is not None


def _runs_into_clause(text: str, span: QuoteSpan) -> bool:
    """The sentence goes on after the quote (`,” said ...`), rather than a new one starting."""
    inside = text[span.start:span.end].rstrip()
    after = text[span.close_end or span.end:].lstrip()
    return inside.endswith((",", "!", "?", "—", "–", "-")) or after.startswith((",", "—", "–"))


def _role_of_a_body(phrase: str) -> bool:
    """"Executive Director of New Directions for Youth": titles, then "of" and a body (a role, not a name)."""
    head = re.split(r"\s+(?:of|for|at)\s+", phrase, maxsplit=1)[0].split()
    return " of " in phrase and bool(head) and all(w in ROLE_WORDS for w in head)


def _clean_phrase(phrase: str) -> str:
    phrase = SPEAKER_CUT.sub("", phrase.strip())
    parts = re.split(r"[,;:](?:\s|$)|\s[–—-]\s", phrase)
    first = parts[0]
    if len(parts) > 1 and re.fullmatch(rf"\s*{NAME}\s*\.?\s*", parts[1]) and (
            not re.search(NAME, first) or _role_of_a_body(first)):
        first = f"{first}, {parts[1].strip()}"  # "Conservancy President, Meg Cheever"
    return first.strip().rstrip(".?!").strip()  # "said Thompson.?": stray marks after the name


def _subject(prefix: str, participle: bool) -> str | None:
    text = DATELINE.sub("", prefix.strip())
    text = LEADING_ADVERBIAL.sub("", text)
    if participle:
        return first_np(text)
    text = TRAILING_ADVERB.sub("", text.strip().rstrip(","))
    text = re.sub(r"\s+that$", "", text)
    if not text:
        return None
    if re.search(r"(?:,|\s)\s*(?:but|and|yet)(?:\s+then|\s+also)?$", text):
        return first_np(text)  # "McClendon praised the initiative, but noted “...”": the first clause's subject
    if len(text.split()) <= 8:
        return text
    return first_np(text)


class Attributor(SpeakerResolver):
    """Reads the tags around each quote (the resolver's state carries over from quote to quote)."""

    def after(self, text: str, span: QuoteSpan) -> Attribution | None:
        if span.close_end is None:
            return None
        clause = _clause_after(text, span.close_end)
        stripped = clause.strip()
        dash = re.match(r"^[—–-]\s*(?P<src>[^“\"]+)$", text[span.close_end:].strip())
        if dash and not dash.group("src").rstrip().endswith(":"):  # "-- Name, Role: “": the next quote's speaker
            return self.credit(dash.group("src"))
        if not _runs_into_clause(text, span):
            m = re.match(rf"^(?P<who>(?:[A-Z][\w.’'-]*\s+){{1,4}}?)(?:{FINITE})\b", stripped)
            if m and _introduces_next(text, span.close_end):
                return None  # “... help me.” Dingell continued, “As we leave ...”: the next quote's tag
            if m:  # “... in the Bronx” Congressman Serrano said.
                return self.resolve(m.group("who"))
            m = re.match(r"^(?:said|says|added|stated|wrote)\s+(?P<who>(?:[A-Z][\w.’'-]*\s?){1,5})", stripped)
            return self.resolve(_clean_phrase(m.group("who"))) if m else None  # “...” said Lowey.
        m = VERB_START.match(stripped)
        if m:
            return self.resolve(_clean_phrase(stripped[m.end():]))
        m = re.match(r"^according to (?P<who>[^,.;]+)", stripped)
        if m:
            return self.resolve(_clean_phrase(m.group("who")))
        if text[span.start:span.end].rstrip().endswith(("?", "!")) and stripped[:1].isupper() and \
                _introduces_next(text, span.close_end):
            return None  # “How did he deal with it?” He said, “...”: a new sentence, the next quote's tag
        m = VERB_AFTER_SPEAKER.search(stripped)
        first_word = stripped.split(" ", 1)[0]
        speaker_first = stripped[:1].isupper() or first_word.casefold() in PRONOUNS or first_word in DETERMINERS
        if m and len(PARTY_TAG.sub("", stripped[: m.start()]).split()) <= 7 and speaker_first:
            return self.resolve(_clean_phrase(stripped[: m.start()]))
        if m and speaker_first:  # “...,” Henry Darwin of the Arizona Department of ... told the committee.
            named = re.match(rf"(?P<name>{NAME})\s+of\s+(?P<role>.+)$", stripped[: m.start()].strip())
            found = self.resolve(named.group("name")) if named else None
            if found is not None and found.is_person:
                found.role = found.role or named.group("role").strip(" ,")
                return found
        return None

    def before(self, before: str) -> Attribution | None:
        if not before.strip():
            return None
        before = unglue(before)
        m = ACCORDING_END.search(before)
        if m:
            found = self.resolve(_clean_phrase(m.group("who")))
            verb = VERB.search(before[: m.start()])
            if found and verb:
                via = self.resolve(_subject(before[: verb.start()], bool(verb.group("part"))))
                if via and via.speaker != found.speaker:
                    found.via = via.speaker
            return found
        label = re.search(r"(?:^|:\s+|(?<=[a-z0-9)”])[.!?]\s+)(?P<who>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w’'-]+)"
                          r"(?:\s+(?:said|added|stated|continued|wrote|noted|says|adds))?\s*:\s*$", before)
        if label is not None:  # "... delivered the following statements: Ranking Member Stark:" or "Burr said:": nearer
            found = self._name_colon(label.group("who") + ":")
            if found is not None:
                return found
        intro = self._statement_words(before)  # "X released a statement on President Obama's speech:" is X's
        if intro is not None:
            return intro
        m = POSSESSIVE_WORDS.search(before)
        if m:
            return self.resolve(m.group("who"))
        verb = VERB.search(before)
        if not verb:
            found = self._name_colon(before)
            line = re.search(r"(?:^|[.!?]\s+|[-–—]{1,2}\s+)(?P<src>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3},\s+[^:.“”\"]{3,120}):\s*$",
                             before.strip() + " ")
            if found is None and line:  # "Mike LaPlant, President of the Washington Farm Bureau:"
                found = self.credit(line.group("src"))
            if found is None and before.rstrip().endswith(":"):  # "Congressman X ... voted for H.R. 36 ...: “"
                found = self._people_subject(before, any_length=True)
            return found
        subject = self._people_subject(before[: verb.start()]) or self._titled_just_before(before[: verb.start()]) \
            or self.resolve(_subject(before[: verb.start()], bool(verb.group("part"))))
        if subject is None or not subject.is_person:
            subject = self._people_subject(before[: verb.start()], any_length=True) or subject
        if "statement" in verb.group():  # "X released the following statement on Y:" is X's, never Y's
            return subject
        embedded = self._embedded(before[verb.end():])
        if embedded and (subject is None or embedded.speaker != subject.speaker):
            embedded.via = subject.speaker if subject else None
            return embedded
        return subject

    def _titled_just_before(self, prefix: str) -> Attribution | None:
        """A titled person right before the verb ("... Health Crises On the House Floor, Congressman
        McGovern said"): the subject, whatever a run-in heading puts before it."""
        m = re.search(rf"(?:^|[,;]\s+|\s)(?P<title>{THIRD_PERSON_TITLE})\s+(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){{0,3}})"
                      r"(?:\s*\([^()]{1,30}\))?\s*,?\s*$", prefix)
        if m is None:
            return None
        found = self.resolve(m.group("name"))
        if found is None or not found.is_person:
            return None
        found.role = found.role or m.group("title")
        return found

    def _statement_words(self, before: str) -> Attribution | None:
        """A statement introduced by name: "Rep. DeFazio issued this statement:", "Below is his
        statement on the meeting:", "Following are her remarks as prepared for delivery:"."""
        m = STATEMENT_INTRO.search(before)
        if m is not None:
            who = self._people_subject(before[: m.start()], any_length=True) or \
                self._titled_person(before[: m.start()]) or self.resolve(_subject(before[: m.start()], False))
            if who is not None:
                return who
        m = re.search(r"\b(?:[Ss]tatements?|[Rr]emarks|[Cc]omments)\s+(?:from|by)\s+(?P<who>[A-Z][^:]{2,80}):\s*$", before)
        if m is not None:  # "The following is a statement from Rep. Gutiérrez:"
            return self.resolve(_clean_phrase(m.group("who")))
        for m in reversed(list(REMARKS_HEADING.finditer(before))):  # "Remarks by Rep. David Price Wednesday"
            words = m.group("who").split()
            words = words[: next((i for i, w in enumerate(words) if DATE_WORD.fullmatch(w.rstrip(","))), len(words))]
            for size in range(len(words), 1, -1):  # "Ranking Member Collin C. Peterson H.R. 2642": the person in it
                for i in range(len(words) - size + 1):
                    found = self.resolve(" ".join(words[i:i + size]))
                    if found is not None and found.is_person:
                        return found
        m = POSSESSIVE_STATEMENT.search(before)
        if m is not None:
            return self.resolve(m.group("pronoun").casefold().replace("his", "he").replace("her", "she")
                                .replace("their", "they"))
        if NAMELESS_STATEMENT.search(before):
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
            m = STATEMENT_INTRO.search(sentence)
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
        subject = LEADING_ADVERBIAL.sub("", DATELINE.sub("", subject.strip()))
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
        return sorted((m for m in found if not OBJECT_BEFORE.search(subject[:m.start])
                       and not re.match(r"['’]s\b", subject[m.end:])), key=lambda m: m.start)

    def _titled_person(self, text: str) -> Attribution | None:
        """The first person the text names with a title, not as an object ("Ways and Means Committee
        member Congresswoman Linda Sánchez (D-CA), issued ...")."""
        for m in re.finditer(rf"\b(?P<title>{THIRD_PERSON_TITLE})\s+(?P<name>[A-ZÀ-Þ][\w.’'-]*(?:\s+[A-ZÀ-Þ][\w.’'-]*){{0,3}})",
                             text):
            if OBJECT_BEFORE.search(text[: m.start()]) or re.match(r"['’]s\b", text[m.end():]):
                continue
            found = self.resolve(m.group("name"))
            if found is not None and found.is_person:
                found.role = found.role or m.group("title")
                return found
        return None

    def _appositive_subject(self, sentence: str) -> Attribution | None:
        """A sentence whose subject is a person and their role set off by commas ("Jo Lee, Chancellor of
        the University System, congratulated Rep. X on ..."): that person, not the one congratulated."""
        sentence = LEADING_ADVERBIAL.sub("", DATELINE.sub("", sentence.strip()))
        m = re.match(rf"(?P<name>{NAME}),\s+(?P<role>[^,;:“”\"]{{3,120}}),\s+[a-z]", sentence)
        if m is None or not looks_like_person(m.group("name")):
            return None
        found = self.resolve(m.group("name"))
        if found is None or not found.is_person:
            found = Attribution(m.group("name"), None, None, True)
        found.role = found.role or m.group("role").strip()
        return found

    def _surname_subject(self, sentence: str) -> Attribution | None:
        """A sentence about a person this document names in full, by surname ("Lofgren is the ...")."""
        m = re.match(r"^\s*(?P<name>[A-Z][\w’'-]+)\s+(?:is|was|has|had|will|also|then|who)\b", sentence)
        if m and m.group("name") in self.people:
            name = self.people[m.group("name")]
            return Attribution(name, self.roles.get(name), None, True)
        return None

    def _embedded(self, between: str) -> Attribution | None:
        """A source named between the reporting verb and the quote: "cites the UN Committee ... report"."""
        m = ACCORDING.search(between)
        if m:
            return self.resolve(_clean_phrase(m.group("who")))
        for mention in self.finder.find(between):
            if mention.kind in ("people", "organizations"):
                return Attribution(mention.name, mention.role, None, mention.kind == "people")
        clauses = list(EMBEDDED_VERB.finditer(between))
        if clauses:  # the clause nearest the quote, when its subject names someone ("UN experts raised")
            np = clauses[-1].group("np").strip()
            words = np.split()
            if words and words[0] in DETERMINERS:
                words = words[1:]
            if any(w[:1].isupper() for w in words):
                return self.resolve(np)
        return None
