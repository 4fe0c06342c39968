"""Colour scales for per-character figures: surprisal, GLTR rank buckets and one LSTM
unit's activation. Pure Python (no torch, numpy or Textual): the Inspect pane, the
HTML export and `lstm-tui inspect`'s ANSI output all colour with these.

Colours are 24-bit "#rrggbb"; Rich and Textual bring them down to 256 or 16 colours
on terminals that have fewer, so each scale is chosen to stay readable after that:
the surprisal scale runs green → yellow → red (which 16 colours still tell apart) and
the unit scale red → white → blue.
"""

from __future__ import annotations

import math

RGB = tuple[int, int, int]

# ColorBrewer RdYlGn, reversed: low surprisal green, high red. Stops in nats.
SURPRISAL_MAX = 10.0
_SURPRISAL_STOPS: tuple[tuple[float, RGB], ...] = (
    (0.0, (0x1A, 0x98, 0x50)),
    (0.5, (0x66, 0xBD, 0x63)),
    (1.0, (0xA6, 0xD9, 0x6A)),
    (2.0, (0xD9, 0xEF, 0x8B)),
    (3.0, (0xFE, 0xE0, 0x8B)),
    (4.5, (0xFD, 0xAE, 0x61)),
    (6.0, (0xF4, 0x6D, 0x43)),
    (8.0, (0xD7, 0x30, 0x27)),
    (SURPRISAL_MAX, (0xA5, 0x00, 0x26)),
)
# GLTR's buckets: the character was the model's 1st choice, in its top 10, top 100, or not.
RANK_BUCKETS: tuple[tuple[int, str, str], ...] = (
    (1, "top-1", "#4dac26"),
    (10, "top-10", "#f1d54a"),
    (100, "top-100", "#f1803a"),
    (2**31 - 1, "rest", "#b066c8"),
)
# Karpathy's "Visualizing and Understanding Recurrent Networks": −1 red, +1 blue.
_UNIT_NEG: RGB = (0xD7, 0x30, 0x27)
_UNIT_MID: RGB = (0xF7, 0xF7, 0xF7)
_UNIT_POS: RGB = (0x45, 0x75, 0xB4)
UNKNOWN_BG = "#5a5a5a"  # a character the vocabulary lacks: grey, "not in vocabulary"
UNKNOWN_FG = "#c8c8c8"


def _hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def surprisal_colour(s: float) -> str:
    """A continuous colour for −ln p in nats (0 green … ≥ 10 dark red)."""
    s = min(max(s, 0.0), SURPRISAL_MAX) if math.isfinite(s) else SURPRISAL_MAX
    for (s0, c0), (s1, c1) in zip(_SURPRISAL_STOPS, _SURPRISAL_STOPS[1:]):
        if s <= s1:
            return _hex(_mix(c0, c1, (s - s0) / (s1 - s0)))
    return _hex(_SURPRISAL_STOPS[-1][1])


def rank_bucket(rank: int) -> int:
    """Index into RANK_BUCKETS for a rank (1 = the model's first choice)."""
    for i, (limit, _, _) in enumerate(RANK_BUCKETS):
        if rank <= limit:
            return i
    return len(RANK_BUCKETS) - 1


def rank_colour(rank: int) -> str:
    """GLTR's colour for a rank: green top-1, yellow top-10, orange top-100, violet rest."""
    return RANK_BUCKETS[rank_bucket(rank)][2]


def unit_colour(v: float) -> str:
    """A colour for an activation in −1…1 (clamped): red below zero, blue above."""
    if not math.isfinite(v):
        return UNKNOWN_BG
    v = min(max(v, -1.0), 1.0)
    return _hex(_mix(_UNIT_MID, _UNIT_NEG, -v) if v < 0 else _mix(_UNIT_MID, _UNIT_POS, v))


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luma = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    return "#000000" if luma > 0.5 else "#ffffff"


def surprisal_legend(steps: tuple[float, ...] = (0, 1, 2, 3, 4, 6, 8, 10)) -> list[tuple[str, str]]:
    """(label, colour) pairs for a legend of the surprisal scale."""
    return [(f"{s:g}", surprisal_colour(s)) for s in steps]
