"""One width rule (lstm_tui/text_width.py) for the command line's tables, the stream
view's wrapping and morph's tables; it agrees with what Rich (and so Textual) draws."""

from __future__ import annotations

from rich.cells import cell_len

from lstm_tui.core.kinsoku import wrap_lines
from lstm_tui.text_width import char_width, display_width, pad

SAMPLE = "a漢が\u200b\ufeff😀ｱＡé\u0301―…「」。ー"


def test_each_character_takes_the_columns_rich_draws() -> None:
    for ch in SAMPLE:
        assert char_width(ch) == cell_len(ch), repr(ch)


def test_a_decomposed_kana_takes_two_columns_not_three() -> None:
    decomposed = "か\u3099"  # が as macOS file names spell it
    assert display_width(decomposed) == 2
    assert pad(decomposed, 4) == decomposed + "  "
    assert pad("日記", 6, right=True) == "  日記"


def test_wrapping_counts_combining_marks_as_nothing() -> None:
    # Four decomposed が fill exactly 8 columns: one line, not two.
    assert wrap_lines("か\u3099" * 4, 8) == ["か\u3099" * 4]
