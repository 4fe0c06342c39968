"""What the cursor detail shows of one character: its figures and the model's top 10.

`describe` builds a Rich Text (no widget), so tests and the pane share it.
"""

from __future__ import annotations

from rich.text import Text

from lstm_tui.core.readout import Readout
from lstm_tui.ui.inspect.colouring import Colouring
from lstm_tui.ui.inspect.heat_text import shown

BAR_CELLS = 12


def _bar(p: float) -> str:
    eighths = round(max(0.0, min(p, 1.0)) * BAR_CELLS * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(BAR_CELLS)


def describe(readout: Readout, i: int, colouring: Colouring) -> Text:
    """The character at i: code point, p, rank, surprisal, entropy, unit value, top-k bars."""
    ch = readout.text[i]
    out = Text()
    out.append(f"«{shown(ch)}»", style="bold")
    out.append(f" U+{ord(ch):04X}  #{i}\n", style="dim")
    if colouring.mode in ("h", "c") and readout.h is not None and readout.known[i]:
        unit = colouring.unit
        out.append(f"h {readout.units('h')[i, unit]:+.3f}  c {readout.units('c')[i, unit]:+.3f}\n")
    if not readout.known[i]:
        out.append("not in vocabulary\n(skipped by the model, left out of the mean)", style="italic")
        return out
    if readout.rank[i] <= 0:
        out.append("first character: nothing read\nbefore it, so no prediction", style="italic")
        return out
    out.append(f"p {readout.p[i]:.4f}   rank {readout.rank[i]}\n")
    out.append(f"surprisal {readout.surprisal[i]:.3f} nats\n")
    out.append(f"entropy   {readout.entropy[i]:.3f} nats\n")
    out.append(f"top {readout.top_ids.shape[1]} here:\n", style="dim")
    for c, q in readout.top(i):
        mark = "bold reverse" if c == ch else ""
        out.append(f" {shown(c)}", style=mark)
        out.append(" " * (3 - len(shown(c)) - (1 if _wide(c) else 0)))
        out.append(_bar(q), style="cyan")
        out.append(f" {q:.3f}\n")
    return out


def _wide(ch: str) -> bool:
    from rich.cells import cell_len

    return cell_len(shown(ch)) > 1
