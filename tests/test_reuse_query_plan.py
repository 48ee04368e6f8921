"""A new record's links must not take time in proportion to the archive: the query finding which
linked records hold its fingerprints starts from those fingerprints, whatever their number (a
real SQLite database with the reuse schema)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.reuse.engine import _CHUNK, linked_holders_sql
from search.reuse.store import connect


@pytest.mark.parametrize("count", [1, 20, 48, _CHUNK])
def test_the_holders_query_starts_from_the_fingerprints(tmp_path: Path, count: int):
    conn = connect(tmp_path / "reuse.sqlite3")
    try:
        plan = conn.execute("EXPLAIN QUERY PLAN " + linked_holders_sql(count), tuple(range(count + 1))).fetchall()
    finally:
        conn.close()
    steps = [row[3] for row in plan]
    assert steps[0].startswith("SEARCH f USING INDEX fp_hash"), steps
    assert not any(step.startswith("SCAN") for step in steps), steps
