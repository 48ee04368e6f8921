"""What every export shares: the notes and bibliography of a draft in one style."""

from __future__ import annotations

from dataclasses import dataclass

from ..cite import NOTE_STYLES, STYLE_LABELS, quoted
from ..drafts import Draft, DraftItem


@dataclass
class CitedItem:
    item: DraftItem
    note: str  # footnote text (note styles) or in-text citation
    bibliography: str

    @property
    def shown_text(self) -> str:
        """The quote in curly quotation marks (its own marks alternated); a lifted paragraph as it stands."""
        return quoted(self.item.text) if self.item.kind == "quote" else self.item.text


def cited_items(draft: Draft, style: str) -> list[CitedItem]:
    out = []
    for item in draft.items:
        note, bibliography = item.citation(style)
        out.append(CitedItem(item, note, bibliography))
    return out


def bibliography(cited: list[CitedItem]) -> list[str]:
    """One entry per document, alphabetical."""
    seen: dict[str, str] = {}
    for c in cited:
        seen.setdefault(c.item.record_id, c.bibliography)
    return sorted(seen.values(), key=str.casefold)


def uses_notes(style: str) -> bool:
    return style in NOTE_STYLES


def style_label(style: str) -> str:
    return STYLE_LABELS.get(style, style)
