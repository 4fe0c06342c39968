"""The Inspect pane's coloured text as a standalone HTML page, for slides and blog posts.

One self-contained file (inline CSS, no script): each character is a span coloured as
in the pane, and hovering it shows its probability, rank, surprisal, entropy and the
model's top candidates as a tooltip (the title attribute).
"""

from __future__ import annotations

import html
import math
import time
from pathlib import Path

from lstm_tui import paths
from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.core.readout import Readout
from lstm_tui.ui.inspect.colouring import Colouring, legend

TOP_IN_TOOLTIP = 5


def tooltip(readout: Readout, i: int) -> str:
    """The hover text of character i."""
    if not readout.known[i]:
        return "not in vocabulary"
    if readout.rank[i] <= 0:
        return "first character: no prediction"
    top = "  ".join(f"{_shown(c)} {q:.3f}" for c, q in readout.top(i)[:TOP_IN_TOOLTIP])
    return (
        f"p {readout.p[i]:.4f}  rank {readout.rank[i]}  surprisal {readout.surprisal[i]:.3f} nats  "
        f"entropy {readout.entropy[i]:.3f}\ntop: {top}"
    )


def _shown(ch: str) -> str:
    return "↵" if ch == "\n" else "␣" if ch == " " else ch


def render_html(readout: Readout, colouring: Colouring, title: str) -> str:
    """The page as a string."""
    spans = []
    for i, ch in enumerate(readout.text):
        colours = colouring.colours(readout, i)
        style = f' style="color:{colours[0]};background:{colours[1]}"' if colours else ""
        shown = html.escape("↵" if ch == "\n" else ch)
        spans.append(f'<span title="{html.escape(tooltip(readout, i))}"{style}>{shown}</span>')
        if ch == "\n":
            spans.append("<br>")
    swatches = " ".join(
        f'<span style="background:{bg};padding:0 .4em">{html.escape(label)}</span>' for label, bg in legend(colouring)
    )
    mean = readout.mean_surprisal
    figure = f"{mean:.4f} nats/char" if math.isfinite(mean) else "no prediction"
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: ui-monospace, "Noto Sans Mono CJK JP", monospace; background: #1e1e1e; color: #ddd;
       max-width: 60em; margin: 2em auto; line-height: 1.7; }}
.text span {{ cursor: default; }}
.legend, .meta {{ font-size: .9em; color: #aaa; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="meta">mean surprisal {figure} over {readout.scored_count:,} predicted characters;
colouring: {html.escape(colouring.label(readout))}. Hover a character for its figures.</p>
<p class="legend">{swatches}</p>
<div class="text">{"".join(spans)}</div>
</body></html>
"""


def export_html(readout: Readout, colouring: Colouring, title: str, folder: Path | None = None) -> Path:
    """Write the page to home_dir()/exports/inspect-YYYYmmdd-HHMMSS.html; return its path."""
    folder = folder or paths.home_dir() / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"inspect-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{stem}.html", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.html", n + 1
    atomic_write_text(path, render_html(readout, colouring, title))
    return path
