"""What a user asks for (SearchQuery), and turning it into Whoosh queries and filters.

The query language is Whoosh's, restricted to words, "phrases", field:value, wildcards, ranges,
(groups) and AND / OR / NOT. Name variants from the aliases vocabulary are added to any word or
phrase that names one. Every user mistake becomes a QueryError with a message meant for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import qparser, query
from whoosh.fields import Schema

from archive import DOC_TYPES, Settings

from .aliases import AliasTable, Tokens
from .documents import date_number, fold
from .errors import QueryError
from .schema import FIELD_ALIASES, QUERY_FIELDS, build_schema

SORTS = ("relevance", "date")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EXPANDABLE_FIELDS = ("text", "title")


@dataclass(frozen=True)
class QueryLimits:
    """What one query may ask for, so that every request's cost is bounded (settings search_max_*)."""

    max_chars: int = 1000
    max_terms: int = 100
    max_wildcards: int = 8
    max_depth: int = 10

    @classmethod
    def of(cls, settings: Settings) -> QueryLimits:
        search = settings.search
        return cls(search.search_max_query_chars, search.search_max_terms, search.search_max_wildcards,
                   search.search_max_depth)


class QueryTooLarge(QueryError):
    """A query over one of the limits (length, words, wildcards, nesting): refused before any work."""


_QUOTED = re.compile(r'"[^"]*"')
_WILDCARD_WORD = re.compile(r"[^\s()]*[*?][^\s()]*")
_WORDS = re.compile(r"\w+")


def check_cost(text: str, limits: QueryLimits) -> None:
    """Refuse, by a QueryTooLarge naming the limit, a query whose parsing or matching would cost too much.

    Runs in time linear in the length of the text and before the parser sees it."""
    if len(text) > limits.max_chars:
        raise QueryTooLarge(f"q: the query is {len(text):,} characters long; at most {limits.max_chars:,} "
                            "are accepted (setting search_max_query_chars)")
    words = sum(1 for w in _WORDS.finditer(text) if w.group(0) not in ("AND", "OR", "NOT", "TO"))
    if words > limits.max_terms:
        raise QueryTooLarge(f"q: the query has {words} words; at most {limits.max_terms} are searched "
                            "(setting search_max_terms)")
    bare = _QUOTED.sub(" ", text)
    wildcards = len(_WILDCARD_WORD.findall(bare))
    if wildcards > limits.max_wildcards:
        raise QueryTooLarge(f"q: the query has {wildcards} wildcard words; at most {limits.max_wildcards} "
                            "are allowed (setting search_max_wildcards)")
    depth = deepest = 0
    for ch in bare:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    if deepest > limits.max_depth:
        raise QueryTooLarge(f"q: the query nests brackets {deepest} deep; at most {limits.max_depth} levels "
                            "are allowed (setting search_max_depth)")


@dataclass
class SearchQuery:
    text: str = ""
    topic: str | None = None
    doc_type: str | None = None
    org: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 20
    undated: bool = False  # only records whose date is unknown (the ones a date filter leaves out)
    meaning: bool = True  # plain words: also rank by meaning (when the index has vectors)
    forms: bool = True  # plain words: also search other forms of each word ("also searched")

    @property
    def has_filters(self) -> bool:
        return any((self.topic, self.doc_type, self.org, self.since, self.until, self.undated))


