"""The session signing key: generated once into DATA/secret_key (mode 0600), then reused."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from pathlib import Path

from archive import Settings

log = logging.getLogger(__name__)

SECRET_FILE = "secret_key"


class SecretKeyError(RuntimeError):
    """The secret key file exists but cannot be used."""


def load_or_create_secret_key(settings: Settings) -> str:
    path = settings.data_dir / SECRET_FILE
    if not path.exists():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    """Write a fresh key to a temp file, then link it into place: two processes racing end with one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
            log.info("generated a new session key in %s", path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _read(path: Path) -> str:
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretKeyError(f"{path}: cannot read the session key ({exc.__class__.__name__})") from None
    if len(key) < 32:
        raise SecretKeyError(f"{path}: the session key is too short; delete the file to generate a new one")
    mode = path.stat().st_mode & 0o077
    if mode:
        log.warning("%s is readable by other users; run: chmod 600 %s", path, path)
    return key
