"""Markdown with footnotes (the `[^n]` syntax of pandoc, GitHub and most editors)."""

from __future__ import annotations

import re

from ..drafts import Draft
from .common import bibliography, cited_items, style_label, uses_notes

_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


def escape(text: str) -> str:
    """Escape only what Markdown would otherwise turn into formatting; the words stay the same."""
    return _SPECIAL.sub(r"\\\1", text)


def to_markdown(draft: Draft, style: str = "chicago") -> str:
    cited = cited_items(draft, style)
    lines = [f"# {escape(draft.name)}", "", f"Citation style: {style_label(style)}.", ""]
    footnotes = []
    for n, c in enumerate(cited, start=1):
        body = escape(c.shown_text).replace("\n", " ")
        if uses_notes(style):
            lines.append(f"> {body}[^{n}]")
            footnotes.append(f"[^{n}]: {escape(c.note)}")
        else:
            lines.append(f"> {body} {escape(c.note)}")
        lines.append("")
        if c.item.note:
            lines += [f"Note: {escape(c.item.note)}", ""]
    if not cited:
        lines += ["(This draft has no quotes yet.)", ""]
    if footnotes:
        lines += [*footnotes, ""]
    entries = bibliography(cited)
    if entries:
        lines += ["## Bibliography", ""] + [f"- {escape(e)}" for e in entries] + [""]
    return "\n".join(lines)
