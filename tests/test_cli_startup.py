"""The command line starts light: `evidence --help` imports neither the web app's Flask nor the ingest
and search packages (their commands load them when they run), and every registered command loads."""

from __future__ import annotations

import subprocess
import sys

import click

from webapp.cli import COMMANDS, main

HEAVY = ("flask", "werkzeug", "whoosh", "numpy", "ingest", "search", "trafilatura", "lxml", "tqdm")

_PROBE = """
import sys
from click.testing import CliRunner
from webapp.cli import main
result = CliRunner().invoke(main, ["--help"])
assert result.exit_code == 0, result.output
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_help_imports_no_heavy_package():
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "click" in loaded  # the probe did run the command line


def test_every_registered_command_loads_with_its_listed_help():
    commands = main.load_all()
    assert set(COMMANDS) <= set(commands)
    for name, (_, listed) in COMMANDS.items():
        assert commands[name].get_short_help_str(limit=1000) == listed, name


def test_help_lists_every_command_and_a_command_runs(runner):
    listing = runner.invoke(main, ["--help"]).output
    for name in COMMANDS:
        assert f"  {name} " in listing
    ctx = click.Context(main)
    assert main.get_command(ctx, "no-such-command") is None
    result = runner.invoke(main, ["show", "no-such-record"])
    assert result.exit_code == 1 and "no-such-record" in result.output
