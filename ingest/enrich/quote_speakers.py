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

The stages, each in its own module: speaker_patterns.py (the words of tags), speaker_resolve.py (a
phrase -> a speaker), quote_tags.py (the tag around one quote); this module walks the quotes in
document order (continuations, multi-paragraph chains, statement introductions, source lines).
"""

from __future__ import annotations

import re

from archive import Paragraph, Quote, Record, Vocabulary

from .entities import name_finder
from .quote_finder import QuoteSpan, find_quotations, is_quote, quote_spans, trimmed
from .quote_tags import Attributor
from .speaker_patterns import (
    OFFICE_OF,
    POSSESSIVE_WORDS,
    STATEMENT_FROM,
    STATEMENT_INTRO,
    TAG_SENTENCE,
    THIRD_PERSON_TITLE,
    VERB,
)
from .speaker_resolve import Attribution
from .text import sentence_spans


def find_quotes(record: Record, vocab: Vocabulary) -> list[Quote]:
    names = list(record.authors)
    office = OFFICE_OF.match(record.source.org or "")
    if office:
        names.append(office.group("name"))
    attributor = Attributor(name_finder(vocab), record.paragraphs, names)
    paragraphs = record.paragraphs
    quotes: list[Quote] = []
    chain: list[int] = []  # indexes in `quotes` of the current multi-paragraph quote
    weak: set[int] = set()  # quotes credited by a weak guess (the subject of the sentence before)
    untagged: set[int] = set()  # quotes with no tag of their own around them
    last_person: Attribution | None = None  # the last person credited
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
            if not before.strip() and _quoted_inside(text, last_span, span):
                # its own source or none; the quote around it and its speaker carry on past it
                quotes.append(_inside_quote(attributor, text, span, last_span, quoted, para.n))
                prev_end = span.close_end or span.end
                continue
            found = attributor.after(text, span) or attributor.before(before)
            if found is None:
                untagged.add(len(quotes))
            if found is None and attributor.vague_source:
                found = _UNATTRIBUTED
            if found is None and span.close_end is None:
                found = _tag_past_a_break(attributor, paragraphs, index, span)
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
                if found is not None and not found.is_person and last_person is not None and \
                        re.search(r"\b(?:I|my|me)\b", quoted):
                    # a body or a report does not say "I": the statement around its quoted words carries on
                    found = Attribution(last_person.speaker, last_person.role, None, True)
            if not continues_chain:
                chain = []
            quote = Quote(text=quoted, paragraph=para.n)
            if found is _UNATTRIBUTED or (found is not None and _names_speaker_as_other(quoted, found)):
                found = None
            attributor.previous = found or None  # an unattributed quote: the next cannot carry on a speaker
            if found is not None and found is not _UNATTRIBUTED and found.is_person:
                last_person = found
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
    _credit_repeated(quotes, untagged)
    return _unique(quotes)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w’']+", text.casefold().replace("’", "'")))


def _credit_repeated(quotes: list[Quote], untagged: set[int]) -> None:
    """A quote with no tag of its own whose words a later paragraph quotes again with a speaker (a pull
    quote or a subheadline printed above the story, "…Development“This award comes from ...") is
    that speaker's."""
    for i in sorted(untagged):
        words = _words(quotes[i].text)
        if len(words.split()) < 6:
            continue
        for later in quotes[i + 1:]:
            if later.speaker and (later.paragraph or 0) > (quotes[i].paragraph or 0) and words in _words(later.text):
                quotes[i].speaker, quotes[i].speaker_role, quotes[i].via = later.speaker, later.speaker_role, later.via
                break


_UNATTRIBUTED = Attribution()  # the text gives a source that names nobody: no fallback applies


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
    m = re.search(rf"\b{THIRD_PERSON_TITLE}\s+(?:(?P<first>[A-Z][\w.]*)\s+)?{last}\b(?!-)", quoted)
    if m is not None and (m.group("first") is None or m.group("first") == tokens[0]):
        return True
    # "Representative Aguilar's Holiday Jobs Fair", "Senators Hatch and Feinstein"
    return re.search(rf"(?:\b{last}['’]s?\s|\b(?:Senators|Representatives|Reps\.|Congressmen)\s[^.]{{0,60}}\band\s+{last}\b)",
                     quoted) is not None


def _inside_quote(attributor: Attributor, text: str, span: QuoteSpan, outer: QuoteSpan, quoted: str,
                  n: int) -> Quote:
    """A quote inside a quote, credited only to the source its own tag names."""
    found = attributor.after(text, span) or attributor.before(_sentence_before(text, span.open_pos, outer.start))
    quote = Quote(text=quoted, paragraph=n)
    if found is not None and found is not _UNATTRIBUTED and found.speaker and not _names_speaker_as_other(quoted, found):
        quote.speaker, quote.speaker_role, quote.via = found.speaker, found.role, found.via
    return quote


