"""One quotation once: rows of the same words by the same speaker (a quote repeated in several records,
or one document archived twice) folded into one row that lists every record it is in."""

from __future__ import annotations

import re
from typing import Any

Row = dict[str, Any]
_WORD = re.compile(r"\w+")


def quote_key(row: Row) -> tuple[str, str]:
    return " ".join(_WORD.findall(str(row.get("text") or "").casefold())), str(row.get("speaker") or "")


def where(row: Row) -> dict[str, Any]:
    return {"record_id": row["record_id"], "paragraph": row.get("paragraph"), "title": row.get("title"),
            "date": row.get("date")}


def fold_rows(rows: list[Row]) -> list[Row]:
    """Rows in their order, each quotation once (where it first appears), with `records`: every record
    and paragraph it is in, in the order met."""
    first: dict[tuple[str, str], Row] = {}
    out: list[Row] = []
    for row in rows:
        key = quote_key(row)
        kept = first.get(key)
        if kept is None:
            kept = first[key] = {**row, "records": [where(row)]}
            out.append(kept)
        elif all(r["record_id"] != row["record_id"] or r["paragraph"] != row.get("paragraph") for r in kept["records"]):
            kept["records"].append(where(row))
    return out
