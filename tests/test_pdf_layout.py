"""ingest.layout.lines_to_blocks on positioned lines, as a PDF text layer or OCR would give them.

The lines are laid out here with a fixed character width, so each case controls exactly where
lines break, which lines repeat on every page, and where the columns are.
"""

from __future__ import annotations

import random

from ingest.layout import Line, join_line, lines_to_blocks

CW = 6.0  # points per character
LEAD = 14.0


def wrap(text: str, width_chars: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width_chars:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


def para(text: str, page: int, top: float, x0: float = 72.0, width_chars: int = 78, **kw) -> list[Line]:
    return [
        Line(t, page, x0, top + i * LEAD, x0 + len(t) * CW, top + i * LEAD + 12, **kw)
        for i, t in enumerate(wrap(text, width_chars))
    ]


SENTENCES = [
    "The first paragraph says what the document is about and runs over more than one line of text here.",
    "A second paragraph follows after a blank gap, and it also wraps onto a second line of the page.",
    "The third paragraph closes the page with a sentence that is long enough to wrap onto a next line.",
]


def page_of(page: int, sentences: list[str], header: str | None = None, footer: str | None = None) -> list[Line]:
    lines: list[Line] = []
    if header:
        lines.append(Line(header, page, 200, 40, 200 + len(header) * CW, 52, font_size=9))
    top = 90.0
    for s in sentences:
        block = para(s, page, top)
        lines.extend(block)
        top = block[-1].bottom + 16
    if footer:
        lines.append(Line(footer, page, 270, 750, 270 + len(footer) * CW, 762, font_size=9))
    return lines


def texts(lines: list[Line]) -> list[str]:
    return [b.text for b in lines_to_blocks(lines)]


def test_paragraphs_from_gaps_and_wraps():
    assert texts(page_of(1, SENTENCES)) == SENTENCES


def test_running_header_footer_and_page_numbers_removed_but_body_kept():
    lines, expected = [], []
    for n in (1, 2, 3):
        content = SENTENCES[n - 1 :] + SENTENCES[: n - 1]  # each page says something else
        lines += page_of(n, content, header="Organization Letterhead Name", footer=f"Page {n} of 3")
        expected += content
    got = texts(lines)
    assert got == expected
    assert not any("Letterhead" in t or "Page" in t for t in got)


def test_a_lone_page_number_goes_but_a_number_in_the_text_stays():
    lines = [*page_of(1, SENTENCES), Line("2", 1, 300, 750, 306, 762)]
    lines += page_of(2, ["Item 2 of the list is mentioned here in a sentence, not as a page number at all."])
    got = texts(lines)
    assert "2" not in got
    assert got[-1].startswith("Item 2 of the list")


def test_page_number_styles():
    for footer in ("Page 2 of 3", "- 2 -", "2 / 3", "Page | 2", "2 | Page", "p. 2", "ii"):
        lines = [*page_of(2, SENTENCES), Line(footer, 2, 300, 750, 300 + len(footer) * CW, 762)]
        assert texts(lines) == SENTENCES, footer


def test_shuffled_input_gives_the_same_paragraphs():
    lines = page_of(1, SENTENCES, header="Running Head") + page_of(2, SENTENCES, header="Running Head")
    expected = texts(lines)
    random.Random(7).shuffle(lines)
    assert texts(lines) == expected


def test_two_columns_are_read_left_then_right_below_a_full_width_title():
    title = Line("A Title Across The Whole Page", 1, 72, 60, 72 + 29 * 10, 78, font_size=18, bold=True)
    left = para(SENTENCES[0] + " " + SENTENCES[1], 1, 100, x0=72, width_chars=36)
    right = para(SENTENCES[2] + " " + SENTENCES[0], 1, 100, x0=320, width_chars=36)
    blocks = lines_to_blocks([title, *right, *left])  # any input order
    assert blocks[0].text == title.text and blocks[0].kind == "heading"
    assert [b.text for b in blocks[1:]] == [
        SENTENCES[0] + " " + SENTENCES[1],
        SENTENCES[2] + " " + SENTENCES[0],
    ]


def test_paragraph_continues_across_a_page_break_when_the_last_line_is_full():
    running = "It keeps going on the next page without any break in the sentence, which is how print works."
    first = para(SENTENCES[0], 1, 90)
    # a full last line runs on, whether it stops mid-sentence or at a sentence's end
    for cut_text in (
        "and this line fills the whole measure of the column before the page ends in the",
        "and this line fills the whole measure of the column and ends its own sentence.",
    ):
        cut = Line(cut_text, 1, 72, 700, 72 + 78 * CW, 712)
        blocks = lines_to_blocks([*first, cut, *para(running, 2, 90)])
        assert [b.text for b in blocks] == [SENTENCES[0], f"{cut.text} {running}"]
        assert blocks[1].page == 1
    # a short last line ends the paragraph on its page
    short = Line("and this line is short.", 1, 72, 700, 72 + 23 * CW, 712)
    blocks = lines_to_blocks([*first, short, *para(running, 2, 90)])
    assert [b.text for b in blocks] == [SENTENCES[0], short.text, running]
    assert blocks[-1].page == 2


def test_headings_by_size_bold_and_report_patterns():
    body = para(SENTENCES[0], 1, 140)
    big = Line("Executive Summary", 1, 72, 100, 72 + 17 * 8, 116, font_size=16)
    bold = Line("Physical Attacks and Pressure", 1, 72, 200, 72 + 29 * CW, 212, font_size=12, bold=True)
    after = para(SENTENCES[1], 1, 220, font_size=12)
    for ln in body:
        ln.font_size = 12
    kinds = [(b.text, b.kind) for b in lines_to_blocks([big, *body, bold, *after])]
    assert kinds == [
        ("Executive Summary", "heading"), (SENTENCES[0], "body"),
        ("Physical Attacks and Pressure", "heading"), (SENTENCES[1], "body"),
    ]
    # OCR lines carry no font: the report's own numbering makes the headings
    ocr = [Line("Section 2. Liberty", 1, 72, 90, 72 + 18 * CW, 102),
           Line("a. Freedom of the Press", 1, 72, 104, 72 + 23 * CW, 116)]
    ocr += para(SENTENCES[2], 1, 120)
    assert [(b.text, b.kind) for b in lines_to_blocks(ocr)] == [
        ("Section 2. Liberty", "heading"), ("a. Freedom of the Press", "heading"), (SENTENCES[2], "body"),
    ]


def test_list_items_and_addressees_start_their_own_blocks():
    lines = [
        Line("cc: The Honorable First Person, Secretary of Something Important Here", 1, 72, 90, 72 + 70 * CW, 102),
        Line("The Honorable Second Person, Administrator of Another Long-Named Agency", 1, 72, 104, 72 + 71 * CW, 116),
        Line("1. The first request runs over the whole line and then continues onto the", 1, 72, 140, 540, 152),
        Line("next line with a hanging indent.", 1, 90, 154, 90 + 32 * CW, 166),
        Line("2. The second request is short.", 1, 72, 180, 72 + 31 * CW, 192),
    ]
    blocks = lines_to_blocks(lines)
    assert [b.kind for b in blocks] == ["body", "body", "list_item", "list_item"]
    assert blocks[2].text.endswith("onto the next line with a hanging indent.")


def test_line_end_hyphens():
    vocab = {"government", "approved", "self", "determination", "report"}
    assert join_line("a govern-", "ment official", vocab) == "a government official"
    assert join_line("the government-", "approved list", vocab) == "the government-approved list"
    assert join_line("in Nagorno-", "Karabakh", set()) == "in Nagorno-Karabakh"
    assert join_line("right to self-", "determination", vocab) == "right to self-determination"
    assert join_line("they re-", "port", vocab) == "they report"  # the joined word is known
    assert join_line("soft\u00ad", "ware", set()) == "software"
    assert join_line("a dash –", "then more", set()) == "a dash – then more"
    assert join_line("ends with 2010-", "2012 range", set()) == "ends with 2010- 2012 range"


def test_hyphenated_words_are_joined_in_a_paragraph():
    lines = [
        Line("The ministry published a state-", 1, 72, 90, 72 + 78 * CW, 102),
        Line("ment and a government-", 1, 72, 104, 72 + 78 * CW, 116),
        Line("approved list; the government approved it after the statement was out.", 1, 72, 118,
             72 + 70 * CW, 130),
    ]
    assert texts(lines) == [
        "The ministry published a statement and a government-approved list; "
        "the government approved it after the statement was out."
    ]
