"""Sets of document numbers as Python ints (bit d set = document d in the set).

Intersections and counts run in C (`&`, `int.bit_count`), so counting a facet value's records
among 100,000 matches is a few microseconds, and a cached filter over 100,000 documents is 12 KB.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh.idsets import DocIdSet


def to_bits(docnums: Iterable[int], size: int) -> int:
    """The bitmap of `docnums` (each below `size`)."""
    buf = bytearray((size >> 3) + 1)
    for d in docnums:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def members(docnums: Iterable[int], bits: int, size: int) -> list[int]:
    """The `docnums` that are in `bits`, in their order."""
    buf = bits.to_bytes((size >> 3) + 1, "little")
    return [d for d in docnums if buf[d >> 3] >> (d & 7) & 1]


class BitsAllow(DocIdSet):
    """A bitmap as the `allow` set of a Whoosh FilterCollector (which only asks `d in allow`)."""

    def __init__(self, bits: int, size: int) -> None:
        self._buf = bits.to_bytes((size >> 3) + 1, "little")
        self._size = size

    def __contains__(self, d: object) -> bool:
        return isinstance(d, int) and 0 <= d < self._size and bool(self._buf[d >> 3] >> (d & 7) & 1)

    def __bool__(self) -> bool:  # an empty filter still filters (Whoosh skips a falsy one)
        return True

    def __len__(self) -> int:
        return int.from_bytes(self._buf, "little").bit_count()

    def __iter__(self):  # type: ignore[no-untyped-def]
        buf = self._buf
        return (d for d in range(self._size) if buf[d >> 3] >> (d & 7) & 1)


def ids_of(bits: int) -> list[int]:
    """The document numbers in `bits`, ascending."""
    buf = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
    return [i * 8 + b for i, byte in enumerate(buf) if byte for b in range(8) if byte >> b & 1]


def bits_of_array(docnums: np.ndarray, size: int) -> int:
    """`to_bits` of a numpy array of document numbers (each below `size`), without a Python loop."""
    flags = np.zeros(((size >> 3) + 1) * 8, dtype=bool)
    flags[docnums] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def flags_of(bits: int, size: int) -> np.ndarray:
    """The bitmap as a numpy array of 0/1 per document number (for indexing with arrays)."""
    raw = np.frombuffer(bits.to_bytes((size >> 3) + 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little").view(bool)
