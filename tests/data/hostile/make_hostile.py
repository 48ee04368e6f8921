"""Make the hostile test files.

Small files are committed next to this script (run `python tests/data/hostile/make_hostile.py`
to regenerate them; the output is deterministic). Big ones (a 200 MB file, deeply nested HTML,
a deep PDF page tree) are made by the tests in their temp folder through `make_big`, never
committed.

Every payload here is inert test data: the app must show these characters, never run them.
"""

from __future__ import annotations

import io
import os
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
PAYLOADS = [
    SCRIPT,
    IMG,
    '"><svg onload=alert(1)>',
    "';alert(1);//",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

# -- XSS payloads in every field ------------------------------------------------------------------


def _html_text(s: str) -> str:
    """Escape for use as HTML text: the payload reaches the parser's text nodes verbatim."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xss_html() -> bytes:
    body = "\n".join(
        f"<p>Paragraph {i} reports that the committee received the letter and payload {_html_text(p)} "
        f"in the text of the document, which is long enough to be kept as body text.</p>"
        for i, p in enumerate(PAYLOADS, 1)
    )
    page = f"""<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{_html_text(SCRIPT)}</title>
<meta property="og:title" content="{_html_text(SCRIPT)}">
<meta name="author" content="{_html_text(IMG)}">
<meta property="og:site_name" content="{_html_text(PAYLOADS[2])}">
<meta name="description" content="{_html_text(PAYLOADS[5])}">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="javascript:alert(1)">
<script>alert("inline script in head")</script>
<style>body {{ background: url(javascript:alert(1)) }}</style>
</head><body onload="alert(1)">
<article>
<h1>{_html_text(SCRIPT)}</h1>
<p class="byline">By {_html_text(IMG)}</p>
{body}
<blockquote>"{_html_text(IMG)} is what the spokesperson said," said {_html_text(SCRIPT)}, the director.</blockquote>
<p><a href="javascript:alert(1)" onclick="alert(1)">A link whose target is a script, in a sentence of body text.</a></p>
<script>alert("inline script in body")</script>
<img src="x" onerror="alert(1)">
</article>
</body></html>
"""
    return page.encode("utf-8")


def xss_text() -> bytes:
    lines = [SCRIPT, "", "March 5, 2024", ""]
    for i, p in enumerate(PAYLOADS, 1):
        lines.append(f"Paragraph {i} of this statement holds the payload {p} inside ordinary sentence text.")
        lines.append("")
    lines.append(f'"{IMG} is a quote," said {SCRIPT}, director of the office.')
    return ("\n".join(lines) + "\n").encode("utf-8")


def xss_markdown() -> bytes:
    lines = [f"# {SCRIPT}", ""]
    for p in PAYLOADS:
        lines += [f"Markdown paragraph with {p} and [a link](javascript:alert(1)) in ordinary text.", ""]
    lines += [f"> {IMG} quoted in a block quote.", ""]
    return "\n".join(lines).encode("utf-8")


def xss_sidecar() -> bytes:
    """A sidecar for xss-sidecar.txt: payloads in the metadata fields a sidecar can set."""
    import yaml

    return yaml.safe_dump({
        "title": SCRIPT, "org": IMG, "url": "javascript:alert(1)", "authors": [PAYLOADS[2]],
        "recipients": [PAYLOADS[5]], "date": "2024-03-05", "notes": PAYLOADS[7],
    }, allow_unicode=True, sort_keys=True).encode("utf-8")


def xss_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = SCRIPT
    document.core_properties.author = IMG
    document.add_heading(SCRIPT, level=1)
    for p in PAYLOADS:
        document.add_paragraph(f"A Word paragraph carrying {p} inside ordinary sentence text.")
    out = io.BytesIO()
    document.save(out)
    return _deterministic_zip(out.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps so regenerating gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 5, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


# -- bombs and malformed files --------------------------------------------------------------------

_DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def zip_bomb_docx(inflated_mb: int = 32) -> bytes:
    """A .docx whose document.xml inflates from ~33 KB to `inflated_mb` MB."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    tail = b"</w:body></w:document>"
    zeros = inflated_mb * 1024 * 1024
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(head)
    chunk = b" " * (1 << 20)
    crc = zlib.crc32(head)
    for _ in range(inflated_mb):
        packed += comp.compress(chunk)
        crc = zlib.crc32(chunk, crc)
    packed += comp.compress(tail) + comp.flush()
    crc = zlib.crc32(tail, crc)
    size = len(head) + zeros + len(tail)
    return _zip_with_raw_member(
        [("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS)], "word/document.xml", packed, crc, size
    )


def lying_zip_bomb_docx(inflated_mb: int = 32) -> bytes:
    """Like zip_bomb_docx, but the headers claim document.xml inflates to 1 KB."""
    data = zip_bomb_docx(inflated_mb)
    size = inflated_mb * 1024 * 1024
    # patch the declared uncompressed size (local header and central directory) to 1024
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (pos := out.find(sig, start)) != -1:
            name_len_at = 26 if sig == b"PK\x03\x04" else 28
            name_len = struct.unpack_from("<H", out, pos + name_len_at)[0]
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(out[name_at:name_at + name_len]) == b"word/document.xml":
                declared = struct.unpack_from("<I", out, pos + offset)[0]
                if declared > size // 2:
                    struct.pack_into("<I", out, pos + offset, 1024)
            start = pos + 4
    return bytes(out)


def _zip_with_raw_member(plain: list[tuple[str, bytes]], name: str, packed: bytes, crc: int, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, body in plain:
            zf.writestr(zipfile.ZipInfo(member, date_time=(2024, 3, 5, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    # append the raw deflated member by hand, then rewrite the central directory
    existing = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    infos = existing.infolist()
    cd_start = existing.start_dir
    body = bytearray(out.getvalue()[:cd_start])
    local_at = len(body)
    fname = name.encode()
    body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5865, crc, len(packed), size, len(fname), 0)
    body += fname + packed
    central = bytearray()
    for info in infos:
        central += _central_entry(info.filename.encode(), info.compress_type, info.CRC, info.compress_size,
                                  info.file_size, info.header_offset)
    central += _central_entry(fname, 8, crc, len(packed), size, local_at)
    cd_at = len(body)
    body += central
    body += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, len(central), cd_at, 0)
    return bytes(body)


def _central_entry(fname: bytes, method: int, crc: int, csize: int, size: int, offset: int) -> bytes:
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5865, crc, csize, size,
                       len(fname), 0, 0, 0, 0, 0, offset) + fname


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct xref table from numbered object bodies (object i+1 = objects[i])."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref_at)
    return bytes(out)


def _page_with_text(parent: int, contents: int) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
            % (parent, contents))


def _text_stream(text: bytes) -> bytes:
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"


def pdf_huge_count() -> bytes:
    """A page tree that claims two billion pages."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
        _page_with_text(2, 4),
        _text_stream(b"A page in a document that claims to have two billion pages."),
    ])


def pdf_cyclic_tree() -> bytes:
    """A page tree whose Pages node lists itself among its kids (an endless loop for a naive reader)."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 5 0 R] /Count 3 >>",
        _page_with_text(2, 4),
        _text_stream(b"A page in a document whose page tree loops back on itself."),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 5 0 R] /Count 1 >>",
    ])


