"""The live strip: one line at the top of every pane with the training state and a
loss sparkline, so the loss stays in view while the Sample pane streams."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

SPARK_POINTS = 120  # recent loss values kept for the sparkline


def fmt_duration(seconds: float | None) -> str:
    """1:05 / 1:02:03; '—' for unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "—"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def fmt_loss(value: float | None) -> str:
    """A loss with 3 decimals, or '—'."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.3f}"


class LiveStrip(Horizontal):
    """Corpus, training state, step, losses, speed and a train-loss sparkline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.losses: list[float] = []
        self.corpus = "—"
        self.state = "idle"
        self.detail = ""

    def compose(self) -> ComposeResult:
        yield Static(id="strip-text", markup=False)
        yield Sparkline([], id="strip-spark")

    def on_mount(self) -> None:
        self._render_text()

    def set_corpus(self, name: str) -> None:
        """Show the active corpus."""
        self.corpus = name
        self._render_text()

    def set_state(self, state: str, detail: str | None = None) -> None:
        """Show idle / starting / training / paused / saving … and optional detail."""
        self.state = state
        if detail is not None:
            self.detail = detail
        self._render_text()

    def reset(self) -> None:
        """Clear the sparkline for a new run."""
        self.losses = []
        self.query_one(Sparkline).data = []

    def add_loss(self, loss: float) -> None:
        """Append a training-loss point to the sparkline."""
        if math.isfinite(loss):
            self.losses = (self.losses + [loss])[-SPARK_POINTS:]
            self.query_one(Sparkline).data = self.losses

    def _render_text(self) -> None:
        marks = {"training": "●", "paused": "‖", "saving": "…", "starting": "…"}
        text = Text()
        text.append(" lstm-tui ", style="bold reverse")
        text.append(f"  corpus {self.corpus}  ")
        text.append(f"{marks.get(self.state, '○')} {self.state}", style="bold")
        text.append("\n ")
        text.append(self.detail or "loss sparkline →  (F5 starts training; F1 for help)", style="" if self.detail else "dim")
        self.query_one("#strip-text", Static).update(text)
