"""Ingestors and enrichment: files in, complete Records out. Imports archive/ only."""

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
from .model import Block, Extracted
from .pipeline import Document, build_record, display_path, extract, iter_files, read_document
from .registry import register, registered
from .sidecar import SUFFIX as SIDECAR_SUFFIX
from .sidecar import SidecarError, is_sidecar

__all__ = [
    "ROW_COLUMNS",
    "SIDECAR_SUFFIX",
    "Block",
    "CorruptFile",
    "Document",
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
    "enrich_record",
    "extract",
    "file_item",
    "find_quotations",
    "is_light",
    "is_sidecar",
    "iter_files",
    "parse_mapping",
    "read_document",
    "read_items",
    "read_rows",
    "register",
    "registered",
    "row_item",
]
