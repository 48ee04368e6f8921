"""What the lead sentence of a release says its member did, for the title of a release without a headline.

A release that prints no headline gets a bracketed description ("[Press release by X on SUBJECT, DATE]").
The subject picked by counting phrases is often right, but when it is wrong it names something else: the
venue ("at the American Legion"), one word of a longer name ("Technology" of "the Subcommittee on Research
and Technology"), or something the lead sentence does not name at all (an address further down). The lead
sentence itself says what was done ("held a roundtable with area veterans"): a plainer description that
is true. `deed` gives that clause; `names_the_deed` says whether a subject phrase is named as the thing
done, so that the description falls back to the clause rather than to a wrong subject.
"""

from __future__ import annotations

import re

from .enrich import sentence_spans

_DEED_MAX = 100
# When, not what: "today", "on Tuesday", "on March 3, 2015"
_WHEN = re.compile(
    r"\s*\b(?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening|week)|last\s+(?:night|week)|"
    r"(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:,?\s+[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?|"
    r"on\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?)\b,?",
    re.IGNORECASE,
)
# Where a long clause may end, best first: before a relative clause, at a comma, before a conjunction, before
# a preposition (each leaves a whole clause: "took to the House floor to put a spotlight on the budget crisis")
_CUTS = (
    r",\s+(?:which|who|that|where|as|while|including)\s",
    r",\s",
    r"\s(?:that|which|who|where|while|because|after|as)\s",
    r"\s(?:in|at|for|on|with|from|during|by|to)\s",
)
# A verb opens the clause: a regular form ("joined", "announces") or a common irregular or auxiliary one
_VERB = re.compile(
    r"(?:[a-z]+(?:ed|es|s)|[a-z]+-(?:led|held)|will|would|has|have|had|is|was|are|were|can|could|may|must|should|"
    r"led|sent|held|took|gave|spoke|met|won|wrote|brought|told|stood|sought|got|became|began|went|came|saw|ran|"
    r"cast|set|put|chose|did|drew|heard|kept|left|lost|paid|said|shut|spent|threw|withdrew|made|hit|struck|"
    r"rose|fought|sat|knew|thought|taught|built|bought|read|let|lent)\b(?<!\bnews)(?<!\bthis)"
)
_AUXILIARY = frozenset({"be", "been", "being", "is", "was", "are", "were", "has", "have", "had", "will", "would"})
_FINITE = re.compile(r"\b(?:will|would|has|have|had|is|are|was|were|can|could|shall|should|may|might|must|"
                     r"received|passed|approved|awarded|signed)\b")
_LOOSE_END = re.compile(r"(?:\s+(?:the|a|an|of|to|for|on|in|and|or|with|by|at|his|her|their|its|our))+$")
# A content clause after a verb of saying ("announced that he will serve") is the deed; after a noun
# ("a spending bill that makes ...") "that" opens a clause about the noun.
_SAYING = frozenset({"announced", "said", "says", "stated", "noted", "confirmed", "learned", "believes", "warned",
                     "argued", "declared", "explained", "announces", "reported", "revealed"})


def deed(rest: str) -> str:
    """The clause after the lead sentence's subject, without when it happened, ended at the sentence's end
    or a quotation, and at most about 100 characters, shortened only where a clause or a phrase ends
    (never inside a name: "Lend Transparency on Campus Sexual Violence Act"); "" when it does not start
    with a verb-like lower-case word or is too short to say anything."""
    text = _WHEN.sub("", rest).strip(" ,")
    if not _VERB.match(text) or re.match(r"\w+\s+(?:the\s+following|a\s+statement)\b", text):
        return ""  # not a verb ("top Democrat on the ..."), or "released the following statement": what it is
    text = re.split(r"[:;“\"]|\s[–—-]\s", text, maxsplit=1)[0].strip(" ,")
    spans = sentence_spans(text)
    text = text[: spans[0][1]] if spans else text
    text = text.rstrip(". ")
    if len(text) > _DEED_MAX:
        text = _shortened(text)
        said = re.search(r"\sthat\s", text)
        if said and not _FINITE.search(text, said.end()):
            return ""  # cut before the verb of what was announced ("announced that the petition for X")
    text = _LOOSE_END.sub("", text).strip(" ,")
    return text if len(text.split()) >= 3 else ""


def _shortened(text: str) -> str:
    for cut in _CUTS:
        ends = [m.start() for m in re.finditer(cut, text)
                if 15 <= m.start() <= _DEED_MAX
                and not _between_names(text, m.start(), m.end(), listing=m.group(0).startswith(","))]
        if ends:
            kept = text[: ends[-1]].split()
            if len(kept) > 3 and re.fullmatch(r"[a-z]+ed", kept[-1]) and kept[-2] not in _AUXILIARY:
                kept = kept[:-1]  # "unveiled new legislation aimed": the participle's phrase was cut off
            return " ".join(kept)
    return ""


def _between_names(text: str, start: int, end: int, listing: bool = False) -> bool:
    """A cut between two capitalised words is inside a name ("Research and Technology"); a comma
    (`listing`) after one also lists names when "and" follows ("Reps. Ted Deutch, Lloyd Doggett, and ...")."""
    before = text[:start].split()
    after = text[end:].split()
    return bool(before and after and before[-1][:1].isupper()
                and (after[0][:1].isupper() or (listing and after[0] == "and")))


def names_the_deed(phrase: str, lead: str) -> bool:
    """Whether the lead sentence names `phrase` in what it says was done: it is there (a plain phrase in the
    main clause, not in a relative clause about something else: "a spending bill that makes investments in
    clean energy"), not as the venue ("at the American Legion") and not as part of a longer name ("the
    Subcommittee on Research and Technology"; but "India and Afghanistan" are two). A phrase joined from
    pieces the text keeps apart (" ; ") is left as it is."""
    if " ; " in phrase:
        return True
    lead = _WHEN.sub(" ", lead)
    # a name may stand in a clause about what was done ("a resolution, which recognizes Gold Star Mothers’
    # Day"); a plain phrase only in the main clause
    scope = lead if phrase[:1].isupper() or phrase[:1].isdigit() else _main_clause(lead)
    for m in re.finditer(rf"(?<![\w’'-]){re.escape(phrase)}(?![\w’'-])", scope):
        before, after = scope[: m.start()], scope[m.end():]
        if re.search(r"\bat\s+(?:the\s+)?$", before):
            continue  # where
        if _NAME_BEFORE.search(before) or _NAME_AFTER.match(after):
            continue  # a part of a longer name
        return True
    return False


_CAP = r"[A-Z][\w’'.-]*"
# "Subcommittee on Research and | Technology", "Homeland | Security"; not "India and | Afghanistan"
_NAME_BEFORE = re.compile(rf"{_CAP}\s+(?:of|on|for|&)\s+(?:{_CAP},?\s+)*(?:and\s+)?$|{_CAP}\s+(?:(?:of|on|for|&)\s+)?$")
_NAME_AFTER = re.compile(r"\s+(?:(?:of|on|for|&)\s+)?(?:the\s+)?[A-Z]")


def _main_clause(lead: str) -> str:
    """The lead sentence up to its first relative clause (", which", ", who", "a bill that"; not "announced that")."""
    for m in re.finditer(r",\s+(?:which|who)\s|\s+that\s+(?=[a-z])", lead):
        words = lead[: m.start()].split()
        if "that" not in m.group(0) or (words and words[-1].casefold() not in _SAYING):
            return lead[: m.start()]
    return lead
