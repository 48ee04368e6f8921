"""Letter fields from the text: date line, "The Honorable ..." address block, salutation, closing,
signatories and cc: recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import textdates
from .model import Block

_HONORABLE = re.compile(
    r"^(?:cc:\s*)?(?:The Honorable|Honorable|H\.\s?E\.|His Excellency|Her Excellency)\s+(.+?)(?:,|\s{2,}|$)", re.IGNORECASE
)
_SALUTATION = re.compile(
    r"^Dear\s+((?:Mr\.|Madam|Madame|Ms\.|Mrs\.|Dr\.)?\s*(?:President|Vice President|Secretary|Senator|Representative|"
    r"Congressman|Congresswoman|Chairman|Chairwoman|Chair|Leader|Speaker|Ambassador|Administrator|Ranking Member|"
    r"Colleague|Friend|Members?)?[^,:]{0,80})[,:]",
)
_CLOSING = re.compile(
    r"^(Sincerely|Respectfully|Most gratefully|Gratefully|Best regards|Regards|Yours (?:truly|sincerely)|With gratitude|Thank you)[^.]{0,20}[,.]?$",
    re.IGNORECASE,
)
_CC = re.compile(r"^cc:\s*(.+)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]*){1,4}$")
_ROLE_LINE = re.compile(r"^(Member of Congress|United States Senator|U\.S\. Senator|Senator|Representative|Chair|Co-Chair|Ranking Member)\b", re.IGNORECASE)


@dataclass
class LetterFields:
    date: str | None = None
    recipients: list[str] = field(default_factory=list)
    salutation: str | None = None
    signatories: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    closing_index: int | None = None
    salutation_index: int | None = None

    @property
    def is_letter(self) -> bool:
        return self.salutation is not None and (bool(self.recipients) or self.date is not None or self.closing_index is not None)


_ROLE_WORDS = {
    "Secretary", "President", "Vice", "Administrator", "Senator", "Representative", "Chairman", "Chairwoman",
    "Chair", "Ranking", "Member", "Ambassador", "Director", "Speaker", "Leader", "Majority", "Minority", "Minister",
    "Governor", "Attorney", "Deputy", "Assistant", "Under", "United", "U.S.", "National", "Special",
}


def _clean_name(name: str) -> str:
    """ "Marco Rubio Secretary of State" -> "Marco Rubio"; "Joseph R. Biden Jr.," -> "Joseph R. Biden Jr." """
    words = re.sub(r"\s+", " ", name).strip().split(" ")
    for i in range(2, len(words)):
        if words[i].rstrip(",") in _ROLE_WORDS:
            words = words[:i]
            break
    name = " ".join(words).rstrip(",;:").rstrip(".")
    return name + "." if re.search(r"\b(Jr|Sr)$", name) else name


def is_closing(text: str) -> bool:
    return bool(_CLOSING.match(text.strip()))


def letter_fields(blocks: list[Block]) -> LetterFields:
    fields = LetterFields()
    texts = [b.text.strip() for b in blocks]
    for i, text in enumerate(texts):
        if fields.salutation is None and _SALUTATION.match(text):
            fields.salutation = _SALUTATION.match(text).group(0).rstrip(",:")
            fields.salutation_index = i
            _address_block(texts[max(0, i - 12):i], fields)
            break
    if fields.salutation is None:
        # A letter quoted inside another document: a date line followed by an address block.
        for i, text in enumerate(texts):
            if textdates.is_date_line(text) and i + 1 < len(texts) and _HONORABLE.match(texts[i + 1]):
                _address_block(texts[i:i + 8], fields)
                break
    start = fields.salutation_index or 0
    for i in range(start, len(texts)):
        if _CLOSING.match(texts[i]):
            fields.closing_index = i
    if fields.closing_index is not None:
        _signature_block(texts[fields.closing_index + 1:], fields)
    for i, text in enumerate(texts):
        cc = _CC.match(text)
        if cc and i >= start:
            fields.cc.extend(_cc_names(cc.group(1)))
            for follow in texts[i + 1:i + 10]:
                m = _HONORABLE.match(follow)
                if not m:
                    break
                fields.cc.append(_clean_name(m.group(1)))
    if fields.salutation and not fields.recipients:
        line = texts[fields.salutation_index or 0]
        fields.recipients = _salutation_names(line.split(":")[0] if ":" in line[:140] else fields.salutation, texts)
    fields.cc = list(dict.fromkeys(fields.cc))
    fields.recipients = list(dict.fromkeys(fields.recipients + [c for c in fields.cc if c not in fields.recipients]))
    return fields


def _address_block(window: list[str], fields: LetterFields) -> None:
    for text in window:
        if fields.date is None and textdates.is_date_line(text):
            fields.date = textdates.parse_full_date(text)
        m = _HONORABLE.match(text)
        if m and not text.lower().startswith("cc"):
            fields.recipients.append(_clean_name(m.group(1)))


def _signature_block(lines: list[str], fields: LetterFields) -> None:
    for line in lines[:12]:
        if _CC.match(line):
            break
        candidate = _ROLE_LINE.sub("", line).strip().rstrip(",")
        if _ROLE_LINE.match(line) and not candidate:
            continue
        if _NAME.match(candidate) and len(candidate) < 60:
            fields.signatories.append(_clean_name(candidate))
        elif len(line) > 80:
            break


def _cc_names(text: str) -> list[str]:
    m = _HONORABLE.match(text)
    if m:
        return [_clean_name(m.group(1))]
    if len(text) >= 120:
        return []
    # "Assistant Secretary Victoria Nuland" -> "Victoria Nuland"; a line that is not a name stays as written
    words = text.split()
    while len(words) > 2 and words[0].rstrip(",") in _ROLE_WORDS | _LEAD_WORDS:
        words = words[1:]
    name = " ".join(words)
    return [_clean_name(name if _NAME.match(name) else text)]


_LEAD_WORDS = {"of", "for", "State", "Acting", "Principal", "Mr.", "Ms.", "Mrs.", "Dr."}
_SALUTATION_ROLES = re.compile(
    r"\b(?:Dear|Mr\.|Madam|Madame|Ms\.|Mrs\.|Dr\.|Chairm[ae]n|Chairwom[ae]n|Chairs?|Ranking\s+Members?|Members?|"
    r"Senators?|Representatives?|Congress(?:man|woman)|Secretary|Administrator|Ambassador|Leaders?|Speaker|"
    r"President|Vice|Director|Governor|Minister|Colleagues?|Friends?|Sirs?|Madams?|General|Attorney|Commissioner|"
    r"Judge|Justice|Chief|Mayor|Supporters?|Editor|Sir|All|Everyone|Team|and)\b"
)


def _salutation_names(salutation: str, texts: list[str]) -> list[str]:
    """ "Dear Chairman Leahy, Chairman Granger and Ranking Members Graham and Lowey" -> the four, by the
    fullest form of each name the text gives ("Patrick Leahy"). Roles alone ("Mr. President",
    "Senator / Representative", "Colleague") name no one."""
    body = re.sub(r"^\s*Dear\s+", "", salutation)
    surnames = []
    for chunk in re.split(r",|/|\s+and\s+|\s+&\s+", body):
        words = chunk.split()
        last = words[-1].rstrip(".:,") if words else ""
        if re.fullmatch(r"[A-Z][a-z’'-]+", last) and not _SALUTATION_ROLES.fullmatch(last) and last not in _ROLE_WORDS:
            surnames.append(last)
    names = []
    whole = " ".join(texts)
    for surname in surnames:
        m = re.search(rf"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?)\s+{re.escape(surname)}\b", whole)
        first = m.group(1) if m and m.group(1) not in _ROLE_WORDS and not _SALUTATION_ROLES.fullmatch(m.group(1)) else None
        names.append(f"{first} {surname}" if first else surname)
    return list(dict.fromkeys(names))


# Where a letter quoted in run-on text starts its parts: the date line before the address block,
# the subject line after it, the salutation after that.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ADDRESSEE = r"(?:The Honorable|Honorable|H\.\s?E\.|His Excellency|Her Excellency)\b"
_LETTER_PARTS = [
    (re.compile(rf"(?<=\S)\s+(?={_MONTH}\s+\d{{1,2}},\s+\d{{4}}\s*{_ADDRESSEE})"), "\n"),
    (re.compile(rf"(\b{_MONTH}\s+\d{{1,2}},\s+\d{{4}})\s*(?={_ADDRESSEE})"), "\\1\n"),
    (re.compile(r"(?<=\d{5})\s+(?=(?:Re|RE|Subject|SUBJECT):\s)"), "\n"),
    (re.compile(r"(?<=\S)\s+(?=Dear\s+[A-Z][^:\n]{0,80}:(?:\s|$))"), "\n"),
    (re.compile(r"(?<=:)\s*(?=Dear\s+[A-Z][^:\n]{0,120}:)"), "\n"),
    (re.compile(r"^(Dear\s+[A-Z][^:\n]{0,120}:)\s*(?=[A-Z])", re.MULTILINE), "\\1\n"),
]


def split_letter_parts(blocks: list[Block]) -> list[Block]:
    """A letter run into a paragraph: its date line, address block, "Re:" line and salutation each
    become a paragraph of their own (so the date line is not read as an event, and the address
    block gives the recipients)."""
    out: list[Block] = []
    for block in blocks:
        text = block.text
        if not re.search(rf"{_ADDRESSEE}|\bRe:|\bDear\s", text) or block.kind not in ("body", "quote"):
            out.append(block)
            continue
        if not re.search(rf"{_ADDRESSEE}|\d{{5}}\s+(?:Re|RE):|:\s*Dear\s", text):
            out.append(block)  # "Dear ..." inside a paragraph without an address block: not a letter's start
            continue
        for pattern, repl in _LETTER_PARTS:
            text = pattern.sub(repl, text)
        out.extend(Block(piece.strip(), block.kind, block.page) for piece in text.split("\n") if piece.strip())
    return out
