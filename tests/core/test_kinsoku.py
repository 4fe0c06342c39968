"""Japanese line breaking (core/kinsoku.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lstm_tui.core.kinsoku import (
    NO_LINE_END,
    NO_LINE_START,
    line_ranges,
    trim_line_end,
    trim_line_start,
    wrap_lines,
)
from lstm_tui.text_width import display_width

TEXT = "「先生、これは何ですか。」と私は訊いた。先生はちょっと考えてから、「さあ」と言った。"


def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket() -> None:
    for width in range(8, 30):  # narrower, a run like か。」 cannot fit on one line at all
        lines = wrap_lines(TEXT, width)
        assert "".join(lines) == TEXT
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, lines)
        assert all(display_width(line) <= width for line in lines)


def test_a_break_before_a_full_stop_moves_back_one_character() -> None:
    # the width falls just before 。: its neighbour goes down with it
    assert wrap_lines("これは何ですか。", 14) == ["これは何です", "か。"]
    assert wrap_lines("これは何です。", 12) == ["これは何で", "す。"]
    assert wrap_lines("あいうえ「お」", 10) == ["あいうえ", "「お」"]


def test_newlines_end_lines_and_ranges_cover_the_text() -> None:
    text = "一行目。\n二行目は少し長い行です。\n"
    ranges = line_ranges(text, 8)
    assert ranges[0] == (0, 5) and text[ranges[0][0] : ranges[0][1]].endswith("\n")
    assert [c for a, b in ranges for c in text[a:b]] == list(text)


@given(st.text(alphabet="あいう、。「」ーっカ漢x \n", max_size=80), st.integers(min_value=2, max_value=20))
def test_every_character_kept_in_order_and_no_line_too_wide(text: str, width: int) -> None:
    ranges = line_ranges(text, width)
    assert "".join(text[a:b] for a, b in ranges) == text
    for a, b in ranges:
        assert display_width(text[a:b].rstrip("\n")) <= max(width, 2)


def test_trimming_an_excerpt_to_a_line() -> None:
    assert trim_line_start("。」っ先生は") == "先生は"
    assert trim_line_end("言った「『") == "言った"
    assert trim_line_start("先生、") == "先生、" and trim_line_end("「先生") == "「先生"  # only the ends
    assert trim_line_start("。、") == "" and trim_line_end("「") == ""


@given(st.text(alphabet="あ先。、」っ「『ー", max_size=30))
def test_a_trimmed_excerpt_is_a_line_and_a_span_of_the_text(text: str) -> None:
    start, end = trim_line_start(text), trim_line_end(text)
    assert text.endswith(start) and text.startswith(end)
    assert not start or start[0] not in NO_LINE_START
    assert not end or end[-1] not in NO_LINE_END
