"""Draft exports: Word (.docx with footnotes and a bibliography), Markdown with footnotes, CSL-JSON.

Public interface:
    to_docx(draft, style) -> bytes
    to_markdown(draft, style) -> str
    to_csljson(draft) -> str
    EXPORTS: format name -> (file extension, media type)
and the Word pieces the draft check's export reuses: save_with_footnotes(doc, notes),
footnote_reference(n), xml_text(text) (text Word accepts); footnotes_of(data) reads them back.
"""

from .csljson import to_csljson
from .docx_export import footnote_reference, footnotes_of, save_with_footnotes, to_docx, xml_text
from .markdown import to_markdown

EXPORTS = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
    "csljson": ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}

__all__ = ["EXPORTS", "footnote_reference", "footnotes_of", "save_with_footnotes", "to_csljson", "to_docx",
           "to_markdown", "xml_text"]
