"""The letter to check, from a file's bytes or a paste, with one clear error for bad input."""

from __future__ import annotations

from archive import Settings
from ingest import DraftParagraph, IngestError, TooLarge, draft_from_text, read_draft


class LetterError(ValueError):
    """The letter cannot be checked; the message names it and says why."""


def _max_bytes(settings: Settings) -> int:
    return int(settings.web.draft_check_max_mb * 1024 * 1024)


def read_letter(data: bytes, name: str, settings: Settings) -> list[DraftParagraph]:
    try:
        return read_draft(data, name, _max_bytes(settings))
    except TooLarge as exc:
        raise LetterError(f"{exc} (setting draft_check_max_mb)") from None
    except IngestError as exc:
        raise LetterError(str(exc)) from None


def paste_letter(text: str, settings: Settings, name: str = "the pasted letter") -> list[DraftParagraph]:
    size = len(text.encode("utf-8"))
    if size > _max_bytes(settings):
        raise LetterError(f"{name}: {size / 1048576:.1f} MB is over the {settings.web.draft_check_max_mb:g} MB "
                          "limit for a letter (setting draft_check_max_mb)")
    if not text.strip():
        raise LetterError(f"{name}: the letter is empty")
    return draft_from_text(text)
