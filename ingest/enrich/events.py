"""Dated events the text reports, for the timeline.

Found: full dates ("January 15, 2025", "15 January 2025"), day ranges ("September 19-20",
"June 14-15, 2024"), months with a year ("September 2022"), years after "in"/"during"
("in 1997", "in the spring of 1915") and year ranges ("from 1991 to 1994", "1915-23",
"between 2020 and 2023").

A date without a year ("On September 19th", "in late July") takes its year from, in order: a full
date in the same paragraph; for a report whose title names one year ("Azerbaijan 2024 Human
Rights Report"), that year; the document's own date, choosing the latest year that does not put
the event more than two months after the document. When none of these exists it is left out, never
guessed. A letter's own date line is not an event.

Relative dates are resolved against the document's own date ("last April" in a release of April
2010 is April 2009; "yesterday", "last night", "two days ago", "on Saturday" (the last one before the
document, or the next one when the sentence speaks of what will happen), "this month", "last month")
or, when the document is undated, left out. A sentence dated that way is about that time: "the events
of 1915-23" in it are not a second event. "Today" is the document's own date (already on the timeline)
and vaguer words ("earlier this year", "last summer") are left undated.

The same sentence reported twice (a release quoting its own letter) is one event; a range is one event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive import Event, Record

from .text import clean_space, sentence_at, sentence_spans

MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
         "nov": 11, "dec": 12}
_MONTH = (r"(?P<{name}>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)")
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:1[89]|20)\d\d)"
_DASH = r"\s*[-–—]\s*"
_SEASON = r"(?:spring|summer|fall|autumn|winter|beginning|end|course|first half|second half)"


def _p(template: str, **names: str) -> str:
    return template.format(**{k: v.format(name=k) for k, v in names.items()})


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day_range_cross", re.compile(_p(
        r"{m1}\s+{d1}(?:,?\s+{y1})?(?:{dash}|\s+(?:to|through|until|and)\s+){m2}\s+{d2}(?:,?\s+{y2})?\b",
        m1=_MONTH, d1=_DAY, y1=_YEAR, m2=_MONTH, d2=_DAY, y2=_YEAR, dash=_DASH).replace("{dash}", _DASH))),
    ("day_range", re.compile(_p(r"{m1}\s+{d1}" + _DASH + r"{d2}(?:,?\s+{y1})?(?![\d-])",
                                m1=_MONTH, d1=_DAY, d2=_DAY, y1=_YEAR))),
    ("day", re.compile(_p(r"{m1}\s+{d1}(?:,?\s+{y1})?(?![\d,]*\d)", m1=_MONTH, d1=_DAY, y1=_YEAR))),
    ("day_first", re.compile(_p(r"\b{d1}\s+{m1},?\s+{y1}\b", d1=_DAY, m1=_MONTH, y1=_YEAR))),
    ("month_year", re.compile(_p(r"{m1}(?:\s+of)?,?\s+{y1}\b", m1=_MONTH, y1=_YEAR))),
    ("month_only", re.compile(_p(
        r"\b(?i:in|since|during|from|until|by|through|as of)\s+(?i:early|mid|late|mid-)?\s*{m1}(?!\s+\d)\b",
        m1=_MONTH))),
    ("year_range", re.compile(_p(
        r"\b(?i:from|between)\s+{y1}\s+(?:to|and|until|through)\s+{y2}\b", y1=_YEAR, y2=_YEAR))),
    ("year_span", re.compile(_p(r"\b{y1}" + r"[-–](?P<y2s>\d\d(?:\d\d)?)\b(?!-)", y1=_YEAR))),
    ("year", re.compile(_p(
        (r"\b(?:[Ii]n\s+(?:the\s+{season}\s+of\s+)?|[Dd]uring\s+(?:the\s+(?:{season}\s+of\s+)?)?)"
         r"{y1}\b(?![-–]\d)").replace("{season}", _SEASON), y1=_YEAR))),
]

# A date directly followed by an address or salutation is a letter's date line, not an event.
_DATE_LINE_FOLLOWS = re.compile(r"^(?:[A-Za-z]|\s*(?:The Honorable|Honorable|Dear|H\.E\.|To:|Mr\.|Ms\.|Madam))")
_FISCAL = re.compile(r"(?:Fiscal Year|fiscal year|FY)\s*$")
# "the April 24 anniversary": a recurring commemoration, not an event of that year.
_RECURRING_AFTER = re.compile(r"^\s*(?:anniversary|commemoration|remembrance day)\b", re.IGNORECASE)
_MAX_SUMMARY = 240
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}
_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December")
RELATIVE = re.compile(
    rf"\b(?:(?P<lastm>[Ll]ast|[Tt]his past)\s+(?P<month>{_MONTH_NAMES})\b(?!\s+\d)"
    r"|(?<!ago )(?P<thismonth>[Tt]his month|[Ll]ast month)\b"
    r"|(?P<yesterday>[Yy]esterday|[Ll]ast night)\b(?!['’]s)"
    r"|(?P<ago>\d|(?i:one|two|three|four|five|six|seven|a))\s+days?\s+ago\b"
    r"|(?:(?:[Oo]n|[Tt]his past|[Ll]ast|[Tt]his)\s+)(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\b(?!['’]s|,?\s+(?:the\s+)?(?:\d|" + _MONTH_NAMES + r")))")
_FUTURE = re.compile(r"\b(?:will|shall|next|upcoming|scheduled|plans? to|is set to|are set to|going to)\b")


@dataclass
class _Found:
    start: int
    end: int
    date: str
    precision: str
    end_date: str | None = None


def _month(text: str) -> int:
    key = text.rstrip(".").lower()
    return MONTHS.get(key) or _ABBR[key]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


class YearResolver:
    """The year for a date printed without one (see the module docstring)."""

    def __init__(self, record: Record) -> None:
        self.document: dt.date | None = _parse_iso(record.date)
        self.report_year: int | None = None
        if record.title and (record.doc_type == "report" or "report" in record.title.lower()):
            years = set(re.findall(r"\b((?:19|20)\d\d)\b", record.title))
            if len(years) == 1:
                self.report_year = int(years.pop())

    def year(self, month: int, day: int | None, paragraph_year: int | None) -> int | None:
        if self.report_year is not None:  # a yearly report's dates are of its year, whatever else it cites
            return self.report_year
        if paragraph_year is not None:
            return paragraph_year
        if self.document is None:
            return None
        year = self.document.year
        candidate = dt.date(year, month, min(day or 1, 28))
        if candidate > self.document + dt.timedelta(days=62):
            year -= 1
        return year


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = str(value).split("-")
    try:
        if len(parts) >= 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date(int(parts[0]), 7, 1)
    except ValueError:
        return None


def _paragraph_year(text: str) -> int | None:
    """The year of a full date (with day) in the paragraph, when all such dates agree."""
    years = {int(m.group("y1")) for m in PATTERNS[2][1].finditer(text) if m.group("y1")}
    return years.pop() if len(years) == 1 else None


_DIGIT = re.compile(r"\d")
_WITHOUT_DIGITS = ("month_only",)  # the only pattern that needs no digit (every other has a day or a year)


def _dates_in(text: str, resolver: YearResolver) -> list[_Found]:
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    digits = _DIGIT.search(text) is not None
    para_year = _paragraph_year(text) if digits else None
    for kind, pattern in PATTERNS:
        if not digits and kind not in _WITHOUT_DIGITS:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "day_range_cross" and re.search(r"\sand\s", m.group()) and \
                    not re.search(r"\b[Bb]etween\s+$", text[: m.start()]):
                continue  # "On February 22 and July 6": two dates, not a range (a range is "between ... and")
            item = _to_found(kind, m, resolver, para_year, text)
            taken.append((m.start(), m.end()))  # a span is used even when it gives no event
            if item is not None:
                found.append(item)
    return sorted(found, key=lambda f: f.start)


def _to_found(kind: str, m: re.Match[str], resolver: YearResolver, para_year: int | None,
              text: str) -> _Found | None:
    g = m.groupdict()
    if _FISCAL.search(text[: m.start()]) or _RECURRING_AFTER.match(text[m.end():]):
        return None
    if kind in ("day", "day_first", "day_range", "day_range_cross"):
        month = _month(g["m1"])
        day = int(g["d1"])
        year = int(g["y1"]) if g.get("y1") else None
        if year is None and g.get("y2"):
            year = int(g["y2"])
        if year is None:
            year = resolver.year(month, day, para_year)
        if year is None:
            return None
        start_iso = _iso(year, month, day)
        if start_iso is None:
            return None
        end_iso = None
        if kind == "day_range":
            end_iso = _iso(year, month, int(g["d2"]))
        elif kind == "day_range_cross":
            end_iso = _iso(int(g["y2"]) if g.get("y2") else year, _month(g["m2"]), int(g["d2"]))
        if kind.startswith("day_range") and (end_iso is None or end_iso <= start_iso):
            return None
        if kind == "day" and m.group("m1") == "May" and not g.get("y1") and \
                not re.search(r"\b(?:[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil|[Ff]rom|[Bb]efore|[Aa]fter|[Oo]f)\s+$", text[: m.start()]):
            return None  # "May" alone is too often the verb ("On May 16" is the month)
        return _Found(m.start(), m.end(), start_iso, "day", end_iso)
    if kind == "month_year":
        return _Found(m.start(), m.end(), _iso(int(g["y1"]), _month(g["m1"])) or "", "month")
    if kind == "month_only":  # "in May": after a preposition "May" is the month
        month = _month(g["m1"])
        year = resolver.year(month, None, para_year)
        return _Found(m.start(), m.end(), f"{year:04d}-{month:02d}", "month") if year else None
    if kind == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return _Found(m.start(), m.end(), f"{y1:04d}", "year", f"{y2:04d}") if y2 > y1 else None
    if kind == "year_span":
        y1 = int(g["y1"])
        tail = g["y2s"]
        y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
        return _Found(m.start(), m.end(), f"{y1:04d}", "year", f"{y2:04d}") if y1 < y2 <= y1 + 30 else None
    if kind == "year":
        return _Found(m.start(), m.end(), g["y1"], "year")
    return None


def _is_date_line(text: str, found: _Found) -> bool:
    """The date heading a letter: alone in its paragraph, or followed by the address."""
    if found.precision != "day" or found.end_date:
        return False
    if not text[found.end:].strip():
        return not text[: found.start].strip() or text[: found.start].rstrip().endswith(":")
    return bool(_DATE_LINE_FOLLOWS.match(text[found.end:])) and (
        not text[: found.start].strip() or text[: found.start].rstrip().endswith((":", ".", "”")))


def summary_of(text: str, pos: int) -> str:
    """The sentence around `pos`, on one line, shortened at a word boundary when long."""
    for s, e in sentence_spans(text):
        if s <= pos < e:
            sentence = clean_space(text[s:e])
            break
    else:
        sentence = clean_space(text)
    if len(sentence) > _MAX_SUMMARY:
        sentence = sentence[:_MAX_SUMMARY].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def _relative_dates(text: str, document: dt.date | None) -> list[_Found]:
    """Relative dates resolved against the document's date (nothing when it has none)."""
    if document is None:
        return []
    out = []
    for m in RELATIVE.finditer(text):
        if m.group("month"):
            month = MONTHS[m.group("month").lower()]
            year = document.year if month < document.month else document.year - 1
            out.append(_Found(m.start(), m.end(), f"{year:04d}-{month:02d}", "month"))
        elif m.group("thismonth"):
            first = document.replace(day=1)
            if m.group("thismonth").lower().startswith("last"):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            out.append(_Found(m.start(), m.end(), first.strftime("%Y-%m"), "month"))
        elif m.group("yesterday"):
            out.append(_Found(m.start(), m.end(), (document - dt.timedelta(days=1)).isoformat(), "day"))
        elif m.group("ago"):
            word = m.group("ago").lower()
            days = int(word) if word.isdigit() else _NUMBERS[word]
            out.append(_Found(m.start(), m.end(), (document - dt.timedelta(days=days)).isoformat(), "day"))
        elif m.group("weekday"):
            wanted = _WEEKDAYS.index(m.group("weekday").lower())
            s, e = sentence_at(text, m.start())
            if _FUTURE.search(text[s:e]):
                delta = (wanted - document.weekday()) % 7 or 7
                day = document + dt.timedelta(days=delta)
            else:
                day = document - dt.timedelta(days=(document.weekday() - wanted) % 7)
            out.append(_Found(m.start(), m.end(), day.isoformat(), "day"))
    return out


