"""The search engine under `search/`: everything that reaches into Whoosh-Reloaded's internals.

Verified against Whoosh-Reloaded 2.7.5 (pinned in pyproject.toml; ``WHOOSH_VERSION``). The rest of
`search/` uses Whoosh's public API and this interface; see README.md here for what each part
replaces, why (the numbers) and the invariants the differential tests hold it to.

Interface:

- ``ZeroCopyStorage(path)``: a Whoosh FileStorage whose compound segments are read in place (the
  index stays in the page cache, not copied into the heap). Open every index through it.
- ``ArrayPositions`` / ``array_positions(TEXT(...))``: the word-positions posting format of the
  text fields (arrays instead of pickles); ``encode_positions``, ``decode_positions``,
  ``positions_of``, ``text_positions``.
- ``RebuildWriter(ix, limitmb=..., _lk=False)``: a segment writer for full rebuilds (postings in
  memory, the same segment files as Whoosh's writer); ``.finish()`` gives the segment (or None)
  and ``commit_segments(ix, segments)`` lists segments written apart in one table of contents;
  ``add_segments(ix, segments, delete_ids)`` lists them after the index's own (a bulk import's).
- ``WEIGHTING``: the ranking (BM25F with a fixed average record length), ``AVERAGE_RECORD_TERMS``.
- ``fastpath.scores(searcher, query, sidecar_of) -> Matches | None``: every match of a plain-word
  query with its score, from posting arrays with numpy; ``fastpath.supported(query)``;
  ``Matches(ids, scores)``.
- Posting sidecars: ``open_sidecar(folder, segment_id, docs) -> Sidecar | None``,
  ``complete_sidecars(folder, ix)``, ``write_sidecar_or_warn(folder, segment, schema)``,
  ``sidecar_path(folder, segment_id)``, ``SIDECAR_SUFFIX``, ``SIDECAR_FIELDS``.
- Segments: ``segment_ids(ix)``, ``segment_id_of(leaf reader)``.
- Bitsets of document numbers: ``to_bits``, ``members``, ``ids_of``, ``bits_of_array``,
  ``flags_of``, ``BitsAllow`` (a bitmap as a Whoosh filter).
"""

from __future__ import annotations

from . import fastpath
from .bitsets import BitsAllow, bits_of_array, flags_of, ids_of, members, to_bits
from .fastpath import Matches
from .formats import (
    ArrayPositions,
    array_positions,
    decode_positions,
    encode_positions,
    positions_of,
    text_positions,
)
from .scoring import AVERAGE_RECORD_TERMS, WEIGHTING
from .segments import add_segments, commit_segments, segment_id_of, segment_ids
from .sidecar import FIELDS as SIDECAR_FIELDS
from .sidecar import SUFFIX as SIDECAR_SUFFIX
from .sidecar import Sidecar, open_sidecar, sidecar_path
from .sidecar import complete as complete_sidecars
from .sidecar import write_or_warn as write_sidecar_or_warn
from .writer import RebuildWriter
from .zerocopy import ViewBufferFile, ZeroCopyStorage

WHOOSH_VERSION = "2.7.5"  # the Whoosh-Reloaded release this package is verified against

__all__ = [
    "AVERAGE_RECORD_TERMS", "SIDECAR_FIELDS", "SIDECAR_SUFFIX", "WEIGHTING", "WHOOSH_VERSION",
    "ArrayPositions", "BitsAllow", "Matches", "RebuildWriter", "Sidecar", "ViewBufferFile", "ZeroCopyStorage",
    "add_segments", "array_positions", "bits_of_array", "commit_segments", "complete_sidecars",
    "decode_positions", "encode_positions", "fastpath", "flags_of", "ids_of", "members", "open_sidecar",
    "positions_of", "segment_id_of", "segment_ids", "sidecar_path", "text_positions", "to_bits",
    "write_sidecar_or_warn",
]
