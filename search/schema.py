"""The index schema: one document per record, per reported event and per publication.

Record documents (kind "r") carry the searchable text of all the record's paragraphs (with a gap
in word positions between paragraphs, so a phrase never spans two), its title, organization and
facet values, and the paragraphs themselves as a stored field: the paragraph a hit points at is
chosen at query time, among the shown records only. One document per record keeps posting lists,
filters and facet counts ten times smaller than a document per paragraph would. Event ("e") and
publication ("d") documents carry only `t_*` fields, so no text query ever matches them.
"""

from __future__ import annotations

import hashlib

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import ANALYZER_VERSION, name_analyzer, text_analyzer
from .engine import array_positions

RECORD, EVENT, PUBLICATION = "r", "e", "d"

# Names a user may type before a colon, and the field each one means.
FIELD_ALIASES = {
    "doc_type": ["type", "doctype"],
    "topic": ["topics"],
    "org": ["organization", "organisation"],
}
QUERY_FIELDS = ("text", "title", "topic", "doc_type", "org", "date")


def build_schema() -> Schema:
    return Schema(
        kind=ID(),
        rid=ID(stored=True, sortable=True),
        paras=STORED(),  # [(paragraph number, page or None, text), ...]
        text=array_positions(TEXT(analyzer=text_analyzer(), multitoken_query="phrase")),
        title=array_positions(TEXT(analyzer=text_analyzer(), multitoken_query="phrase")),
        topic=KEYWORD(commas=True, lowercase=True, scorable=False),
        doc_type=ID(stored=True),
        org=TEXT(analyzer=name_analyzer(), multitoken_query="phrase"),
        org_id=ID(),
        date=NUMERIC(int, bits=32, sortable=True, shift_step=8),
        meta=STORED(),  # {"title", "d": date, "o": org, "u": url, "t": topics}
        facet=COLUMN(columns.VarBytesColumn()),  # rid \x1f doc_type \x1f org \x1f year \x1f topics
        t_date=NUMERIC(int, bits=32, sortable=True, shift_step=8),
        t_topic=KEYWORD(commas=True, lowercase=True, scorable=False),
        t_type=ID(),
        t_data=STORED(),
    )


def fingerprint() -> str:
    """Changes whenever the analyzer version or the fields (or their posting formats) change. A
    format is named with its module: the index's table of contents pickles it by that name."""
    schema = build_schema()
    desc = ANALYZER_VERSION + ";" + ";".join(
        f"{name}:{type(field).__name__}:{type(field.format).__module__}.{type(field.format).__name__}"
        for name, field in sorted(schema.items())
    )
    return hashlib.sha256(desc.encode()).hexdigest()[:16]
