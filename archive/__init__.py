"""The record model and the store. Imports none of the other packages."""

from .errors import ArchiveError, RecordCorrupt, RecordNotFound
from .fsutil import atomic_write, exclusive_lock
from .ids import make_record_id, slugify
from .pinpoint import human_date, pinpoint, short_note
from .record import (
    CORRECTABLE,
    DATE_SOURCES,
    DOC_TYPES,
    ENTITY_KINDS,
    PARAGRAPH_KINDS,
    Event,
    Paragraph,
    Quote,
    Record,
    Source,
)
from .settings import Settings, SettingsError, load_settings, setting_names
from .store import SaveResult, Store, dump_record, load_record_bytes, sha256_hex
from .vocab import AliasGroup, GazetteerEntry, Topic, Vocabulary, VocabularyError, load_vocabulary

__all__ = [
    "CORRECTABLE",
    "DATE_SOURCES",
    "DOC_TYPES",
    "ENTITY_KINDS",
    "PARAGRAPH_KINDS",
    "AliasGroup",
    "ArchiveError",
    "Event",
    "GazetteerEntry",
    "Paragraph",
    "Quote",
    "Record",
    "RecordCorrupt",
    "RecordNotFound",
    "SaveResult",
    "Settings",
    "SettingsError",
    "Source",
    "Store",
    "Topic",
    "Vocabulary",
    "VocabularyError",
    "atomic_write",
    "dump_record",
    "exclusive_lock",
    "human_date",
    "load_record_bytes",
    "load_settings",
    "load_vocabulary",
    "make_record_id",
    "pinpoint",
    "setting_names",
    "sha256_hex",
    "short_note",
    "slugify",
]
