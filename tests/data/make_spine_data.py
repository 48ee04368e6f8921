"""Regenerate the text, Word and broken test files of tests/data/{text,docx,bad}/.

Run: .venv/bin/python tests/data/make_spine_data.py  (the outputs are committed; this documents them).
The prose in the sample files is taken from the shipped corpus (corpus/seeds/003_*.txt), with its provenance.
"""

from __future__ import annotations

import random
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LETTER = (ROOT / "corpus" / "seeds" / "003_321d40f7f970c642.txt").read_text(encoding="utf-8")
# One real paragraph with curly quotes, an em dash and an accent added by the encodings test itself.
PARA = next(p.strip() for p in LETTER.split("\n\n") if p.strip().startswith("Prior to"))
PARA = " ".join(PARA.split())


def write_encodings() -> None:
    sample = "Encoding sample — “Shushi” / Shusha, café\n\n" + PARA + "\n"
    (HERE / "text" / "utf8.txt").write_text(sample, encoding="utf-8")
    (HERE / "text" / "utf16-bom.txt").write_bytes(sample.encode("utf-16"))  # the codec writes a BOM
    (HERE / "text" / "cp1252.txt").write_bytes(sample.encode("cp1252"))
    latin = sample.replace("—", "-").replace("“", '"').replace("”", '"').replace("’", "'")
    (HERE / "text" / "latin1.txt").write_bytes(latin.encode("latin-1"))


def write_docx() -> None:
    doc = docx.Document()
    doc.add_heading("Letter on the Nagorno-Karabakh offensive (Word rendition)", level=0)
    body = [p.strip() for p in LETTER.split("\n\n") if p.strip()]
    doc.add_paragraph("October 2, 2023")
    doc.add_paragraph("The Honorable Joseph R. Biden Jr.,")
    doc.add_paragraph("President of the United States")
    doc.add_paragraph("Dear President Biden,")
    doc.add_heading("The offensive", level=1)
    for para in body[7:12]:
        doc.add_paragraph(" ".join(para.split()))
    for para in body[12:14]:
        doc.add_paragraph(" ".join(para.split()).split(". ", 1)[1], style="List Number")
    doc.add_paragraph("Most gratefully,")
    doc.core_properties.author = "Evidence Index test data"
    doc.save(HERE / "docx" / "letter.docx")


def write_bad() -> None:
    rng = random.Random(20261123)
    (HERE / "bad" / "empty.txt").write_bytes(b"")
    (HERE / "bad" / "random-bytes.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (HERE / "bad" / "random-bytes.docx").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    whole = (HERE / "docx" / "letter.docx").read_bytes()
    (HERE / "bad" / "truncated.docx").write_bytes(whole[: len(whole) // 2])
    (HERE / "bad" / "nul-riddled.txt").write_bytes(b"Dear Senator,\x00\x00 I am\x00 writing\x00" * 50)
    (HERE / "bad" / "undecodable-utf16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8" * 20)  # lone surrogates


if __name__ == "__main__":
    write_encodings()
    write_docx()
    write_bad()
