"""The draft check as the CLI prints it: one block per quotation, then the figures, then a summary."""

from __future__ import annotations

import textwrap

from .check import DraftCheck, QuoteCheck

_LABEL = {"exact": "EXACT", "near": "NEAR", "not_found": "NOT FOUND"}
_SHOWN_MATCHES = 3


def _short(text: str, width: int = 160) -> str:
    return textwrap.shorten(text, width, placeholder=" …")


def _quote_lines(i: int, q: QuoteCheck) -> list[str]:
    lines = [f"{i}. {_LABEL[q.status]}: “{_short(q.quote.text)}”", f"   in: {_short(q.quote.context)}"]
    if q.status == "not_found":
        lines.append("   not in the archive (no paragraph holds these words in order)")
    for m in q.matches[:_SHOWN_MATCHES]:
        tags = [t for t, on in (("original", m["original"]), ("quotes it", m["quoted_in_source"])) if on]
        lines.append(f"   {m['status']} in {m['ref']}{' (' + ', '.join(tags) + ')' if tags else ''}")
        if m["diff"]:
            lines.append(f"     differs: {_short(m['diff'], 300)}")
        lines.append(f"     cite: {m['citation']}")
    if len(q.matches) > _SHOWN_MATCHES:
        lines.append(f"   and {len(q.matches) - _SHOWN_MATCHES} more records")
    lines += [f"   ! {t.message}" for t in q.traps]
    return lines


def report_text(check: DraftCheck) -> str:
    lines = [f"Draft check ({check.style}): {len(check.quotes)} quotations, {len(check.figures)} figures.", ""]
    for i, q in enumerate(check.quotes, 1):
        lines += [*_quote_lines(i, q), ""]
    if check.figures:
        lines.append("Figures:")
        for f in check.figures:
            where = f"  {f.matches[0]['ref']}: {f.matches[0]['citation']}" if f.matches else ""
            lines.append(f"  {f.status.upper().replace('_', ' ')}: {f.figure.text}{where}")
        lines.append("")
    s = check.summary()
    lines.append(f"Summary: {s['exact']} exact, {s['near']} near, {s['not_found']} not found; "
                 f"{s['traps']} warnings; {s['supported']} of {s['figures']} figures supported.")
    return "\n".join(lines)
