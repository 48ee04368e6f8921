"""Ingestors and enrichment: files in, complete Records out. Imports archive/ only."""

# Importing the ingestor modules registers them by media type.
from . import docx_ingest, html, ocr, pdf, text  # noqa: F401
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
from .metafile import SUFFIX as SIDECAR_SUFFIX
from .metafile import SidecarError, is_sidecar

__all__ = [
    "SIDECAR_SUFFIX",
    "Block",
    "CorruptFile",
    "Document",
    "EmptyDocument",
    "Encrypted",
    "Extracted",
    "IngestError",
    "NeedsOCR",
    "NotAnArticle",
    "Quotation",
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
    "find_quotations",
    "is_sidecar",
    "iter_files",
    "read_document",
    "register",
    "registered",
]
