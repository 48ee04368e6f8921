"""Ingestors and enrichment: files in, complete Records out. Imports archive/ only.

Also the draft check's letter reader (`ingest/draft.py`): `read_draft`, `draft_from_text`,
`find_draft_quotations` (a letter's quotations; `find_quotations` finds a document's quotes for
enrichment) and `find_figures`.
"""

# Importing the ingestor modules registers them by media type.
from . import docx_ingest, html, ocr, pdf, text  # noqa: F401
from .bulk import (
    ROW_COLUMNS,
    ImportFileError,
    Item,
    Outcome,
    RowError,
    file_item,
    is_light,
    parse_mapping,
    read_items,
    read_rows,
    row_item,
)
from .detect import detect_media_type
from .draft import DraftFigure, DraftParagraph, DraftQuote, draft_from_text, find_figures, read_draft
from .draft import find_quotations as find_draft_quotations
from .enrich import Quotation, enrich_record, find_quotations
from .errors import (
    CorruptFile,
    EmptyDocument,
    Encrypted,
    IngestError,
    NeedsOCR,
    NotAnArticle,
    TooLarge,
    Undecodable,
    Unreadable,
    UnsupportedType,
)
from .metafile import SUFFIX as SIDECAR_SUFFIX
from .metafile import SidecarError, is_sidecar
from .model import Block, Extracted
from .pipeline import Document, build_record, display_path, extract, iter_files, read_document
from .registry import register, registered

__all__ = [
    "ROW_COLUMNS",
    "SIDECAR_SUFFIX",
    "Block",
    "CorruptFile",
    "Document",
    "DraftFigure",
    "DraftParagraph",
    "DraftQuote",
    "EmptyDocument",
    "Encrypted",
    "Extracted",
    "ImportFileError",
    "IngestError",
    "Item",
    "NeedsOCR",
    "NotAnArticle",
    "Outcome",
    "Quotation",
    "RowError",
    "SidecarError",
    "TooLarge",
    "Undecodable",
    "Unreadable",
    "UnsupportedType",
    "build_record",
    "detect_media_type",
    "display_path",
    "draft_from_text",
    "enrich_record",
    "extract",
    "file_item",
    "find_draft_quotations",
    "find_figures",
    "find_quotations",
    "is_light",
    "is_sidecar",
    "iter_files",
    "parse_mapping",
    "read_document",
    "read_draft",
    "read_items",
    "read_rows",
    "register",
    "registered",
    "row_item",
]
