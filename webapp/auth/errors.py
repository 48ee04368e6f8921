"""Typed account errors. Each message names the field or account and the reason."""

from __future__ import annotations


class AuthError(Exception):
    """Base of account errors; `str(err)` is the one line shown to the user."""


class InvalidUserName(AuthError):
    pass


class InvalidRole(AuthError):
    pass


class WeakPassword(AuthError):
    pass


class UserExists(AuthError):
    pass


class UserNotFound(AuthError):
    pass


class LastAdmin(AuthError):
    """Refused: the change would leave the archive without an administrator."""


class SetupClosed(AuthError):
    """First-run setup is only possible while no account exists."""
