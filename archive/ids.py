"""Stable record ids: date + slug of the title + short hash of the original bytes."""

from __future__ import annotations

import re
import unicodedata

_SLUG_WORDS = 8


def slugify(text: str, max_words: int = _SLUG_WORDS) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    return "-".join(words[:max_words]) or "untitled"


def make_record_id(date: str | None, title: str, sha256: str) -> str:
    return f"{date or 'undated'}-{slugify(title)}-{sha256[:6]}"


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,200}$")


def is_valid_id(record_id: str) -> bool:
    return bool(ID_PATTERN.match(record_id))
