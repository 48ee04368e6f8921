"""Draft exports: Word (.docx with footnotes and a bibliography), Markdown with footnotes, CSL-JSON.

Public interface:
    to_docx(draft, style) -> bytes
    to_markdown(draft, style) -> str
    to_csljson(draft) -> str
    EXPORTS: format name -> (file extension, media type)
"""

from .csljson import to_csljson
from .docx_export import to_docx
from .markdown import to_markdown

EXPORTS = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
    "csljson": ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}

__all__ = ["EXPORTS", "to_csljson", "to_docx", "to_markdown"]
