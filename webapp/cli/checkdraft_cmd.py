"""`evidence check-draft FILE [--json] [--style S]`: verify every quotation and figure of a letter.

Exit 0 when every quotation is exact, 1 otherwise, 2 when the letter cannot be read (one line
naming the file and the reason). `-` reads the letter from standard input. Nothing is stored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cite import STYLES
from . import main
from .context import CliContext


class _BadLetter(click.ClickException):
    exit_code = 2


@main.command("check-draft")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="The check as JSON (the fields of POST /api/check).")
@click.option("--style", type=click.Choice(STYLES), default="chicago", show_default=True,
              help="Citation style of the matches.")
@click.option("--min-words", type=click.IntRange(1, 50), default=None,
              help="Check quotations of this many words and more (default: setting draft_check_min_words).")
@click.pass_obj
def check_draft_command(ctx: CliContext, file: str, as_json: bool, style: str, min_words: int | None) -> None:
    """Check every quotation and figure of the letter FILE (text, Markdown or Word) against the archive."""
    from search import SearchIndex
    from webapp.draftcheck import LetterError, check_draft, read_letter, report_text

    try:
        data = sys.stdin.buffer.read() if file == "-" else _read(Path(file))
        paragraphs = read_letter(data, "standard input" if file == "-" else file, ctx.settings)
    except LetterError as exc:
        raise _BadLetter(str(exc)) from None
    check = check_draft(ctx.settings, ctx.store, SearchIndex(ctx.settings), paragraphs, style, min_words)
    if as_json:
        click.echo(json.dumps(check.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(check))
    sys.exit(0 if check.all_exact else 1)


def _read(path: Path) -> bytes:
    from webapp.draftcheck import LetterError

    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise LetterError(f"{path}: is a folder, not a letter") from None
    except OSError as exc:
        raise LetterError(f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})") from None
