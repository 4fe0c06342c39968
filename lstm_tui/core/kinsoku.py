"""Japanese line breaking (禁則処理): where a wrapped line may end and the next begin.

Japanese text has no spaces to break at, so any character boundary will do, except
that a line never starts with closing punctuation, a prolonged-sound mark, an
iteration mark or a small kana (。、」』）ー々っ …), and never ends with an opening
bracket (「『（ …). When the width falls on such a boundary the break moves back, so the
offending character starts the next line with its neighbour (追い出し): no line is ever
wider than the width. An excerpt that is a line of its own (a KWIC line's contexts) is
trimmed instead: `trim_line_start` and `trim_line_end`. Pure Python; the stream view,
Inspect's text and KWIC use it.
"""

from __future__ import annotations

from collections.abc import Callable

from lstm_tui.text_width import char_width

NO_LINE_START = frozenset(
    "、。，．,.・：；？！?!:;゛゜ヽヾゝゞ々〻ー）)］]｝}」』】〕〉》〙〗〟”’…‥"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
NO_LINE_END = frozenset("（(［[｛{「『【〔〈《〘〖〝“‘")


def allowed_break(text: str, i: int) -> bool:
    """True when a wrapped line may end before text[i] (and the next begin with it)."""
    return text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END


def trim_line_start(text: str) -> str:
    """`text` without the leading characters a line may not start with (the 。 that
    ended the sentence before a KWIC line's left context, a っ cut from its word)."""
    i = 0
    while i < len(text) and text[i] in NO_LINE_START:
        i += 1
    return text[i:]


def trim_line_end(text: str) -> str:
    """`text` without the trailing characters a line may not end with (a 「 whose
    quotation a KWIC line's right context cuts off)."""
    end = len(text)
    while end > 0 and text[end - 1] in NO_LINE_END:
        end -= 1
    return text[:end]


def line_ranges(
    text: str, width: int, width_of: Callable[[str], int] = char_width, newline_cells: int = 0
) -> list[tuple[int, int]]:
    """(start, end) character ranges of the lines `text` wraps to at `width` cells.

    A newline ends its line and belongs to it (its range includes it); it takes
    `newline_cells` (a view that draws it as ↵ gives 1). A break falls as
    late as the width allows where `allowed_break` holds; where no allowed break keeps
    both lines within the width (a run of closing punctuation wider than the line), it
    falls at the width anyway.
    """
    width = max(width, 2)
    lines: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, ch in enumerate(text):
        w = newline_cells if ch == "\n" else width_of(ch)
        if used + w > width and i > start:
            cut = i
            while cut - 1 > start and not allowed_break(text, cut):
                cut -= 1
            carried = sum(width_of(c) for c in text[cut:i])  # no newline in there
            if not allowed_break(text, cut) or carried + w > width:
                cut, carried = i, 0  # nowhere allowed, or what moves down would not fit: at the width
            lines.append((start, cut))
            start, used = cut, carried
        used += w
        if ch == "\n":
            lines.append((start, i + 1))
            start, used = i + 1, 0
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return lines


def wrap_lines(text: str, width: int) -> list[str]:
    """The text's wrapped lines (without their newlines) at `width` cells."""
    return [text[a:b].rstrip("\n") for a, b in line_ranges(text, width)]
