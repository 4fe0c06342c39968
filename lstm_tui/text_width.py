"""How many terminal columns text takes: the one rule every aligned table, wrapped line
and KWIC column uses (the command line, the stream view, morph's tables).

2 for East Asian wide and full-width characters (W, F: kanji, kana, full-width forms,
most emoji), 0 for combining marks (the ゙ of a decomposed が, as macOS file names hold)
and zero-width characters, else 1: what terminals and Rich draw.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

# Characters a terminal draws in no column beside the combining marks (categories Mn, Me):
# zero-width space, joiners and marks, word joiner and invisible operators, the BOM.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")


def char_width(ch: str) -> int:
    """Terminal columns of one character (see the module docstring)."""
    if ch in ZERO_WIDTH or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str, width_of: Callable[[str], int] = char_width) -> int:
    """Terminal columns of text, each character counted by `width_of`; len(text) for
    printable ASCII."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(width_of(ch) for ch in text)


def pad(text: str, width: int, right: bool = False, width_of: Callable[[str], int] = char_width) -> str:
    """text padded with spaces to `width` columns: after it, or before it with right=True.
    Text already that wide or wider is returned as it is."""
    fill = " " * max(0, width - display_width(text, width_of))
    return fill + text if right else text + fill
