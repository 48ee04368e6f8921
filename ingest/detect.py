"""Media type detection from the content, with the file name only as a tie-breaker."""

from __future__ import annotations

import io
import zipfile

from .errors import CorruptFile

_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<article", b"<div", b"<p>", b"<title")


def _ext(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def detect_media_type(data: bytes, path: str) -> str:
    """The media type of `data`. Raises CorruptFile when the content contradicts a binary extension."""
    ext = _ext(path)
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, media in _MAGIC:
        if head.startswith(magic) or (media == "application/pdf" and magic in head[:1024]):
            return media
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data, path)
    if ext == "docx":
        raise CorruptFile(path, "not a Word .docx file (the content is not a ZIP package)")
    if ext == "pdf":
        raise CorruptFile(path, "not a PDF (no %PDF header)")
    lowered = stripped[:1024].lower()
    if _looks_like_utf16(head):
        lowered = head.decode("utf-16", errors="ignore").encode("utf-8", "ignore").lstrip().lower()[:1024]
    if lowered.startswith(b"<?xml") and b"<html" in lowered:
        return "text/html"
    if any(lowered.startswith(m) for m in _HTML_MARKERS) or (ext in ("html", "htm") and b"<" in lowered):
        return "text/html"
    if ext in ("md", "markdown"):
        return "text/markdown"
    return "text/plain"


def _looks_like_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _zip_type(data: bytes, path: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CorruptFile(path, "damaged or truncated ZIP package (a .docx must be a complete ZIP)") from None
    if "word/document.xml" in names:
        return DOCX
    raise CorruptFile(path, "a ZIP archive that is not a Word document")