def pdf_deep_tree(depth: int = 5000) -> bytes:
    """Pages nested `depth` levels deep above a single page (recursion bomb for recursive readers)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        parent = b"" if level == 0 else b"/Parent %d 0 R " % (number - 1)
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, number + 1))
    page_no = depth + 2
    objects.append(_page_with_text(page_no - 1, page_no + 1))
    objects.append(_text_stream(b"The only page, at the bottom of a very deep page tree."))
    return _pdf(objects)


def pdf_stream_bomb(inflated_mb: int = 80) -> bytes:
    """A page whose content stream inflates to `inflated_mb` MB of spaces."""
    comp = zlib.compressobj(9)
    packed = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(inflated_mb)) + comp.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page_with_text(2, 4),
        stream,
    ])


def pdf_bad_ascii85() -> bytes:
    """A compressed content stream whose ASCII85 encoding holds a byte outside the alphabet."""
    text = b"BT /F1 12 Tf 72 720 Td (A page whose content stream is damaged.) Tj ET"
    import base64

    encoded = base64.a85encode(zlib.compress(text)) + b"~>"
    damaged = encoded[:20] + b"\x05" + encoded[21:]
    stream = (b"<< /Length %d /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n" % len(damaged)
              + damaged + b"\nendstream")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page_with_text(2, 4),
        stream,
    ])


def _page_stream(stream: bytes) -> bytes:
    """A one-page PDF whose page content is `stream` (a whole stream object: dictionary and data)."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page_with_text(2, 4),
        stream,
    ])


