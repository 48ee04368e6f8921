"""Bytes to text, shared by the text and HTML ingestors.

Order: a byte-order mark; then a declared charset (HTML's <meta>), unless the bytes are valid UTF-8
(a stale label); then UTF-8; then UTF-8 with stray windows-1252 bytes (pasted text); then
windows-1252, and Latin-1 for the few bytes windows-1252 leaves undefined. Binary content is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .errors import Undecodable

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Share of control characters (other than tab, newline, form feed, carriage return) that marks binary data.
_MAX_CONTROL_SHARE = 0.02


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)  # what was odd about the encoding, for extraction warnings


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as windows-1252 (mixed text)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    chunk = err.object[err.start:err.end]
    return chunk.decode("cp1252", errors="replace"), err.end


codecs.register_error("evidence-cp1252-fallback", _cp1252_fallback)


def decode_bytes(data: bytes, shown: str, declared: str | None = None) -> Decoded:
    """Decode `data` (see the module docstring); raises Undecodable for a broken UTF-16/32 text."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name), name)
            except UnicodeDecodeError:
                if name != "utf-8":
                    raise Undecodable(shown, f"starts with a {name} byte-order mark but is not valid {name}") from None
                data, declared = data[len(bom):], "utf-8"  # a UTF-8 mark on mixed bytes: read on below
            break
    notes: list[str] = []
    if declared and declared != "utf-8" and is_real_utf8(data):
        # Valid UTF-8 with non-ASCII characters is never an accident: the label is stale.
        notes.append(f"declared as {declared} but the bytes are UTF-8; read as UTF-8")
        return Decoded(data.decode("utf-8"), "utf-8", notes)
    if declared:
        try:
            return Decoded(data.decode(declared), declared, notes)
        except UnicodeDecodeError:
            notes.append(f"declared as {declared} but the bytes are not {declared}")
        except LookupError:
            notes.append(f"declared as an unknown charset {declared}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", notes)
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data[:200000]):
        notes.append("mixed UTF-8 and windows-1252 bytes; the stray bytes were read as windows-1252")
        return Decoded(data.decode("utf-8", errors="evidence-cp1252-fallback"), "utf-8", notes)
    try:
        return Decoded(data.decode("cp1252"), "cp1252", notes)
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", notes)


def mostly_utf8(data: bytes) -> bool:
    """Most non-ASCII bytes form UTF-8 sequences: UTF-8 text with some windows-1252 bytes pasted in
    (a windows-1252 text forms such sequences only by chance, "é" before a curly quote)."""
    sequences = _UTF8_MULTIBYTE.findall(data)
    high = len(_HIGH_BYTE.findall(data))
    return len(sequences) >= 3 and sum(len(s) for s in sequences) >= 0.6 * high


def is_real_utf8(data: bytes) -> bool:
    if not _UTF8_MULTIBYTE.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, shown: str) -> str:
    """Plain text: decode, or raise Undecodable naming the file and why."""
    text = decode_bytes(data, shown).text
    _refuse_binary(text, shown)
    return text


# Control characters besides tab, line feed, carriage return and form feed; and the C1 range.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _refuse_binary(text: str, shown: str) -> None:
    if not text:
        return
    nul = text.count("\x00")
    if nul:
        raise Undecodable(shown, f"holds {nul} NUL bytes: binary data, not text")
    sample = text[:200_000]
    control = len(_CONTROL.findall(sample))
    if control / len(sample) > _MAX_CONTROL_SHARE:
        raise Undecodable(shown, "binary data, not text in any supported encoding (UTF-8, UTF-16, cp1252, Latin-1)")
