"""Sidecar metadata: `NAME.meta.yaml` (or `NAME.EXT.meta.yaml`) beside a file supplies or overrides fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from archive import DOC_TYPES

from .errors import IngestError

FIELDS = {"title", "date", "url", "org", "doc_type", "authors", "recipients", "topics", "notes", "source"}
SUFFIX = ".meta.yaml"


class SidecarError(IngestError):
    """The sidecar file is not valid."""


def sidecar_path(path: Path) -> Path | None:
    for candidate in (path.with_name(path.name + SUFFIX), path.with_name(path.stem + SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when present: the same values, faster


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def load_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if side is None:
        return {}
    try:
        data = yaml.load(side.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SidecarError(str(side), f"sidecar is not readable YAML ({exc.__class__.__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SidecarError(str(side), "sidecar must be a mapping of field: value")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise SidecarError(str(side), f"unknown field {unknown[0]!r} (allowed: {', '.join(sorted(FIELDS))})")
    return _validate(str(side), data)


def _validate(name: str, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "date" in out and out["date"] is not None:
        value = out["date"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            out["date"] = value.isoformat()
        else:
            try:
                out["date"] = dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise SidecarError(name, f"field 'date': {value!r} is not a date like 2025-02-07") from None
    if "doc_type" in out and out["doc_type"] not in DOC_TYPES:
        raise SidecarError(name, f"field 'doc_type': {out['doc_type']!r} is not one of {', '.join(DOC_TYPES)}")
    for key in ("authors", "recipients", "topics"):
        if key in out:
            value = out[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SidecarError(name, f"field {key!r} must be a list of names")
            out[key] = value
    for key in ("title", "url", "org"):
        if key in out and out[key] is not None and not isinstance(out[key], str):
            raise SidecarError(name, f"field {key!r} must be text")
    return out
