"""Editors' archive-wide jobs in the web app: re-apply the vocabularies (retag)."""

from .views import bp

__all__ = ["bp"]
