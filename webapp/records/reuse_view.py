"""What the document page shows of reuse links: beside each paragraph, where else its words appear."""

from __future__ import annotations

from typing import Any

from archive import Record, RecordCorrupt, RecordNotFound, Store

MAX_TITLES = 40  # other records whose titles are looked up for one page (the rest show their ids)

LABELS = {"quotes": "Quotes", "quoted_by": "Quoted in", "same_text": "Same text as", "shares_text": "Shares text with"}


def titles_of(store: Store, record_ids: list[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for record_id in record_ids[:MAX_TITLES]:
        try:
            titles[record_id] = store.get(record_id).title
        except (RecordNotFound, RecordCorrupt):
            continue
    return titles


def paragraph_reuse(record: Record, data: dict[str, Any], store: Store) -> dict[str, Any]:
    """{"by_paragraph": {n: [{relation, label, other_record_id, other_paragraph, title, similarity, diff}]},
    "rendition_of": [{record_id, title}], "titles": {...}}: one entry per other paragraph and relation."""
    others = list(dict.fromkeys([*data["rendition_of"], *(link["other_record_id"] for link in data["links"])]))
    titles = titles_of(store, others)
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    seen: dict[tuple[int, str, int, str], dict[str, Any]] = {}
    for link in data["links"]:
        key = (link["paragraph"], link["other_record_id"], link["other_paragraph"], link["relation"])
        entry = seen.get(key)
        if entry is None:
            entry = seen[key] = {**link, "label": LABELS.get(link["relation"], link["relation"]),
                                 "title": titles.get(link["other_record_id"], link["other_record_id"]), "diffs": []}
            by_paragraph.setdefault(link["paragraph"], []).append(entry)
        if link["diff"]:
            entry["diffs"].append(link["diff"])
        entry["similarity"] = min(entry["similarity"], link["similarity"])
    counts = {n: len({e["other_record_id"] for e in entries if e["relation"] == "quoted_by"})
              for n, entries in by_paragraph.items()}
    return {"by_paragraph": by_paragraph, "quoted_in": counts,
            "rendition_of": [{"record_id": r, "title": titles.get(r, r)} for r in data["rendition_of"]]}
