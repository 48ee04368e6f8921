"""Letter fields from the text: date line, "The Honorable ..." address block, salutation, closing,
signatories and cc: recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import textdates
from .model import Block

_HONORABLE = re.compile(r"^(?:cc:\s*)?The Honorable\s+(.+?)(?:,|\s{2,}|$)", re.IGNORECASE)
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
    # "Assistant Secretary Victoria Nuland": keep the whole line as written
    return [_clean_name(text)] if len(text) < 120 else []
