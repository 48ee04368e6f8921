"""An archive with nothing in it yet answers searches, facets and the timeline without an error."""

from __future__ import annotations

import search


def test_empty_index_answers(settings):
    index = search.SearchIndex(settings)
    result = index.search(search.SearchQuery("prisoners of war"))
    assert result.error is None and result.total == 0 and result.hits == []
    assert index.timeline() == []
    assert index.record_ids() == set()
