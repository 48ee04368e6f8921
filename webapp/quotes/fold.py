"""One quotation once: rows of the same words by the same speaker (a quote repeated in several records,
or one document archived twice) folded into one row that lists every record it is in."""

from __future__ import annotations

import functools
import re
from typing import Any

Row = dict[str, Any]
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=262_144)
def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def quote_key(row: Row) -> tuple[str, str]:
    return _words(str(row.get("text") or "")), str(row.get("speaker") or "")


def where(row: Row) -> dict[str, Any]:
    return {"record_id": row["record_id"], "paragraph": row.get("paragraph"), "title": row.get("title"),
            "date": row.get("date")}


def fold_rows(rows: list[Row]) -> list[Row]:
    """Rows in their order, each quotation once (where it first appears), with `records`: every record
    and paragraph it is in, in the order met. Linear in the rows: a quotation held by hundreds of
    records (a joint statement) is folded without comparing each place with every other."""
    first: dict[tuple[str, str], Row] = {}
    places: dict[tuple[str, str], set[tuple[str, Any]]] = {}
    out: list[Row] = []
    for row in rows:
        key = quote_key(row)
        place = (row["record_id"], row.get("paragraph"))
        kept = first.get(key)
        if kept is None:
            kept = first[key] = {**row, "records": [where(row)]}
            places[key] = {place}
            out.append(kept)
        elif place not in places[key]:
            places[key].add(place)
            kept["records"].append(where(row))
    return out
