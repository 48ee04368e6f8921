"""Mend extraction artifacts only; text otherwise stays as published (quotes, dashes, accents)."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " ")
_INVISIBLE_OR_SPACE = {**_DROP, **_SPACES}  # one table: no replacement is another's key
_FOUND = re.compile("[" + "".join(map(chr, _INVISIBLE_OR_SPACE)) + "]")  # translate only text that has one
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WS = re.compile(r"[ \t\r\n\f\v]+")


def normalize_text(text: str) -> str:
    """One paragraph's text: ligatures expanded, invisible characters dropped, whitespace folded."""
    for lig, plain in _LIGATURES.items():
        if lig in text:
            text = text.replace(lig, plain)
    if _FOUND.search(text):
        text = text.translate(_INVISIBLE_OR_SPACE)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _WS.sub(" ", text).strip()
