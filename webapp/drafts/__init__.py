"""Drafts: collect quotes and paragraphs with citations and notes, reorder, export."""

from .model import Draft, DraftError, DraftItem, DraftNotFound, Drafts

__all__ = ["Draft", "DraftError", "DraftItem", "DraftNotFound", "Drafts"]
