"""Ranking: BM25F with a fixed average record length.

Whoosh's average field length comes from per-segment totals that drift when segments merge (a
merge re-adds lengths in quantized form), so an incrementally built index would rank slightly
differently from a rebuilt one. A constant keeps scores a function of the documents alone.
"""

from __future__ import annotations

from whoosh.scoring import BM25F, BM25FScorer, WeightScorer

# Typical indexed words per record (after stop words): a press release or a letter; long reports
# are ranked down a little against it, as BM25 intends.
AVERAGE_RECORD_TERMS = 400.0


class _StableScorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1):  # type: ignore[no-untyped-def]
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = AVERAGE_RECORD_TERMS
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)


class StableBM25F(BM25F):
    def scorer(self, searcher, fieldname, text, qf=1):  # type: ignore[no-untyped-def]
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        B = self._field_B.get(fieldname, self.B)
        return _StableScorer(searcher, fieldname, text, B, self.K1, qf=qf)


WEIGHTING = StableBM25F()
