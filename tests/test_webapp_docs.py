"""README.md documents every setting (as `name`) and every command and subcommand of the CLI
(in backticks: `cite ...`, `evidence cite ...` or `evidence [--data DIR] cite ...`)."""

from __future__ import annotations

import re

import click

from archive import setting_names
from webapp.cli import main

from paths import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "evidence") -> list[str]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # lazily loaded commands too
        command = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        out.append(path)
        if isinstance(command, click.Group):
            out += command_paths(command, path)
    return out


def test_every_setting_is_documented():
    text = readme()
    missing = [name for name in setting_names() if name != "data_dir" and not re.search(rf"`{name}`", text)]
    assert not missing, f"README.md does not document the settings {missing} (as `name`)"


def test_every_command_is_documented():
    text = readme()
    missing = [path for path in command_paths(main)
               if not re.search(r"`(evidence )?(\[--data DIR\] )?" + re.escape(path.removeprefix("evidence ")) + r"\b",
                                text)]
    assert not missing, f"README.md does not document the commands {missing}"
