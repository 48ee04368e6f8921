#!/usr/bin/env bash
# Create .venv and install the project with its test tools (pinned in pyproject.toml and constraints.txt).
# Re-running is cheap: nothing is reinstalled unless pyproject.toml or constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Evidence Index needs Python 3.11 or newer")'
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  # (pip's "Location ... is ignored" lines come from this machine's pip configuration: not ours)
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
    -e ".[test]" --config-settings editable_mode=compat 2> >(grep -v "is ignored: it is neither" >&2)
  rm -f .venv/.installed-* && touch "$stamp"
fi
