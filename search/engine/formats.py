"""A word-positions posting format for the text fields that is cheap to write and to read.

Whoosh's `Positions` format pickles each posting's list of position deltas (and prefixes the
count): a pickle call per term per document at indexing time, an unpickle and a Python loop per
posting when a phrase is checked. `ArrayPositions` stores the same positions as one type byte
and a little-endian array of absolute positions (16-bit while they fit, else 32-bit): one C call
each way, and smaller. It answers every query exactly as `Positions` does: the weight of a word
in a document is its number of occurrences times the field boost (the text analyzer gives no
per-token boosts), and the positions decode to the same list.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Positions, tokens

from ..analysis import TextAnalyzer, text_analyzer

_SHORT, _LONG = b"H", b"I"
_TYPECODES = {_SHORT[0]: "H", _LONG[0]: "I"}
_SHORT_MAX = 0xFFFF
_SWAP = sys.byteorder != "little"

if array("H").itemsize != 2 or array("I").itemsize != 4:  # pragma: no cover - exotic platforms
    raise ImportError("ArrayPositions needs 16-bit 'H' and 32-bit 'I' arrays")


def encode_positions(poslist: Sequence[int]) -> bytes:
    """Ascending word positions as a type byte and a little-endian array."""
    if poslist and poslist[-1] > _SHORT_MAX:
        tag, values = _LONG, array("I", poslist)
    else:
        tag, values = _SHORT, array("H", poslist)
    if _SWAP:  # pragma: no cover - big-endian hosts
        values.byteswap()
    return tag + values.tobytes()


def decode_positions(valuestring: bytes) -> list[int]:
    values = array(_TYPECODES[valuestring[0]])
    values.frombytes(valuestring[1:])
    if _SWAP:  # pragma: no cover - big-endian hosts
        values.byteswap()
    return values.tolist()


def text_positions(value: str) -> dict[str, list[int]]:
    """What positions_of gives for the text analyzer in index mode (TextAnalyzer.positions)."""
    return text_analyzer().positions(value)


def positions_of(value: Any, analyzer: Any, **kwargs: Any) -> dict[str, list[int]]:
    """{term: [position, ...]} of the words `analyzer` indexes in `value`, terms in first-seen order."""
    if type(analyzer) is TextAnalyzer and isinstance(value, str) and kwargs.get("mode") == "index" \
            and set(kwargs) == {"mode"}:
        return text_positions(value)
    kwargs["positions"] = True
    kwargs["boosts"] = True
    out: dict[str, list[int]] = {}
    get = out.get
    for token in tokens(value, analyzer, kwargs):
        poslist = get(token.text)
        if poslist is None:
            out[token.text] = [token.pos]
        else:
            poslist.append(token.pos)
    return out


class ArrayPositions(Positions):
    """Positions stored as arrays instead of pickles (see the module docstring)."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        boost = self.field_boost
        for word, poslist in positions_of(value, analyzer, **kwargs).items():
            yield word, len(poslist), len(poslist) * boost, encode_positions(poslist)

    def encode(self, poslist: Sequence[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // (2 if valuestring[:1] == _SHORT else 4)

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def array_positions(field: TEXT) -> TEXT:
    """`field` (a TEXT field with positions) storing them as ArrayPositions."""
    if not isinstance(field.format, Positions):
        raise ValueError(f"{field!r} stores no positions")
    field.format = ArrayPositions(field_boost=field.format.field_boost)
    return field