def _quoted_inside(text: str, last: QuoteSpan | None, span: QuoteSpan) -> bool:
    """A quote opened inside a quote that was never closed, after a tag ending in a comma or a colon
    (“... In the words of Dr. Lee of the CDC, “We need Congress to act.”): a quote inside the quote,
    with a source of its own."""
    return last is not None and last.runs_on and last.index == span.index and last.end == span.open_pos and \
        re.search(r"[,:]\s*$", text[:span.open_pos]) is not None


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
        if _has_quote(sentence):
            break  # a quote between (a title or a scare quote in the introduction does not count)
        m = STATEMENT_INTRO.search(sentence) or STATEMENT_FROM.search(sentence)
        if m is not None:
            return attributor.before(sentence[: m.end()] + " "), False
        m = POSSESSIVE_WORDS.search(sentence)  # "Click here to watch Congressman Blumenauer's remarks ..."
        if m is not None:
            found = attributor.resolve(m.group("who"))
            if found is not None and found.is_person:
                return found, False
    if not sentences or _has_quote(sentences[-1]):
        return None, False
    last = sentences[-1]
    found = attributor._appositive_subject(last) or attributor._people_subject(last, any_length=True) \
        or attributor._surname_subject(last)
    return found, not last.rstrip().endswith(":")


def _has_quote(sentence: str) -> bool:
    """A sentence with a quotation in it or a part of one (an unpaired mark), not only titles and scare quotes."""
    return bool(find_quotations(sentence)) or len(re.findall(r"[“”\"]", sentence)) % 2 == 1


def _from_previous_paragraph(attributor: Attributor, paragraphs: list[Paragraph], index: int) -> Attribution | None:
    """A block quote introduced at the end of the paragraph before ("The letter states:")."""
    if index == 0:
        return None
    back = index - 1
    while back > 0 and index - back <= 2 and _salutation(paragraphs[back].text):
        back -= 1  # “Mr. President.” between the introduction and the statement: too short to be a quote
    prev = paragraphs[back].text.rstrip()
    if not prev.endswith(":"):
        return None
    spans = sentence_spans(prev)
    k = len(spans) - 1
    while k > 0 and not re.match(r"\s*[A-Z0-9“\"]", prev[spans[k][0]:]):
        k -= 1  # "... Burgess, M.D. (R-Texas), Chair ...:": a split after an abbreviation is no sentence start
    last = prev[spans[k][0]:] if spans else prev
    return attributor.before(last.rstrip() + " ")


def _tag_past_a_break(attributor: Attributor, paragraphs: list[Paragraph], index: int,
                      span: QuoteSpan) -> Attribution | None:
    """A quote left open at the end of its paragraph whose closing mark and tag are in the next one,
    which does not reopen it (a paragraph break inside the quote: "... disease. / I thank my
    colleagues ...,” said Senator X."): the tag after that closing mark."""
    if not span.runs_on or index + 1 >= len(paragraphs) or paragraphs[index].text[span.end:].strip():
        return None
    nxt = paragraphs[index + 1].text
    if nxt.lstrip()[:1] in "“\"":
        return None  # the next paragraph reopens the quote: the printed convention, read as a chain
    close = re.search(r"[”\"]", nxt)
    if close is None or "“" in nxt[: close.start()] or len(nxt[: close.start()].split()) > 80:
        return None
    tail = QuoteSpan(index + 1, 0, 0, close.start(), close.end())
    return attributor.after(nxt, tail)


def _salutation(text: str) -> bool:
    """A paragraph that only reopens a statement with an address ("“Mr. President.", "“Thank you.")."""
    text = text.strip()
    return text[:1] in "“\"" and len(text.split()) <= 4 and not is_quote(text[1:].strip("”\""), "", "")


def _source_line(attributor: Attributor, paragraphs: list[Paragraph], index: int) -> Attribution | None:
    """A pull quote credited on its own line below it ("— Name, Role"), or a quote whose tag a
    paragraph break cut off ("...done.” / Reichert explained. ...")."""
    if index + 1 >= len(paragraphs):
        return None
    nxt = paragraphs[index + 1].text.strip()
    m = re.match(r"^[—–-]\s*(?P<src>.+)$", nxt)
    if m and len(nxt.split()) <= 20:
        return attributor.credit(m.group("src"))
    m = TAG_SENTENCE.match(nxt)
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
            or any(attributor.finder.person_name(m.group()) for m in
                   re.finditer(rf"\b[A-Z][a-z]+\s+{re.escape(subject.group('name'))}\b", attributor.document_before))):
        return None  # a sentence about someone else the text names ("Crenshaw proudly calls himself “...”")
    # the next paragraph carries on only when the quote before ended its paragraph (or only its tag
    # followed: ',” said X.'), not when narrative came between ("... Here is a full transcript:")
    heading = re.fullmatch(r"[A-Z][\w’'&,-]*(?:\s+[\w’'&,-]+){0,6}", before.strip()) is not None and \
        VERB.search(before) is None  # "Deficits and Debt“The Federal ...": a section heading inside a statement
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
    return before.lstrip()[:1].isupper() and VERB.search(before) is not None


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[tuple[int | None, str]] = set()
    out = []
    for q in quotes:
        key = (q.paragraph, q.text)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out