def _stream(filters: bytes, data: bytes) -> bytes:
    return b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def _deflate_spaces(mb: int) -> bytes:
    comp = zlib.compressobj(9)
    return b"".join(comp.compress(b" " * (1 << 20)) for _ in range(mb)) + comp.flush()


def pdf_chain_bomb(inflated_mb: int = 100) -> bytes:
    """A content stream behind a filter chain, [/ASCIIHexDecode /FlateDecode]: about 200 KB that
    inflate to `inflated_mb` MB (a guard that looks only at Flate-only streams lets it through)."""
    return _page_stream(_stream(b"[/ASCIIHexDecode /FlateDecode]", _deflate_spaces(inflated_mb).hex().encode() + b">"))


def lzw_encode_run(byte: int, count: int) -> bytes:
    """PDF LZW of `count` copies of one byte (12-bit codes at most, EarlyChange 1, a clear code before
    the table fills): the codes a general encoder gives, each new one a run one byte longer."""
    out, acc, filled = bytearray(), 0, 0

    def put(code: int, width: int) -> None:
        nonlocal acc, filled
        acc = (acc << width) | code
        filled += width
        while filled >= 8:
            filled -= 8
            out.append((acc >> filled) & 0xFF)
        acc &= (1 << filled) - 1

    def width_for(next_code: int) -> int:
        return 9 if next_code < 511 else 10 if next_code < 1023 else 11 if next_code < 2047 else 12

    put(256, 9)
    left, code = count, 258
    while left > 0:
        put(byte, 9)  # after a clear: the byte itself, then codes 258, 259, ... for runs of 2, 3, ...
        left -= 1
        code, run = 258, 2
        while left >= run and code < 4093:
            put(code, width_for(code))  # the decoder's table holds `code` entries when it reads this one
            left -= run
            code, run = code + 1, run + 1
        if left > 0:
            put(256, width_for(code))
    put(257, width_for(code))
    if filled:
        out.append((acc << (8 - filled)) & 0xFF)
    return bytes(out)


def pdf_lzw_bomb(inflated_mb: int = 100) -> bytes:
    """An LZW content stream (no Flate at all) that decodes to `inflated_mb` MB of spaces."""
    return _page_stream(_stream(b"/LZWDecode", lzw_encode_run(0x20, inflated_mb << 20)))


def pdf_runlength_bomb(inflated_mb: int = 100) -> bytes:
    """A RunLength content stream: each two bytes repeat a space 128 times (64x; made by the tests)."""
    runs = b"\x81 " * ((inflated_mb << 20) // 128) + b"\x80"
    return _page_stream(_stream(b"/RunLengthDecode", runs))


def pdf_image_bomb(side: int = 8000) -> bytes:
    """A page whose only content is a side x side RGB image, Flate-compressed to almost nothing."""
    comp = zlib.compressobj(9)
    row = b"\xff" * (side * 3)
    packed = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
             b"/Length %d /Filter /FlateDecode >>\nstream\n" % (side, side, len(packed)) + packed + b"\nendstream")
    draw = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
        image,
    ])


