"""The people a document names in full, so a tag that gives only a surname or a title and a surname
("said Stumpf", "said Congresswoman Sánchez") resolves to the fullest form the text gives.

A run of capitalised words counts as a person's full name only where the text shows it is one: a
title or role word before it ("Wells Fargo Chairman and CEO John Stumpf", "Congresswoman Linda
Sánchez"), a party or district tag after it ("Michael McCaul (R-Austin)"), or a role after a comma
("Tom Anderson, Executive Director of ..."). The gazetteer's people and the record's authors are
added by the caller.
"""

from __future__ import annotations

import re

from .entities import NameFinder
from .speaker_names import ROLE_WORDS, looks_like_person

_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
# One word of a name: "Linda", "Sánchez", "McCaul", "DeSaulnier", "O’Rourke", "Lucille Roybal-Allard".
_WORD = rf"(?:[{_UP}][{_LOW}]+|Mc[{_UP}][{_LOW}]+|Mac[{_UP}][{_LOW}]+|[{_UP}][{_LOW}]?[{_UP}][{_LOW}]+|O['’][{_UP}][{_LOW}]+)" \
        rf"(?:-[{_UP}][{_LOW}]+)?"
# First [M.] Last [Jr.]: a full name as printed; or initials first ("G. K. Butterfield", "J. Randy Forbes";
# not "U.S.", which starts a body's name).
_INITIALS = r"(?!U\.\s?S\.)[A-Z]\.(?:\s?[A-Z]\.)?"
FULL_NAME = rf"(?:{_WORD}(?:\s+[A-Z]\.)?|{_INITIALS})(?:\s+{_WORD}){{1,2}}(?:,?\s+Jr\.)?"
# Words before a name that show it is a person's (singular and plural titles, roles).
_TITLE_BEFORE = (r"(?:Congressman|Congresswoman|Congressmen|Congresswomen|Representatives?|Reps?\.|Senators?|Sens?\.|"
                 r"Chairman|Chairwoman|Chair|CEO|President|Director|Secretary|Governor|Gov\.|Mayor|Dr\.|Mr\.|Mrs\.|"
                 r"Ms\.|General|Gen\.|Admiral|Colonel|Judge|Justice|Ambassador|Professor|Sheriff|Chief|Commissioner|"
                 r"Administrator|Member|Leader|Speaker|Manager|Founder|Spokesman|Spokeswoman|Attorney)")
_TITLED = re.compile(rf"\b{_TITLE_BEFORE}\s+(?P<name>{FULL_NAME})(?![\w’'-])")
_TAGGED = re.compile(rf"(?<![\w.])(?P<name>{FULL_NAME})(?=\s*\((?:[DRI]-|[A-Z]{{2}}-\d)|,\s+[A-Z]{{2}}-\d)")
_LISTED = re.compile(rf"(?:\s*\([^()]{{1,30}}\))?(?:,\s+(?:and\s+)?|\s+and\s+)(?P<name>{FULL_NAME})(?![\w’'-])")
_ROLE_AFTER = re.compile(rf"(?<![\w.])(?P<name>{FULL_NAME}),\s+(?:[A-Z][\w.]*\s+){{0,3}}?(?P<role>[A-Z][\w.]*)")
_SUFFIXES = ("Jr.", "Sr.", "II", "III")


def shown_people(text: str, finder: NameFinder) -> list[str]:
    """Full names the text shows to be people's, in the order met (titles and tags not included)."""
    hits: list[tuple[int, str, bool]] = []  # (where, name, titled or tagged)
    for pattern in (_TITLED, _TAGGED):
        hits += [(m.start("name"), m.group("name"), True) for m in pattern.finditer(text)]
    for m in _TITLED.finditer(text):  # "Senators Barbara A. Mikulski and Ben Cardin": the title covers both
        end = m.end()
        while (more := _LISTED.match(text, end)) is not None:
            hits.append((more.start("name"), more.group("name"), True))
            end = more.end()
    hits += [(m.start("name"), m.group("name"), False) for m in _ROLE_AFTER.finditer(text)
             if m.group("role") in ROLE_WORDS]
    out = []
    for _, name, titled in sorted(hits):
        name = re.sub(r",?\s+Jr\.$", "", name)
        tokens = name.split()
        if len(tokens) > 2 and tokens[0] in ROLE_WORDS and not any(t in ROLE_WORDS for t in tokens[1:-1]):
            tokens, titled = tokens[1:], True  # "Chairman Diana DeGette (D-CO)": the title matched as a first name
            name = " ".join(tokens)
        if any(t in ROLE_WORDS for t in tokens[:-1]) or (tokens[-1] in ROLE_WORDS and not titled):
            continue  # "Army Corps"; a title's name may end in a role word ("Congressman Sanford D. Bishop")
        if not looks_like_person(" ".join(tokens[:-1])) or (not looks_like_person(tokens[-1]) and not titled):
            continue  # "Public Achievement Award"
        if finder.person_name(name) != name and finder.kind_of.get(name.casefold()) != "people":
            continue  # a headline word after a known surname, a word that is never a name
        out.append(name)
    return out


def surname(name: str) -> str:
    tokens = [t for t in name.replace(",", " ").split() if t not in _SUFFIXES]
    return tokens[-1] if tokens else name


def distinct_people(names: list[str]) -> list[str]:
    """One entry per person: "John Larson" and "John B. Larson" (same surname, same first name or
    one of them a surname alone) are one, the first form met kept."""
    out: list[str] = []
    for name in names:
        first = name.split()[0]
        if any(surname(n) == surname(name) and (n.split()[0] == first or len(n.split()) == 1 or " " not in name)
               for n in out):
            continue
        out.append(name)
    return out
