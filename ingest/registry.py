"""A registry of ingestors keyed by media type (as paperless-ngx registers parsers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archive import Settings

from .model import Extracted

# An ingestor reads the bytes of one file and returns what it found, or raises an IngestError.
Ingestor = Callable[[bytes, str, Settings], Extracted]


@dataclass(frozen=True)
class Registration:
    media_type: str
    ingestor: Ingestor
    extensions: tuple[str, ...]


_REGISTRY: dict[str, Registration] = {}


def register(media_type: str, *extensions: str) -> Callable[[Ingestor], Ingestor]:
    def wrap(fn: Ingestor) -> Ingestor:
        _REGISTRY[media_type] = Registration(media_type, fn, tuple(extensions))
        return fn

    return wrap


def ingestor_for(media_type: str) -> Ingestor | None:
    reg = _REGISTRY.get(media_type)
    return reg.ingestor if reg else None


def registered() -> dict[str, Registration]:
    return dict(_REGISTRY)
