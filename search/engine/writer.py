"""A Whoosh segment writer for full rebuilds that keeps its postings in memory.

Whoosh's SegmentWriter sends every posting through a sorting pool (size accounting per posting,
sorted runs in temporary files, a merge of tuples), and at the end looks up each posting's field
length in the length column it has just written and checks its types one by one. For a fresh
segment all of that is avoidable: documents arrive in docnum order, so each term's postings are
already sorted if they are kept per term; field lengths are known when the document is added; and
the codec's blocks can be filled a block at a time. `RebuildWriter` does that and writes the
same segment files as Whoosh's writer would for the same documents (the postings file, the terms
table and the per-document columns are byte for byte the same).

When the postings held in memory reach `limitmb`, they are written, term by term in sorted order,
to a temporary run file and memory starts afresh; finishing the segment merges the runs and what
is left in memory term by term (a term's postings from successive runs follow each other in
docnum order), so a writer always writes one segment whatever the limit.

With `sidecar=True` it also writes the segment's posting arrays (`sidecar.py`) from the postings
it holds as it writes them, instead of reading the finished segment back: `.finish()` leaves the
file beside the segment, or, when that fails, logs why and leaves none (searches of the segment
then read Whoosh's postings; `sidecar_written` says which).

It writes new segments only: it never merges existing segments into its own (add_reader), and
it supports no term vectors and no separate spelling fields.
"""

from __future__ import annotations

import heapq
import logging
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .formats import ArrayPositions, encode_positions, positions_of
from .sidecar import FIELDS as SIDECAR_FIELDS
from .sidecar import SidecarError, SidecarWriter

log = logging.getLogger(__name__)

# Bytes per posting besides its value (docnum, weight, value end offset, array slack), and per
# distinct term of a field (its str, dict entry, holder and four arrays), as tracemalloc measures.
POSTING_BYTES = 18
TERM_BYTES = 520


class TermPostings:
    """One term's postings in one field, in docnum order."""

    __slots__ = ("data", "docs", "ends", "weights")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("d")
        self.ends = array("I")  # end offset of each posting's value in data
        self.data = bytearray()

    def add(self, docnum: int, weight: float, value: bytes) -> None:
        self.docs.append(docnum)
        self.weights.append(weight)
        self.data += value
        self.ends.append(len(self.data))

    def values(self) -> list[bytes]:
        data = bytes(self.data)
        starts = [0, *self.ends[:-1]]
        return [data[a:b] for a, b in zip(starts, self.ends, strict=True)]

    def extend(self, later: TermPostings) -> None:
        """Append the postings of `later` (all of whose docnums come after these)."""
        offset = len(self.data)
        self.docs.extend(later.docs)
        self.weights.extend(later.weights)
        self.ends.extend(array("I", map(offset.__add__, later.ends)))
        self.data += later.data

    def to_record(self) -> tuple[bytes, bytes, bytes, bytes]:
        return self.docs.tobytes(), self.weights.tobytes(), self.ends.tobytes(), bytes(self.data)

    @classmethod
    def from_record(cls, docs: bytes, weights: bytes, ends: bytes, data: bytes) -> TermPostings:
        postings = cls()
        postings.docs.frombytes(docs)
        postings.weights.frombytes(weights)
        postings.ends.frombytes(ends)
        postings.data += data
        return postings


class FieldPostings:
    """The postings of one field: terms (str for ArrayPositions fields, else bytes) and the
    length of the field in each document, as the length column gives it back (quantized)."""

    def __init__(self, fieldobj: Any) -> None:
        self.fieldobj = fieldobj
        self.terms: dict[Any, TermPostings] = {}
        self.lengths: dict[int, int] = {}
        self.text_keys = isinstance(fieldobj.format, ArrayPositions)

    def holder(self, key: Any) -> TermPostings:
        found = self.terms.get(key)
        if found is None:
            found = self.terms[key] = TermPostings()
        return found

    def take_sorted(self) -> list[tuple[Any, TermPostings]]:
        """(term, postings) in term byte order (for str terms, code point order is UTF-8 byte order),
        emptying the field's terms (its lengths stay)."""
        terms, self.terms = self.terms, {}
        return [(key, terms[key]) for key in sorted(terms)]


Item = tuple[str, Any, TermPostings]  # (field name, term, postings)


def _item_key(item: Item) -> tuple[str, Any]:
    return item[0], item[1]


def _write_run(items: Iterable[Item], tempdir: str) -> IO[bytes]:
    """A temporary file of sorted items (deleted when closed)."""
    run = tempfile.TemporaryFile(dir=tempdir)  # noqa: SIM115 - the writer closes it
    try:
        for name, key, postings in items:
            pickle.dump((name, key, *postings.to_record()), run, pickle.HIGHEST_PROTOCOL)
    except BaseException:
        run.close()
        raise
    return run