def _document_day(record: Record) -> dt.date | None:
    """The document's date when known to the day (relative dates need the day)."""
    value = str(record.date or "")
    return _parse_iso(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None


def _with_relative(text: str, found: list[_Found], document: dt.date | None) -> list[_Found]:
    """Add the relative dates of a paragraph; a sentence dated by one drops the dates it only
    names as a complement ("the events of 1915-23")."""
    relative = [r for r in _relative_dates(text, document)
                if not any(r.start < f.end and f.start < r.end for f in found)]
    if not relative:
        return found
    sentences = [sentence_at(text, r.start) for r in relative]
    kept = [f for f in found if not (
        any(s <= f.start < e for s, e in sentences) and re.search(r"\bof\s+(?:the\s+)?$", text[:f.start]))]
    return sorted(kept + relative, key=lambda f: f.start)


def find_events(record: Record) -> list[Event]:
    resolver = YearResolver(record)
    document = _document_day(record)
    events: list[Event] = []
    seen: set[tuple[str, str, str | None, str]] = set()
    for para in record.paragraphs:
        if para.kind == "heading":
            continue
        for found in _with_relative(para.text, _dates_in(para.text, resolver), document):
            if not found.date or _is_date_line(para.text, found):
                continue
            summary = summary_of(para.text, found.start)
            key = (found.date, found.precision, found.end_date, " ".join(re.sub(r"[^\w\s]", "", summary).casefold().split()))
            if key in seen:  # the same sentence twice (a release quoting its own letter) is one event
                continue
            seen.add(key)
            events.append(Event(
                date=found.date,
                precision=found.precision,
                summary=summary,
                paragraph=para.n,
                end_date=found.end_date,
            ))
    return events
