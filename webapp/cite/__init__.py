"""Citations: rendering (Chicago, APA, MLA with the CSL styles in `csl/`, Bluebook by a small
formatter) and the /cite page with its JSON twin /api/cite (`views.py`, registered by the app).

Public interface:
    cite(record, paragraph_n, style, quote=None) -> Citation    a paragraph or an exact quote in it
    parse_ref("RECORD_ID#pN") -> Reference                      CitationError when malformed
    csl_item(record, access_date) -> dict                       the record as one CSL-JSON item
    render(item, style, record_date, ...)                       one item in one style
    locate_quote, access_date_of, document_url, quoted, nest_quotes
    STYLES, NOTE_STYLES, STYLE_LABELS
"""

from .styles import (
    NOTE_STYLES,
    STYLE_LABELS,
    STYLES,
    Citation,
    CitationError,
    Reference,
    access_date_of,
    cite,
    csl_item,
    document_url,
    locate_quote,
    nest_quotes,
    parse_ref,
    quoted,
    render,
)

__all__ = [
    "NOTE_STYLES",
    "STYLES",
    "STYLE_LABELS",
    "Citation",
    "CitationError",
    "Reference",
    "access_date_of",
    "cite",
    "csl_item",
    "document_url",
    "locate_quote",
    "nest_quotes",
    "parse_ref",
    "quoted",
    "render",
]
