"""Word-level alignment of a quotation against paragraphs (search.align). Invented sentences."""

from __future__ import annotations

import pytest

from search import align, shared_runs, split_quotation, tokenize

SOURCE = ("The monitors recorded credible reports of: arbitrary detentions; beatings of prisoners; and "
          "restrictions on travel, but the ministry denied each claim.")
NEXT = "A second paragraph says the inspectors visited 14 villages in March."


def test_exact_quotation_within_the_paragraph():
    result = align("credible reports of: arbitrary detentions; beatings of prisoners", SOURCE)
    assert result.status == "exact"
    assert result.similarity == 1.0
    (piece,) = result.pieces
    assert SOURCE[piece.start:piece.end] == "credible reports of: arbitrary detentions; beatings of prisoners"


def test_dropped_colon_is_near_with_the_colon_in_the_diff():
    result = align("credible reports of arbitrary detentions; beatings of prisoners", SOURCE)
    assert result.status == "near"
    assert result.changes == 0.5
    assert [(d.op, d.source) for d in result.diff if d.op != "equal"] == [("missing", ":")]
    assert "{-:-}" in result.diff_text()


def test_changed_number_and_word_left_out_are_shown():
    changed = align("the inspectors visited 41 villages in March", NEXT)
    assert changed.status == "near"
    assert [(d.op, d.quoted, d.source) for d in changed.diff if d.op != "equal"] == [("changed", "41", "14")]
    dropped = align("the inspectors visited 14 in March", NEXT)
    assert [(d.op, d.source) for d in dropped.diff if d.op != "equal"] == [("missing", "villages")]


def test_typography_is_ignored():
    text = "He called it a “state‑sponsored” campaign — and the ministry’s reply came late."
    quoted = 'He called it a "state-sponsored" campaign -- and the ministry\'s reply\ncame  late'
    assert align(quoted, text).status == "exact"


def test_capital_at_the_start_is_allowed_but_not_in_the_middle():
    assert align("Restrictions on travel, but the ministry", SOURCE).status == "exact"
    middle = align("restrictions on Travel, but the ministry", SOURCE)
    assert middle.status == "near"
    assert [d.op for d in middle.diff if d.op != "equal"] == ["case"]


@pytest.mark.parametrize("mark", ["...", "…", "[...]", "[…]", ". . ."])
def test_ellipsis_parts_in_order(mark):
    result = align(f"credible reports of: arbitrary detentions {mark} restrictions on travel", SOURCE)
    assert result.status == "exact"
    assert len(result.pieces) == 2
    assert [d.op for d in result.diff].count("omitted") == 1


def test_ellipsis_parts_out_of_order_are_not_exact():
    result = align("restrictions on travel … credible reports of: arbitrary detentions", SOURCE)
    assert result.status != "exact"


def test_ellipsis_may_carry_into_the_next_paragraph():
    result = align("the ministry denied each claim … the inspectors visited 14 villages", [SOURCE, NEXT])
    assert result.status == "exact"
    assert [p.paragraph for p in result.pieces] == [0, 1]


def test_bracketed_alterations():
    text = "The government was accused of destroying churches and closing schools."
    assert align("[t]he government was accused of destroy[ing] churches", text).status == "exact"
    assert align("[Azerbaijan's government] was accused of destroying churches", text).status == "exact"


def test_invented_quotation_is_none():
    result = align("the weather in the mountains was calm and nobody travelled that week", SOURCE)
    assert result.status == "none"
    assert not result.found


def test_empty_inputs():
    assert align("", SOURCE).status == "none"
    assert align("...", SOURCE).status == "none"
    assert align("some words here", []).status == "none"


def test_tokens_keep_numbers_and_hyphenated_words_whole():
    words = [t.text for t in tokenize("About 120,000 people, 3.5 percent, left Nagorno-Karabakh.")]
    assert words == ["About", "120,000", "people", ",", "3.5", "percent", ",", "left", "Nagorno-Karabakh", "."]


def test_split_quotation():
    assert split_quotation("one two [...] three . . . four… five") == ["one two", "three", "four", "five"]


def test_engines_agree_on_the_status():
    quote = "credible reports of arbitrary detentions; beatings of prisoners"
    assert align(quote, SOURCE, engine="edlib").status == align(quote, SOURCE, engine="rapidfuzz").status == "near"


def test_shared_runs_between_two_texts():
    other = "Earlier, the monitors recorded “credible reports of arbitrary detentions; beatings of prisoners” again."
    (run,) = shared_runs(SOURCE, other, min_words=8)
    assert run.words == 11
    assert SOURCE[run.a_start:run.a_end].startswith("The monitors recorded credible")
    assert other[run.b_start:run.b_end].endswith("beatings of prisoners")
    assert shared_runs(SOURCE, NEXT) == []


def test_to_dict_is_json_ready():
    data = align("the inspectors visited 41 villages", NEXT).to_dict()
    assert data["status"] == "near"
    assert data["diff_ops"] == [{"op": "changed", "quoted": "41", "source": "14"}]
    assert data["pieces"][0]["paragraph"] == 0


def test_a_figure_with_its_currency_sign_or_ending_is_one_word():
    text = "The fund pledged $250 million on the 25th anniversary of the accord, as the U.S. envoy asked."
    assert [t.text for t in tokenize(text)][3:9] == ["$250", "million", "on", "the", "25th", "anniversary"]
    changed = align("The fund pledged several million on the 32 anniversary of the accord", text)
    assert changed.status == "near"
    assert [(d.op, d.source) for d in changed.diff if d.op != "equal"] == [("changed", "$250"), ("changed", "25th")]
    assert changed.changes == 2


def test_initials_are_one_word_and_their_last_point_a_mark():
    text = "The fund pledged $250 million, as the U.S. envoy asked on Monday in Washington, D.C. last week."
    assert [t.text for t in tokenize("the U.S. envoy")] == ["the", "U.S", ".", "envoy"]
    changed = align("as the regional. envoy asked on Monday in Washington", text)
    assert [(d.op, d.quoted, d.source) for d in changed.diff if d.op != "equal"] == [("changed", "regional", "U.S")]
    assert changed.changes == 1
    dropped = align("as the U.S envoy asked on Monday", text)
    assert (dropped.status, dropped.changes) == ("near", 0.5)


def test_a_run_of_dashes_is_one_dash():
    text = "The two committees in the House and Senate –- after long delays -- agreed on the text."
    assert align("the House and Senate -- after long delays — agreed on the text", text).status == "exact"


def test_words_from_elsewhere_glued_to_a_passage_are_not_near():
    text = ("The ministry promised to reopen the mountain road before the first snow, and the governor "
            "signed the order on Friday.")
    spliced = align("harvest festival was cancelled the mountain road before the first snow, and the governor", text)
    assert spliced.status == "none"
    tail = align("to reopen the mountain road before the first snow, and the governor signed the decree as well", text)
    assert tail.status == "none"
    scattered = align("The ministry vowed to reopen the valley road before the first rain, and the governor", text)
    assert scattered.status == "near"
    assert scattered.changes == 3
    chance = align("to the harvest feast the mountain road before the first snow, and the governor", text)
    assert chance.status == "none"  # "to" matches by chance: a common word does not anchor the edge
    anchored = align("to reopen the mountain road before the first snow, and the governor signed an accord in Friday",
                     text)
    assert (anchored.status, anchored.changes) == ("near", 3)
