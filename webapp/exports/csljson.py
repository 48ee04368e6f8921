"""CSL-JSON for Zotero and other reference managers: one item per cited document."""

from __future__ import annotations

import json

from ..drafts import Draft


def to_csljson(draft: Draft) -> str:
    items: dict[str, dict] = {}
    for item in draft.items:
        items.setdefault(item.record_id, item.csl)
    return json.dumps(list(items.values()), ensure_ascii=False, indent=2) + "\n"
