"""Read index segments in place instead of copying them into memory.

Whoosh maps each compound segment file (mmap) and then opens every part of it with
`BufferFile(memoryview)`, whose `BytesIO(buf)` copies that part into the process heap: a serving
process held a second copy of the whole index (about 0.9 GB of heap at 100,000 records).
`ZeroCopyStorage` is a FileStorage that opens a compound segment file (`.seg`) itself, mapped, as
a `ViewBufferFile` whose reads slice the mapped memoryview; it says it does not support mmap, so
Whoosh's CompoundStorage takes its parts with `subset()` (views too) instead of mapping the file
again. The index stays in the page cache, shared and reclaimable, and the heap holds only what
queries decode. Nothing of Whoosh is patched: only indexes opened through this storage read so.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile

COMPOUND_SUFFIX = ".seg"  # whoosh.codec.base.Segment.COMPOUND_EXT


class _ViewReader:
    """The file methods StructFile and pickle use (read, readline, readinto, seek, tell) over a
    memoryview, without copying it."""

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0
        self.closed = False

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._buf) if n is None or n < 0 else min(len(self._buf), start + n)
        self._pos = max(start, end)
        return self._buf[start:end].tobytes()

    def readinto(self, target: Any) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        buf, start = self._buf, self._pos
        end = len(buf) if limit is None or limit < 0 else min(len(buf), start + limit)
        i = start
        while i < end:
            if buf[i] == 10:
                i += 1
                break
            i += 1
        self._pos = i
        return buf[start:i].tobytes()

    def seek(self, pos: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._buf)}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True


class ViewBufferFile(BufferFile):
    """Whoosh's BufferFile, reading its memoryview in place."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _ViewReader(memoryview(buf))

    def subset(self, position: int, length: int, name: str | None = None) -> ViewBufferFile:
        return ViewBufferFile(memoryview(self._buf)[position : position + length], name=name or self._name)


class _MappedFile(ViewBufferFile):
    """A whole file, mapped: closing it unmaps it (or leaves that to the collector while parts
    taken with subset() still hold views of it, as Whoosh's CompoundStorage does)."""

    def __init__(self, mapped: mmap.mmap, name: str) -> None:
        super().__init__(memoryview(mapped), name=name)
        self._map = mapped

    def close(self) -> None:
        if self.is_closed:
            return
        super().close()
        self.file = _ViewReader(memoryview(b""))
        self._buf = b""
        with contextlib.suppress(BufferError):  # parts still read it: the map goes with the last of them
            self._map.close()


class ZeroCopyStorage(FileStorage):
    """A FileStorage whose compound segments are read in place (see the module docstring)."""

    supports_mmap = False  # CompoundStorage then takes parts with our subset() instead of its own map

    def __init__(self, path: str, readonly: bool = False) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=readonly)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not name.endswith(COMPOUND_SUFFIX) or kwargs:
            return super().open_file(name, **kwargs)
        with open(self._fpath(name), "rb") as f:
            try:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                return super().open_file(name)
        return _MappedFile(mapped, name)


