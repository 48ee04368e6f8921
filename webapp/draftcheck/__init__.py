"""Draft check: every quotation and figure of a letter verified against the archive (issue 16).

Public interface:
    read_letter(data, name, settings) -> list[DraftParagraph]    a file's bytes (text, Markdown, Word)
    paste_letter(text, settings) -> list[DraftParagraph]          pasted text (Markdown block quotes kept)
    check_draft(settings, store, index, paragraphs, style, min_words=None) -> DraftCheck
    DraftCheck.to_dict()        the JSON of `evidence check-draft --json` and POST /api/check
    report_text(check) -> str   the CLI's printed report
    checked_docx(check) -> bytes  the letter as Word, a footnote after every verified quotation
    LetterError                 bad input (empty, not text or Word, too large): str() is the message

Reading the letter is ingest's (ingest/draft.py), locating is search's (search/locate.py,
search/align.py); this package orchestrates. Nothing is stored.
"""

from .check import DraftCheck, check_draft
from .export import checked_docx
from .letter import LetterError, paste_letter, read_letter
from .report import report_text

__all__ = ["DraftCheck", "LetterError", "check_draft", "checked_docx", "paste_letter", "read_letter", "report_text"]