def _read_run(run: IO[bytes]) -> Iterator[Item]:
    run.seek(0)
    while True:
        try:
            name, key, *record = pickle.load(run)
        except EOFError:
            return
        yield name, key, TermPostings.from_record(*record)


def merge_items(sources: list[Iterator[Item]]) -> Iterator[Item]:
    """The items of sorted sources, merged: a term's postings from successive sources (in
    docnum order) are joined into one."""
    pending: Item | None = None
    for item in heapq.merge(*sources, key=_item_key):  # equal keys: earlier sources first
        if pending is not None and _item_key(pending) == _item_key(item):
            pending[2].extend(item[2])
            continue
        if pending is not None:
            yield pending
        pending = item
    if pending is not None:
        yield pending


class RebuildWriter(SegmentWriter):
    """A SegmentWriter with an in-memory, per-term posting pool (see the module docstring)."""

    def __init__(self, ix: Any, limitmb: int = 128, sidecar: bool = False, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        if type(self.codec) is not W3Codec:  # write_term fills whoosh3's postings writer directly
            raise ValueError(f"RebuildWriter writes the whoosh3 codec only, not {self.codec!r}")
        for name, fieldobj in self.schema.items():
            if fieldobj.vector or fieldobj.separate_spelling():
                raise ValueError(f"RebuildWriter cannot write field {name!r}: vectors or separate spelling")
        self.limit = limitmb * 2**20
        self.fields: dict[str, FieldPostings] = {}
        self.size = 0  # estimated bytes held by the in-memory postings
        self.runs: list[IO[bytes]] = []
        self.sidecar = sidecar
        self.sidecar_written = False
        self._arrays: SidecarWriter | None = None  # while the postings are written

    def add_reader(self, reader: Any) -> None:
        raise NotImplementedError("RebuildWriter writes new segments only")

    def finish(self) -> Any | None:
        """Write the segment and return it (listed in no table of contents yet: see
        `commit_segments`), or None when no document was added (its empty files go when the table
        of contents is written)."""
        if not self.docnum:
            self._close_segment()
            return None
        segment = self._finalize_segment()
        if self._arrays is not None:
            arrays, self._arrays = self._arrays, None
            try:
                arrays.write(segment.segment_id(), self.docnum)
                self.sidecar_written = True
            except (OSError, SidecarError) as exc:
                log.warning("posting arrays for segment %s not written (searches of it read Whoosh's postings): %s",
                            segment.segment_id(), exc)
        return segment

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        docboost = self._doc_boost(fields)
        docnum = self.docnum
        self.perdocwriter.start_doc(docnum)
        try:
            for name in names:
                if fields[name] is not None:
                    self._add_field(docnum, name, fields, docboost)
        except Exception:
            self.perdocwriter.cancel_doc()
            raise
        self.perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self.size >= self.limit:
            self._spill()

    def _add_field(self, docnum: int, name: str, fields: dict[str, Any], docboost: float) -> None:
        fieldobj = self.schema[name]
        value = fields[name]
        length = 0
        if fieldobj.indexed:
            length = self._index(docnum, name, fieldobj, value, self._field_boost(fields, name, docboost))
        stored = fields.get(f"_stored_{name}", value)
        self.perdocwriter.add_field(name, fieldobj, stored if fieldobj.stored else None, length)
        column = fieldobj.column_type
        if column and stored is not None:
            self.perdocwriter.add_column_value(name, column, fieldobj.to_column_value(stored))

    def _index(self, docnum: int, name: str, fieldobj: Any, value: Any, boost: float) -> int:
        """Add the postings of one field value; returns the field's length in the document."""
        field = self.fields.get(name)
        if field is None:
            field = self.fields[name] = FieldPostings(fieldobj)
        before = len(field.terms)
        if field.text_keys and isinstance(value, str):
            length, size = self._index_positions(docnum, field, value, boost)
        else:
            length, size = self._index_items(docnum, field, value, boost)
        if length and fieldobj.scorable:
            field.lengths[docnum] = byte_to_length(length_to_byte(length))
        self.size += size + TERM_BYTES * (len(field.terms) - before)
        return length if fieldobj.scorable else 0

    def _index_positions(self, docnum: int, field: FieldPostings, value: str, boost: float) -> tuple[int, int]:
        """Add the postings of a text value of an ArrayPositions field (its terms keyed as str)."""
        field_boost = field.fieldobj.format.field_boost
        terms = field.terms
        length = size = 0
        positions = positions_of(value, field.fieldobj.analyzer, mode="index")
        for word, poslist in positions.items():
            postings = terms.get(word)
            if postings is None:
                postings = terms[word] = TermPostings()
            freq = len(poslist)
            encoded = encode_positions(poslist)
            postings.docs.append(docnum)
            postings.weights.append(freq * field_boost * boost)
            data = postings.data
            data += encoded
            postings.ends.append(len(data))
            length += freq
            size += len(encoded)
        return length, size + POSTING_BYTES * len(positions)

    def _index_items(self, docnum: int, field: FieldPostings, value: Any, boost: float) -> tuple[int, int]:
        holder = field.holder
        length = size = 0
        for tbytes, freq, weight, vbytes in field.fieldobj.index(value):
            key = tbytes.decode("utf-8") if field.text_keys else tbytes
            holder(key).add(docnum, weight * boost, vbytes)
            length += freq
            size += POSTING_BYTES + len(vbytes)
        return length, size

    def _memory_items(self) -> Iterator[Item]:
        """The in-memory postings, sorted by field and term (and taken out of memory)."""
        for name in sorted(self.fields):
            for key, postings in self.fields[name].take_sorted():
                yield name, key, postings

    def _spill(self) -> None:
        """Write the in-memory postings to a sorted run and start afresh."""
        self.runs.append(_write_run(self._memory_items(), self._tempstorage.folder))
        self.size = 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        sources = [_read_run(run) for run in self.runs] + [self._memory_items()]
        self._write_postings(merge_items(sources))
        self.fieldwriter.close()
        self.size = 0

    def _write_postings(self, items: Iterable[Item]) -> None:
        fieldwriter = self.fieldwriter
        current = None
        lengths: dict[int, int] | None = None
        arrays = self._start_arrays()
        fmt, positions, to_arrays = None, False, False
        for name, key, postings in items:
            if name != current:
                if current is not None:
                    fieldwriter.finish_field()
                current = name
                field = self.fields[name]
                fieldwriter.start_field(name, field.fieldobj)
                lengths = field.lengths if field.fieldobj.scorable else None
                fmt = field.fieldobj.format
                positions = fmt.supports("positions")
                to_arrays = arrays is not None and name in SIDECAR_FIELDS
            term = key.encode("utf-8") if isinstance(key, str) else key
            fieldwriter.start_term(term)
            write_term(fieldwriter._postwriter, postings, lengths)
            fieldwriter.finish_term()
            if to_arrays:
                self._add_arrays(name, term, fmt, positions, postings)
        if current is not None:
            fieldwriter.finish_field()

    def _start_arrays(self) -> SidecarWriter | None:
        if not self.sidecar:
            return None
        try:
            self._arrays = SidecarWriter(self.storage.folder)
        except OSError as exc:
            log.warning("posting arrays not written (searches of this segment read Whoosh's postings): %s", exc)
        return self._arrays

    def _add_arrays(self, name: str, term: bytes, fmt: Any, positions: bool, postings: TermPostings) -> None:
        """One term's postings into the posting arrays, as Whoosh will read them back (weights as the
        float32s of its blocks); a failure drops the arrays, never the segment."""
        arrays = self._arrays
        if arrays is None:
            return
        try:
            arrays.add(name, term, fmt, postings.docs, array("f", postings.weights).tobytes(),
                       postings.values() if positions else None)
        except (OSError, SidecarError) as exc:
            log.warning("posting arrays not written (searches of this segment read Whoosh's postings): %s", exc)
            arrays.close()
            self._arrays = None

    def _close_segment(self) -> None:
        for run in self.runs:
            run.close()
        self.runs = []
        super()._close_segment()

    def cancel(self) -> None:
        if self._arrays is not None:
            self._arrays.close()
            self._arrays = None
        super().cancel()


def write_term(postwriter: Any, postings: TermPostings, lengths: dict[int, int] | None) -> None:
    """Fill the codec's postings writer (whoosh3 W3PostingsWriter) with one term's postings a block
    at a time, exactly as its add_posting() would one posting at a time: every block but the last
    is written here, the last one by the caller's finish_term()."""
    limit = postwriter._blocklimit
    fixed = postwriter._format.fixed_value_size()
    values = postings.values() if fixed != 0 else None
    count = len(postings.docs)
    for start in range(0, count, limit):
        if start:
            postwriter._write_block()
        end = min(start + limit, count)
        _fill_block(postwriter, postings, start, end, lengths, values)


def _fill_block(postwriter: Any, postings: TermPostings, start: int, end: int,
                lengths: dict[int, int] | None, values: list[bytes] | None) -> None:
    ids = postings.docs[start:end]
    weights = postings.weights[start:end]
    postwriter._ids = ids
    postwriter._weights = array("f", weights)
    top = max(weights)
    postwriter._maxweight = top if top > 0 else 0
    block_values = [] if values is None else values[start:end]
    if b"" in block_values:
        block_values = [v for v in block_values if v]
    postwriter._values = block_values
    if lengths:
        sizes = [lengths[d] for d in ids]
        postwriter._minlength, postwriter._maxlength = min(sizes), max(sizes)
    else:
        postwriter._minlength, postwriter._maxlength = None, 0


__all__ = ["RebuildWriter"]
