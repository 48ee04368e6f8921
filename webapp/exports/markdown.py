"""Markdown with footnotes (the `[^n]` syntax of pandoc, GitHub and most editors)."""

from __future__ import annotations

import re

from ..drafts import Draft
from .common import bibliography, cited_items, style_label, uses_notes

# A web address, without the sentence's closing punctuation: written as it is (a backslash in it
# would be part of the address in every Markdown reader, and GitHub and pandoc link it as it stands).
_URL = re.compile(r"https?://[^\s<>]*[^\s<>.,;:!?)\]'\"”’]")
_ALWAYS = re.compile(r"([\\`*<~])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # not one inside a word
_LINK_BRACKETS = re.compile(r"\[(?=\^)|\](?=[(\[:])")  # [^note], ](url), ][ref], ]: definition
_LINE_START = re.compile(r"(?m)^(\s*)([#>+-]|\d+[.)])")


def escape(text: str) -> str:
    """Escape only what Markdown would otherwise turn into formatting or a link; the words stay the
    same, and web addresses are left whole."""
    out, pos = [], 0
    for url in _URL.finditer(text):
        out.append(_escape_words(text[pos:url.start()]))
        out.append(url.group(0))
        pos = url.end()
    out.append(_escape_words(text[pos:]))
    return "".join(out)


def _escape_words(text: str) -> str:
    text = _ALWAYS.sub(r"\\\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\\_", text)
    text = _LINK_BRACKETS.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    mark = m.group(2)
    if mark[0].isdigit():  # "1." starts a list: the backslash goes before its punctuation
        return m.group(1) + mark[:-1] + "\\" + mark[-1]
    return m.group(1) + "\\" + mark


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
