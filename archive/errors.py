"""Typed archive errors."""


class ArchiveError(Exception):
    """Base of archive errors."""


class RecordNotFound(ArchiveError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "record not found"


class RecordCorrupt(ArchiveError):
    """A record file exists but does not parse as a record."""
