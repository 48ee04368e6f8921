"""Typed ingest errors. Each names the file and a reason a researcher can act on."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be ingested. `str(err)` is the one line shown to the user."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedType(IngestError):
    """The content is not a kind of document we can read."""


class EmptyDocument(IngestError):
    """The file holds no text worth archiving."""


class TooLarge(IngestError):
    """The file is over the configured size limit."""


class Undecodable(IngestError):
    """The bytes do not decode as text in any supported encoding."""


class CorruptFile(IngestError):
    """The file is truncated, malformed or otherwise unreadable."""


class Encrypted(IngestError):
    """The document is password-protected."""


class NeedsOCR(IngestError):
    """The document has no text layer (a scan) and OCR is unavailable or off."""


class NotAnArticle(IngestError):
    """A web page with no article (a listing, tag or index page)."""


class Unreadable(IngestError):
    """The file could not be opened (permissions, a broken link, ...)."""
