"""What colour each character of a Readout gets in a mode: surprisal, rank, or one unit.

Pure Python over core/heat.py's scales, shared by the coloured text view and the HTML
export so both show the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from lstm_tui.core import heat
from lstm_tui.core.readout import Readout

Mode = Literal["surprisal", "rank", "h", "c"]
MODES: tuple[Mode, ...] = ("surprisal", "rank", "h", "c")
NO_PREDICTION = None  # the first character: nothing was read before it


@dataclass(frozen=True)
class Colouring:
    """A mode and, for "h" / "c", the unit (column of the readout's states)."""

    mode: Mode = "surprisal"
    unit: int = 0

    def value(self, readout: Readout, i: int) -> float:
        """The number the colour shows at i (NaN when there is none)."""
        if self.mode == "surprisal":
            return float(readout.surprisal[i])
        if self.mode == "rank":
            return float(readout.rank[i]) if readout.rank[i] > 0 else math.nan
        v = float(readout.units(self.mode)[i, self.unit])
        return math.tanh(v) if self.mode == "c" else v  # c is unbounded; Karpathy colours tanh(c)

    def colours(self, readout: Readout, i: int) -> tuple[str, str] | None:
        """(foreground, background) at i, or None to leave the character plain."""
        if not readout.known[i]:
            return heat.UNKNOWN_FG, heat.UNKNOWN_BG
        v = self.value(readout, i)
        if math.isnan(v):
            return NO_PREDICTION
        if self.mode == "surprisal":
            bg = heat.surprisal_colour(v)
        elif self.mode == "rank":
            bg = heat.rank_colour(int(v))
        else:
            bg = heat.unit_colour(v)
        return heat.text_colour(bg), bg

    def label(self, readout: Readout | None) -> str:
        """How the header names the mode."""
        if self.mode == "surprisal":
            return "surprisal −ln p, nats"
        if self.mode == "rank":
            return "rank"
        hidden = readout.hidden if readout is not None and readout.hidden else 1
        layers = readout.layers if readout is not None else 1
        where = f"layer {self.unit // hidden} " if layers > 1 else ""
        shown = "tanh(c)" if self.mode == "c" else "h"
        return f"{where}unit {self.unit % hidden} {shown}"


def legend(colouring: Colouring) -> list[tuple[str, str]]:
    """(label, background) swatches for the header."""
    if colouring.mode == "surprisal":
        return heat.surprisal_legend()
    if colouring.mode == "rank":
        return [(label, colour) for _, label, colour in heat.RANK_BUCKETS]
    return [(f"{v:+g}", heat.unit_colour(v)) for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