def check_date(name: str, value: str | None, end: bool) -> int | None:
    """The YYYYMMDD bound of a since/until value, or a QueryError naming the field."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not _DATE.match(text):
        raise QueryError(f"{name}: {text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    import datetime as dt

    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise QueryError(f"{name}: {text!r} is not a date on the calendar") from None
    return date_number(text, end=end)


def check_query(q: SearchQuery, max_limit: int, topics: list[str] | None) -> tuple[int | None, int | None]:
    """Validate the non-text parts of a query; returns the (since, until) bounds."""
    if q.sort not in SORTS:
        raise QueryError(f"sort: {q.sort!r} is not one of {', '.join(SORTS)}")
    if not isinstance(q.page, int) or q.page < 1:
        raise QueryError(f"page: {q.page!r} must be a whole number from 1")
    if not isinstance(q.limit, int) or q.limit < 1:
        raise QueryError(f"limit: {q.limit!r} must be a whole number from 1 (at most {max_limit} are shown)")
    if q.doc_type and q.doc_type not in DOC_TYPES:
        raise QueryError(f"type: {q.doc_type!r} is not a document type ({', '.join(DOC_TYPES)})")
    if q.topic and topics is not None and q.topic not in topics:
        raise QueryError(f"topic: {q.topic!r} is not a topic id in topics.yaml")
    since = check_date("since", q.since, end=False)
    until = check_date("until", q.until, end=True)
    if since and until and since > until:
        raise QueryError(f"since ({q.since}) is after until ({q.until})")
    return since, until


# -- parsing ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> qparser.QueryParser:
    schema: Schema = build_schema()
    plugins = [
        qparser.PhrasePlugin(),
        qparser.FieldsPlugin(),
        qparser.WildcardPlugin(),
        qparser.RangePlugin(),
        qparser.GroupPlugin(),
        qparser.OperatorsPlugin(),
        qparser.FieldAliasPlugin(FIELD_ALIASES),
    ]
    return qparser.QueryParser("text", schema, plugins=plugins)


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('the query has an opening " without a closing one')
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", text):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            raise QueryError("the query has a ) without a matching (")
    if depth:
        raise QueryError("the query has a ( without a matching )")


_DATE_TERM = re.compile(r"(?<![\w:])date:(?P<value>[\[{][^\]}]*[\]}]?|[<>]=?[^\s()]*|[^\s()]*)", re.I)
_RANGE = re.compile(r"^(?P<open>[\[{])\s*(?:(?P<lo>[^\s\]}]+)\s+)?TO(?:\s+(?P<hi>[^\s\]}]*))?\s*(?P<close>[\]}])$",
                    re.I)
DATE_HELP = ("write date:2025, date:2025-02, date:2025-02-07, date:[2023-01-01 TO 2023-12-31] "
             "or date:>2020")


def _date_bounds(value: str, whole: str) -> tuple[int, int]:
    """(first day, last day) as YYYYMMDD numbers of a year, month or day the user wrote."""
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    elif re.fullmatch(r"\d{6}", text):
        text = f"{text[:4]}-{text[4:]}"
    if not _DATE.match(text):
        raise QueryError(f"{whole!r}: {value!r} is not a date ({DATE_HELP})")
    check_date(whole, text, end=False)
    return date_number(text, end=False), date_number(text, end=True)


def rewrite_dates(text: str) -> str:
    """`date:` as people write it (a year, a month, an ISO day, a range, >, >=, <, <=) as the numeric
    YYYYMMDD ranges the index holds; quoted phrases are left alone."""
    out, pos = [], 0
    for quoted in [*_QUOTED.finditer(text), None]:
        end = quoted.start() if quoted else len(text)
        out.append(_DATE_TERM.sub(_date_range, text[pos:end]))
        if quoted:
            out.append(quoted.group(0))
            pos = quoted.end()
    return "".join(out)


def _date_range(match: re.Match[str]) -> str:
    whole, value = match.group(0), match.group("value")
    if not value:
        raise QueryError(f"{whole!r}: no date after the colon ({DATE_HELP})")
    if value[0] in "[{":
        m = _RANGE.match(value)
        if not m:
            raise QueryError(f"{whole!r}: a date range is written [FROM TO UNTIL] ({DATE_HELP})")
        lo, hi = m.group("lo") or "", m.group("hi") or ""
        if not (lo or hi):
            raise QueryError(f"{whole!r}: a date range needs a first or a last date ({DATE_HELP})")
        start = "" if not lo else (str(_date_bounds(lo, whole)[0]) if m.group("open") == "[" else
                                   str(_date_bounds(lo, whole)[1]))
        stop = "" if not hi else (str(_date_bounds(hi, whole)[1]) if m.group("close") == "]" else
                                  str(_date_bounds(hi, whole)[0]))
        if start and stop and int(start) > int(stop):
            raise QueryError(f"{whole!r}: the range ends before it starts")
        if not start:  # undated records are held as 0: an open start still means "dated"
            return f"date:[1 TO {stop}{m.group('close')}"
        return f"date:{m.group('open')}{start} TO {stop}{m.group('close')}".replace(" TO ]", " TO]").replace(
            " TO }", " TO}")
    op = re.match(r"^[<>]=?", value)
    first, last = _date_bounds(value[op.end():] if op else value, whole)
    if not op:
        return f"date:[{first} TO {last}]"
    return {">": f"date:{{{last} TO]", ">=": f"date:[{first} TO]",
            "<": f"date:[1 TO {first}}}", "<=": f"date:[1 TO {last}]"}[op.group(0)]


def _fields_of(q: query.Query) -> set[str]:
    names = set()
    for sub in q.leaves() if not q.is_leaf() else [q]:
        name = getattr(sub, "fieldname", None)
        if name:
            names.add(name)
    return names


def parse_text(text: str, aliases: AliasTable) -> query.Query:
    """The user's words as a Whoosh query (alias variants added); QueryError when it cannot run."""
    _check_syntax(text)
    text = rewrite_dates(text)
    try:
        parsed = _parser().parse(text)
    except Exception as exc:  # Whoosh raises assorted types for odd input
        raise QueryError(f"the query cannot be read ({exc})") from None
    errors = [getattr(q, "error", None) for q in _walk(parsed) if getattr(q, "error", None)]
    if errors:
        raise QueryError(f"the query cannot be read: {errors[0]}")
    bad = _fields_of(parsed) - set(QUERY_FIELDS) - {"rid"}
    if bad:
        raise QueryError(
            f"unknown field {sorted(bad)[0]!r}; you can search "
            + ", ".join(f"{f}:" for f in ("title", "topic", "type", "org", "date"))
        )
    if isinstance(parsed, type(query.NullQuery)):  # the parser gives the NullQuery singleton
        raise QueryError("the query has no words to search for (very common words such as 'the' are not indexed)")
    for sub in _walk(parsed):
        if isinstance(sub, query.Prefix | query.Wildcard):
            literal = re.sub(r"[*?]", "", sub.text)
            if len(literal) < 2:
                raise QueryError(f"{sub.text!r}: a wildcard needs at least two letters besides * and ?")
    return expand_aliases(parsed, aliases).normalize()


