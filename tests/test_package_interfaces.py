"""The packages talk through their `__init__.py` and keep the dependency rule (README, "How it fits
together"), checked by reading every import statement of archive/, ingest/, search/ and webapp/.

Interface rule: a module outside package P imports P itself and the names P's `__init__.py` binds,
never a module inside P (`from search.locate import x`, `from ..common.helpers import y`). Modules
inside P (at any depth) may import P's modules. One exception: the app factory (webapp/__init__.py)
registers each blueprint from its `views` module, which the blueprint's package does not import so
that the command line starts without Flask.

Dependency rule: archive/ imports none of the others; ingest/ and search/ import archive/ and never
each other; nothing below webapp/ imports it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from paths import ROOT

PACKAGES = ("archive", "ingest", "search", "webapp")
ALLOWED = {"archive": set(), "ingest": {"archive"}, "search": {"archive"},
           "webapp": {"archive", "ingest", "search"}}


@dataclass(frozen=True)
class Import:
    where: str  # file:line
    importer: str  # the importing module's package, dotted
    target: str  # the module it reaches, dotted


def _file_of(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return base.with_suffix(".py") if base.with_suffix(".py").is_file() else None


def _is_package(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").is_file()


@cache
def _bound_by_init(package: str) -> frozenset[str]:
    """The names a package's __init__.py binds at its top level (imports, defs, assignments)."""
    names: set[str] = set()
    for node in ast.parse(_file_of(package).read_text(encoding="utf-8")).body:  # type: ignore[union-attr]
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return frozenset(names)


def _imports() -> list[Import]:
    found = []
    for top in PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            package = ".".join(parts[:-1])
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Import):
                    found += [Import(where, package, a.name) for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        up = package.split(".")[: len(package.split(".")) - node.level + 1]
                        base = ".".join([*up, *([node.module] if node.module else [])])
                    if not _is_package(base):
                        found.append(Import(where, package, base))
                        continue
                    found.append(Import(where, package, base))
                    # `from P import m` where P's __init__ does not bind m reaches the module P.m
                    found += [Import(where, package, f"{base}.{a.name}") for a in node.names
                              if a.name not in _bound_by_init(base) and _file_of(f"{base}.{a.name}")]
    return [i for i in found if i.target.split(".")[0] in PACKAGES]


def _reaches_past_init(imp: Import) -> bool:
    if _is_package(imp.target):
        return False
    owner = imp.target.rsplit(".", 1)[0]
    if imp.importer == owner or imp.importer.startswith(owner + "."):
        return False
    return not (imp.importer == "webapp" and imp.target.endswith(".views"))


def test_the_scan_sees_imports_of_every_kind():
    """The checker finds relative, absolute, lazy (inside functions) and `from P import module` imports."""
    targets = {(i.where.split(":")[0], i.target) for i in _imports()}
    assert ("webapp/cli/timeline_cmd.py", "webapp.timeline") in targets  # lazy, relative
    assert ("search/index.py", "archive") in targets  # absolute
    assert ("webapp/__init__.py", "webapp.cite.views") in targets  # the blueprints, the one exception
    assert not _reaches_past_init(Import("x", "webapp", "webapp.cite.views"))
    assert _reaches_past_init(Import("x", "webapp.draftcheck", "search.locate"))
    assert _reaches_past_init(Import("x", "webapp.drafts", "webapp.common.helpers"))
    assert not _reaches_past_init(Import("x", "webapp.common", "webapp.common.helpers"))
    assert not _reaches_past_init(Import("x", "webapp.cli", "webapp.jobs"))  # webapp's own module


def test_no_import_reaches_past_a_packages_init():
    past = [f"{i.where}: {i.target}" for i in _imports() if _reaches_past_init(i)]
    assert not past, ("these import a module inside another package; import the package and export "
                      "the name from its __init__.py:\n" + "\n".join(past))


def test_the_dependency_rule():
    broken = [f"{i.where}: {i.importer.split('.')[0]} imports {i.target}" for i in _imports()
              if i.target.split(".")[0] != i.importer.split(".")[0]
              and i.target.split(".")[0] not in ALLOWED[i.importer.split(".")[0]]]
    assert not broken, "\n".join(broken)
