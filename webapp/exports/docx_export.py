"""Word export: each quote with a real footnote (note styles) and a bibliography at the end.

python-docx has no footnote API, so the footnotes part (word/footnotes.xml) is written here and
related to the document; each quote ends with a <w:footnoteReference> to its note.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..drafts import Draft
from .common import bibliography, cited_items, style_label, uses_notes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def _footnotes_xml(notes: list[str]) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        "</w:p></w:footnote>",
    ]
    for n, note in enumerate(notes, start=1):
        parts.append(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {_xml_text(note)}</w:t></w:r>'
            "</w:p></w:footnote>")
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def footnote_reference(n: int):
    return parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{n}"/></w:r>')


def xml_text(text: str) -> str:
    return _XML_BAD.sub("", text)


def to_docx(draft: Draft, style: str = "chicago") -> bytes:
    cited = cited_items(draft, style)
    doc = Document()
    doc.core_properties.title = xml_text(draft.name)
    doc.add_heading(xml_text(draft.name), level=0)
    intro = doc.add_paragraph()
    intro.add_run(f"Evidence exported {dt.date.today().isoformat()}; citation style: {style_label(style)}.").italic = True
    notes: list[str] = []
    for c in cited:
        para = doc.add_paragraph(style="Quote")
        para.add_run(xml_text(c.shown_text))
        if uses_notes(style):
            notes.append(c.note)
            para._p.append(footnote_reference(len(notes)))
        else:
            para.add_run(" " + xml_text(c.note))
        if c.item.note:
            note_para = doc.add_paragraph()
            note_para.add_run("Note: ").bold = True
            note_para.add_run(xml_text(c.item.note))
    if not cited:
        doc.add_paragraph("(This draft has no quotes yet.)")
    entries = bibliography(cited)
    if entries:
        doc.add_heading("Bibliography", level=1)
        for entry in entries:
            doc.add_paragraph(xml_text(entry))
    return save_with_footnotes(doc, notes)


def save_with_footnotes(doc, notes: list[str]) -> bytes:  # type: ignore[no-untyped-def]
    """The document's bytes, with its footnotes part when it has notes (referenced by number, from 1)."""
    if notes:
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml(notes), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def footnotes_of(data: bytes) -> list[str]:
    """The footnote texts of a .docx made here (for checks and tests)."""
    doc = Document(io.BytesIO(data))
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = parse_xml(rel.target_part.blob)
            texts = []
            for note in root.iter(qn("w:footnote")):
                if int(note.get(qn("w:id"))) > 0:
                    texts.append("".join(t.text or "" for t in note.iter(qn("w:t"))).strip())
            return texts
    return []
