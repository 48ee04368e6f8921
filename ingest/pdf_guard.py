"""Bounds on what a PDF may make pdfminer decode: every stream, whatever its filters, and every image.

pdfminer decodes a stream (`PDFStream.decode`) the first time anything reads it: page contents,
forms, fonts, object streams (which hold the catalog and other objects) and cross-reference
streams, some of them while the document is being opened. So the bound sits at that one place:
`install()` wraps `PDFStream.decode` once per process, and while `bounded(limit)` is active (ingest
of one PDF) each stream's decoded size is measured filter by filter, each step stopping at the
limit, before pdfminer decodes it. Outside `bounded` pdfminer runs unchanged.

Images are not decoded for text; their declared size (width x height) is checked before a page is
read (ingest.pdf), so an image that a renderer (OCR) would have to hold in memory is refused.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import zlib
from collections.abc import Iterator
from typing import Any

from pdfminer import pdftypes
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

_LIMIT: contextvars.ContextVar[int | None] = contextvars.ContextVar("pdf_stream_limit", default=None)
_CHUNK = 4096  # compressed bytes fed to zlib at a time: a damaged stream still counts what it gave


class StreamTooLarge(Exception):
    """A stream decodes (or an image would decode) past the limit."""

    def __init__(self, what: str, limit: int) -> None:
        self.what = what
        self.limit = limit
        super().__init__(f"{what} past {limit / 1048576:g} MB")


@contextlib.contextmanager
def bounded(limit_bytes: int) -> Iterator[None]:
    """While active, any stream pdfminer decodes in this thread must stay within `limit_bytes`."""
    install()
    token = _LIMIT.set(limit_bytes)
    try:
        yield
    finally:
        _LIMIT.reset(token)


_original_decode = PDFStream.decode


def _guarded_decode(self: PDFStream) -> None:
    limit = _LIMIT.get()
    if limit is not None and self.rawdata is not None and not self.decipher:
        decoded_size(self, limit)  # raises StreamTooLarge
    _original_decode(self)


def install() -> None:
    if PDFStream.decode is not _guarded_decode:
        PDFStream.decode = _guarded_decode  # type: ignore[method-assign]


# -- decoded size, filter by filter -----------------------------------------------------------------


def decoded_size(stream: PDFStream, limit: int) -> int:
    """The stream's size after its filters (each step bounded); StreamTooLarge past `limit`.

    Encrypted streams are measured after pdfminer decrypts them (decrypting does not grow them)."""
    data: bytes = stream.rawdata or b""
    filters = stream.get_filters()
    size = len(data)
    for i, (name, params) in enumerate(filters):
        last = i == len(filters) - 1  # the last step is only counted, never kept
        data, size = _apply(_filter_name(name), data, params, limit, keep=not last)
        if size > limit:
            raise StreamTooLarge("a stream decodes", limit)
    return size


def _filter_name(name: Any) -> str:
    return str(getattr(name, "name", name))


def _apply(name: str, data: bytes, params: Any, limit: int, keep: bool) -> tuple[bytes, int]:
    """One filter step: (its output, or b"" when not kept, and the output's size)."""
    if name in ("FlateDecode", "Fl"):
        return _inflate(data, limit, keep)
    if name in ("LZWDecode", "LZW"):
        return _unlzw(data, limit, keep)
    if name in ("RunLengthDecode", "RL"):
        size = _runlength_size(data, limit)
        return (pdftypes.rldecode(data) if keep else b""), size
    if name in ("ASCII85Decode", "A85"):
        out = ascii85decode(data)  # never longer than its input
        return out, len(out)
    if name in ("ASCIIHexDecode", "AHx"):
        out = asciihexdecode(data)
        return out, len(out)
    if name in ("CCITTFaxDecode", "CCF"):
        params = params if isinstance(params, dict) else {}
        columns = _int(params.get("Columns"), 1728)
        rows = _int(params.get("Rows"), 0)
        if columns * max(rows, 1) // 8 > limit or columns > 1_000_000:
            raise StreamTooLarge("a fax image decodes", limit)
    return data, len(data)  # DCT, JPX, JBIG2, Crypt: pdfminer leaves them as they are


def _int(value: Any, default: int) -> int:
    value = resolve1(value)
    return int(value) if isinstance(value, int | float) else default


def _inflate(data: bytes, limit: int, keep: bool) -> tuple[bytes, int]:
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    total = 0
    for start in range(0, len(data), _CHUNK):
        try:
            piece = inflater.decompress(data[start:start + _CHUNK], limit + 1 - total)
        except zlib.error:
            break  # pdfminer keeps what a damaged stream gave up to the damage; so does the count
        if keep:
            out.append(piece)
        total += len(piece)
        if inflater.unconsumed_tail or total > limit:
            raise StreamTooLarge("a compressed stream inflates", limit)
        if inflater.eof:
            break
    return b"".join(out), total


def _unlzw(data: bytes, limit: int, keep: bool) -> tuple[bytes, int]:
    out: list[bytes] = []
    total = 0
    for piece in LZWDecoder(io.BytesIO(data)).run():
        if keep:
            out.append(piece)
        total += len(piece)
        if total > limit:
            raise StreamTooLarge("an LZW stream decodes", limit)
    return b"".join(out), total


def _runlength_size(data: bytes, limit: int) -> int:
    """The decoded size of RunLength data, counted without decoding it."""
    total, i, n = 0, 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            total += length + 1
            i += length + 2
        else:
            total += 257 - length
            i += 2
        if total > limit:
            raise StreamTooLarge("a run-length stream decodes", limit)
    return total


# -- images -----------------------------------------------------------------------------------------


def image_pixels(image: PDFStream) -> int:
    """An image XObject's declared width x height (what a renderer would have to decode)."""
    width = _int(image.get("Width", image.get("W")), 0)
    height = _int(image.get("Height", image.get("H")), 0)
    return max(width, 0) * max(height, 0)


def is_image(obj: Any) -> bool:
    return isinstance(obj, PDFStream) and resolve1(obj.get("Subtype")) in (LIT("Image"),)


def is_form(obj: Any) -> bool:
    return isinstance(obj, PDFStream) and resolve1(obj.get("Subtype")) in (LIT("Form"),)