def _walk(q: query.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


# -- alias expansion -------------------------------------------------------------------------------


def _as_query(fieldname: str, tokens: Tokens) -> query.Query:
    if len(tokens) == 1:
        return query.Term(fieldname, tokens[0])
    return query.Phrase(fieldname, list(tokens))


def _tokens_of(q: query.Query) -> Tokens | None:
    if isinstance(q, query.Term) and q.fieldname in EXPANDABLE_FIELDS and isinstance(q.text, str):
        return (q.text,)
    if isinstance(q, query.Phrase) and q.fieldname in EXPANDABLE_FIELDS and q.slop == 1:
        return tuple(q.words)
    return None


def _with_variants(q: query.Query, fieldname: str, tokens: Tokens, aliases: AliasTable) -> query.Query:
    variants = aliases.variants(tokens)
    if len(variants) < 2:
        return q
    needed = _minimal(variants)
    if tokens not in needed:  # the user's words hold a shorter name of the group: search for that
        return query.Or([_as_query(fieldname, v) for v in needed])
    return query.Or([q] + [_as_query(fieldname, v) for v in needed if v != tokens])


def _minimal(variants: tuple[Tokens, ...]) -> list[Tokens]:
    """The names not containing another name of the group: "nagorno karabakh republ" is found by
    "karabakh" already, and phrase matching costs far more than a word."""
    def contains(longer: Tokens, shorter: Tokens) -> bool:
        n = len(shorter)
        return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))

    return [v for v in variants if not any(contains(v, other) for other in variants if other != v)]


def expand_aliases(q: query.Query, aliases: AliasTable) -> query.Query:
    """Add the other names of an alias group wherever a word, a phrase or a run of ANDed words names one."""
    if not aliases.max_length:
        return q
    tokens = _tokens_of(q)
    if tokens is not None:
        return _with_variants(q, q.fieldname, tokens, aliases)
    if isinstance(q, query.And):  # runs of words first ("nagorno karabakh"), then each word left
        return query.And(_expand_runs(list(q.subqueries), aliases))
    if q.is_leaf():
        return q
    return q.apply(lambda child: expand_aliases(child, aliases))


def _expand_runs(children: list[query.Query], aliases: AliasTable) -> list[query.Query]:
    """In `a b c` (ANDed words), find runs of words that spell a multi-word name."""
    out: list[query.Query] = []
    i = 0
    while i < len(children):
        matched = False
        for size in range(min(aliases.max_length, len(children) - i), 1, -1):
            run = children[i : i + size]
            toks = [_tokens_of(c) for c in run]
            if any(t is None or len(t) != 1 for t in toks):
                continue
            fields = {c.fieldname for c in run}
            tokens = tuple(t[0] for t in toks if t)
            if len(fields) == 1 and aliases.variants(tokens):
                field = fields.pop()
                out.append(_with_variants(query.And(run), field, tokens, aliases))
                i += size
                matched = True
                break
        if not matched:
            out.append(expand_aliases(children[i], aliases))
            i += 1
    return out


# -- filters -----------------------------------------------------------------------------------------


def filter_queries(q: SearchQuery, since: int | None, until: int | None, aliases: AliasTable
                   ) -> list[tuple[str, query.Query]]:
    """(cache key, query) for each filter the user set."""
    out: list[tuple[str, query.Query]] = []
    if q.topic:
        out.append((f"topic={q.topic}", query.Term("topic", q.topic.lower())))
    if q.doc_type:
        out.append((f"type={q.doc_type}", query.Term("doc_type", q.doc_type)))
    if q.org:
        names = sorted({fold(n) for n in aliases.names_for(q.org.strip())})
        out.append((f"org={'|'.join(names)}", query.Or([query.Term("org_id", n) for n in names])))
    if since or until:
        out.append((f"date={since}-{until}", query.NumericRange("date", since or 1, until or 99991231)))
    if q.undated:
        out.append(("undated", query.NumericRange("date", 0, 0)))
    return out
