"""The timeline page's charts (issue 15): the dense period (or the chosen range) in detail, by month
when it is short, an overview of the whole span, counts that add up."""

from __future__ import annotations

from webapp.timeline.data import dense_span, timeline_charts


def marks(*dated: tuple[str, int], kind: str = "event") -> list[dict]:
    return [{"date": d, "kind": kind} for d, n in dated for _ in range(n)]


def test_dense_span_is_the_shortest_run_of_years_holding_most_entries() -> None:
    years = [1915, 1923] + [2020] * 5 + [2021] * 3 + [2023] * 10
    assert dense_span(sorted(years)) == (2020, 2023)
    assert dense_span([2024]) == (2024, 2024)


def test_a_long_sparse_span_gets_a_detail_of_the_dense_years_and_an_overview() -> None:
    entries = marks(("1915", 1), ("1923-05", 1), ("2016-04-02", 3), ("2023-09-19", 20), ("2024-01-10", 12))
    entries += marks(("2023-10-01", 4), kind="publication")
    charts = timeline_charts(entries, chosen=False)
    detail, overview = charts["detail"], charts["overview"]
    assert (detail["first"], detail["last"], detail["by_month"]) == ("2016", "2024", False)
    by_period = {b["period"]: b for b in detail["bars"]}
    assert by_period["2023"]["events"] == 20 and by_period["2023"]["documents"] == 4
    assert by_period["2017"]["total"] == 0  # empty years are shown, as gaps
    assert detail["shown"] + detail["outside"] == charts["total"] == len(entries)
    assert detail["outside"] == 2
    assert overview["first"] == 1915 and overview["last"] == 2024 and (overview["lo"], overview["hi"]) == (2016, 2024)
    assert sum(b["count"] for b in overview["bars"]) == len(entries)
    tallest = max(detail["bars"], key=lambda b: b["total"])
    assert tallest["events_pct"] + tallest["documents_pct"] <= 100


def test_a_short_chosen_range_is_charted_by_month_whole_with_the_whole_span_as_overview() -> None:
    chosen = marks(("2023-09-19", 5), ("2023-11-02", 1))
    whole = chosen + marks(("1915", 1), ("2010-04-22", 2))
    charts = timeline_charts(chosen, chosen=True, whole=whole, since="2023", until="2023")
    detail = charts["detail"]
    assert detail["by_month"] and detail["first"] == "2023-01" and detail["last"] == "2023-12"
    assert [b["total"] for b in detail["bars"]] == [0] * 8 + [5, 0, 1, 0]
    assert charts["overview"]["first"] == 1915 and charts["overview"]["lo"] == 2023


def test_nothing_dated_draws_no_chart() -> None:
    assert timeline_charts(marks(("", 3)), chosen=False) == {"detail": None, "overview": None}
