"""Reuse links: where else a paragraph's words appear (quotes, quoted_by, same_text, shares_text).

Derived data like the index, in DATA/reuse.sqlite3; never written into the records; rebuilt by
`evidence reindex` and `evidence reuse --all`.

- ``ReuseIndex.of(settings)``: ``.update(docs, removed_ids)`` (new or changed records, at ingest),
  ``.run_all(docs, fresh=False)`` (the whole archive, resumable), ``.links(record_id)`` (the
  contract of `evidence reuse RECORD_ID --json`), ``.renditions(ids)``, ``.same_text_groups()``.
- ``doc_of(record)``: what reuse detection reads of a Record; ``read_docs(paths, procs)`` reads record
  files into them (with their fingerprints) on `procs` processes; ``worker_count(setting, n)``.
- ``shared_passages(a, b, min_words)``: the shared passages of two paragraphs.
"""

from .docs import ReuseDoc, doc_of
from .engine import ReuseIndex
from .passages import Para, Passage, shared_passages
from .relations import RELATIONS
from .tokens import fingerprints, words
from .workers import read_docs, worker_count

__all__ = ["RELATIONS", "Para", "Passage", "ReuseDoc", "ReuseIndex", "doc_of", "fingerprints",
           "read_docs", "shared_passages", "words", "worker_count"]
