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
# Bounds on what a sidecar may hold (a sidecar is a few lines written by hand).
MAX_SIDECAR_BYTES = 64 * 1024
MAX_TEXT_CHARS = {"title": 1000, "url": 2000, "org": 300, "source": 2000, "notes": 20_000}
MAX_LIST_ITEMS = 100
MAX_NAME_CHARS = 300


class SidecarError(IngestError):
    """The sidecar file is not valid."""


def sidecar_path(path: Path) -> Path | None:
    for candidate in (path.with_name(path.name + SUFFIX), path.with_name(path.stem + SUFFIX)):
        try:
            if candidate.is_file():
                return candidate
        except OSError:  # e.g. the name plus ".meta.yaml" is too long for the file system: no such sidecar
            continue
    return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when present: the same values, faster


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def load_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if side is None:
        return {}
    try:
        with open(side, "rb") as fh:
            raw = fh.read(MAX_SIDECAR_BYTES + 1)
    except OSError as exc:
        raise SidecarError(str(side), f"sidecar cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    return parse_sidecar(raw, str(side))


def parse_sidecar(raw: bytes, name: str) -> dict[str, Any]:
    """The checked fields of a sidecar's bytes; SidecarError naming `name` and the field otherwise."""
    if len(raw) > MAX_SIDECAR_BYTES:
        raise SidecarError(name, f"sidecar is over {MAX_SIDECAR_BYTES // 1024} KB (a sidecar holds a few fields)")
    try:
        text = raw.decode("utf-8")
        if _uses_aliases(text):
            raise SidecarError(name, "sidecar uses YAML aliases (*name); write each value out in full")
        data = yaml.load(text, Loader=_LOADER)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SidecarError(name, f"sidecar is not readable YAML ({exc.__class__.__name__})") from None
    except RecursionError:
        raise SidecarError(name, "sidecar is nested too deeply to read") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SidecarError(name, "sidecar must be a mapping of field: value")
    unknown = sorted(map(str, set(data) - FIELDS))
    if unknown:
        raise SidecarError(name, f"unknown field {unknown[0]!r} (allowed: {', '.join(sorted(FIELDS))})")
    return validate_fields(name, data)


def _uses_aliases(text: str) -> bool:
    """True when the YAML refers back to an anchor: the one way a few bytes expand into gigabytes."""
    return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader))


def validate_fields(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The fields checked and normalised (dates ISO, names as lists); SidecarError naming `name` otherwise."""
    out = dict(data)
    for key, limit in MAX_TEXT_CHARS.items():
        value = out.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise SidecarError(name, f"field {key!r} must be text")
        if len(value) > limit:
            raise SidecarError(name, f"field {key!r} is {len(value):,} characters, over the limit of {limit:,}")
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
            if len(value) > MAX_LIST_ITEMS:
                raise SidecarError(name, f"field {key!r} has {len(value):,} entries, over the limit of {MAX_LIST_ITEMS}")
            if any(len(v) > MAX_NAME_CHARS for v in value):
                raise SidecarError(name, f"field {key!r}: an entry is over {MAX_NAME_CHARS} characters")
            out[key] = value
    return out