def pdf_object_stream_bomb(inflated_mb: int = 100) -> bytes:
    """PDF 1.5: the catalog sits in a compressed object stream padded to `inflated_mb` MB, found
    through an xref stream (pdfminer inflates the object stream to read the catalog)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    comp = zlib.compressobj(9)
    body = b"5 0 " + catalog
    packed = comp.compress(body) + b"".join(comp.compress(b" " * (1 << 20)) for _ in range(inflated_mb)) + comp.flush()
    objects = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: _page_with_text(2, 4),
        4: _text_stream(b"A page whose catalog hides in a compressed object stream."),
        1: (b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed + b"\nendstream"),
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in (1, 2, 3, 4):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [struct.pack(">BIH", 2, 1, 0), struct.pack(">BIH", 1, xref_at, 0)]
    data = b"".join(rows)
    out += (b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 5 0 R /Length %d >>\nstream\n" % len(data)
            + data + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def alias_bomb_sidecar(levels: int = 9, width: int = 9) -> bytes:
    """A sidecar whose `notes` nests YAML aliases `levels` deep, `width` wide: a few hundred bytes that
    stand for width**levels strings once expanded."""
    lines = ["title: A document with a hostile sidecar", "notes:"]
    lines.append("  - &a0 [" + ", ".join(['"lol"'] * width) + "]")
    for level in range(1, levels):
        lines.append(f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return ("\n".join(lines) + "\n").encode()


def hard_wrapped_text(mb: float, width: int = 72) -> bytes:
    """`mb` MB of hard-wrapped prose with no blank lines, every line the same width (one long paragraph
    after unwrapping, as a PDF-to-text export with lost paragraph breaks gives)."""
    words = re.findall(r"\S+", "the committee received reports of detention and displacement in the region "
                                "during the period under review and asked the department to account for it")
    target = int(mb * 1024 * 1024)
    lines, line, size, i = [], [], 0, 0
    while size < target:
        word = words[i % len(words)] + ("." if i % 23 == 22 else "")  # sentences of 23 words
        i += 1
        if sum(map(len, line)) + len(line) + len(word) > width:
            text = " ".join(line)
            lines.append(text)
            size += len(text) + 1
            line = []
        line.append(word)
    return ("Hard-wrapped test document\n" + "\n".join(lines) + "\n").encode()


def invalid_utf8() -> bytes:
    """Bytes that are not UTF-8 and not text in any encoding: overlong forms, lone continuation
    bytes, surrogates, and control bytes throughout."""
    chunk = b"\xc0\xaf\x80\x81\xed\xa0\x80\xf8\x88\x80\x80\x80\x01\x02\x03\x1b\x7f\xfe\xff"
    return b"Title line\n" + chunk * 200


def nested_html(depth: int = 100_000) -> bytes:
    return (b"<!doctype html><html><head><title>Nested</title></head><body>"
            + b"<div>" * depth + b"<p>Deep text at the bottom of a very deep tree of elements.</p>"
            + b"</div>" * depth + b"</body></html>")


def binary_named_pdf() -> bytes:
    return bytes(range(256)) * 8


def truncated_pdf() -> bytes:
    return pdf_huge_count()[:300]


# -- what is committed, and what tests make ----------------------------------------------------------

COMMITTED = {
    "xss.html": xss_html,
    "xss.txt": xss_text,
    "xss.md": xss_markdown,
    "xss-sidecar.txt": lambda: xss_text() + b"\nThis copy takes its metadata from a sidecar file.\n",
    "xss-sidecar.txt.meta.yaml": xss_sidecar,
    "xss.docx": xss_docx,
    "zip-bomb.docx": zip_bomb_docx,
    "zip-bomb-lying-header.docx": lying_zip_bomb_docx,
    "pdf-huge-page-count.pdf": pdf_huge_count,
    "pdf-cyclic-page-tree.pdf": pdf_cyclic_tree,
    "pdf-stream-bomb.pdf": pdf_stream_bomb,
    "pdf-bad-ascii85.pdf": pdf_bad_ascii85,
    "invalid-utf8.txt": invalid_utf8,
    "binary-named.pdf": binary_named_pdf,
    "truncated.pdf": truncated_pdf,
    "empty.txt": lambda: b"",
    "pdf-chain-bomb.pdf": pdf_chain_bomb,
    "pdf-lzw-bomb.pdf": pdf_lzw_bomb,
    "pdf-image-bomb.pdf": pdf_image_bomb,
    "pdf-object-stream-bomb.pdf": pdf_object_stream_bomb,
    "alias-bomb.txt": lambda: b"A short statement whose sidecar hides a YAML alias bomb in its notes field.\n",
    "alias-bomb.txt.meta.yaml": alias_bomb_sidecar,
    "only-whitespace.html": lambda: b"  \n\t \r\n" * 10,
}

BIG = {
    "deep-page-tree.pdf": lambda: pdf_deep_tree(5000),
    "nested.html": lambda: nested_html(100_000),
    "pdf-runlength-bomb.pdf": pdf_runlength_bomb,
    "hard-wrapped-8mb.txt": lambda: hard_wrapped_text(8),
}


def make_big(name: str, folder: Path) -> Path:
    """Write one of the big hostile files into `folder` (a test's temp folder)."""
    path = folder / name
    if name == "huge-200mb.txt":
        with open(path, "wb") as fh:  # sparse: 200 MB long, almost nothing on disk
            fh.write(b"A file far over the size limit.\n")
            fh.truncate(200 * 1024 * 1024)
        return path
    path.write_bytes(BIG[name]())
    return path


def make_escaping_symlink(folder: Path, target: Path) -> Path:
    """A symlink inside `folder` that points outside it."""
    link = folder / "escape.txt"
    os.symlink(target, link)
    return link


def write_committed(folder: Path = HERE) -> None:
    for name, make in COMMITTED.items():
        (folder / name).write_bytes(make())


if __name__ == "__main__":
    write_committed(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    for name in COMMITTED:
        print(f"{(HERE / name).stat().st_size:>9,}  {name}")
