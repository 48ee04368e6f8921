"""Bytes to text: BOMs, UTF-8, then cp1252, then Latin-1; binary content is refused."""

from __future__ import annotations

import codecs

from .errors import Undecodable

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of control characters (other than tab, newline, form feed, carriage return) that marks binary data.
_MAX_CONTROL_SHARE = 0.02


def decode_text(data: bytes, shown: str, declared: str | None = None) -> str:
    """Decode `data` as text, or raise Undecodable naming the file and why."""
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise Undecodable(shown, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
            break
    if text is None:
        text = _decode_without_bom(data, declared)
    _refuse_binary(text, shown)
    return text


def _decode_without_bom(data: bytes, declared: str | None) -> str:
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _refuse_binary(text: str, shown: str) -> None:
    if not text:
        return
    nul = text.count("\x00")
    if nul:
        raise Undecodable(shown, f"holds {nul} NUL bytes: binary data, not text")
    sample = text[:200_000]
    control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise Undecodable(shown, "binary data, not text in any supported encoding (UTF-8, UTF-16, cp1252, Latin-1)")
