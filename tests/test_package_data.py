"""Every data file the packages read at run time (schemas, rules, styles, templates) is declared in
pyproject's package-data, so an installed (non-editable) copy has it too."""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "ingest", "search", "webapp")


def _tracked_data_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True)
    return [Path(line) for line in out.stdout.splitlines()
            if not line.endswith((".py", ".md")) and Path(line).name != "py.typed"]


def _package_of(path: Path) -> Path:
    """The nearest folder above the file that is a package (has an __init__.py)."""
    folder = path.parent
    while not (ROOT / folder / "__init__.py").exists():
        folder = folder.parent
    return folder


def _declared(path: Path, patterns: dict[str, list[str]]) -> bool:
    package = _package_of(path)
    relative = path.relative_to(package).as_posix()
    dotted = package.as_posix().replace("/", ".")
    for key in ("*", dotted):
        for pattern in patterns.get(key, []):
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(relative, pattern.replace("**/", "")):
                return True
    return False


def test_every_data_file_is_declared_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    files = _tracked_data_files()
    assert any(f.suffix == ".sql" for f in files), "the schema files should be among the data files"
    missing = [str(f) for f in files if not _declared(f, patterns)]
    assert not missing, f"data files an installed copy would lack (add them to package-data): {missing}"
