"""The live strip: two lines at the top of every pane with the training state and a
loss sparkline, so the loss stays in view while the Sample pane streams.

The app hands it the training events (`show_training`); it formats its own line.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

from lstm_tui.core.events import BaselineReady, Evaluated, Event, Failed, Finished, Progress

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


def fit_figures(figures: list[str], width: int, drop_first: tuple[int, ...]) -> str:
    """The figures on one line, two spaces apart; where they exceed `width` (a narrow
    terminal), the ones at the `drop_first` indices are left out, in that order, until
    the rest fit. Width 0 (not laid out yet) keeps them all."""
    kept = list(range(len(figures)))
    for i in drop_first:
        if not width or len("  ".join(figures[k] for k in kept)) <= width:
            break
        kept.remove(i)
    return "  ".join(figures[k] for k in kept)


def kept_summary(event: Finished, width: int = 0) -> str:
    """What a finished run keeps, on one line of at most `width` columns (0: any): its
    best validation loss and step, the LSTM's test loss beside the n-gram's on the same
    split, and the mixture's, named as such; the last of these go first where the line
    is short. Not the last validation: a run past its best (early stopping,
    overfitting) keeps the best weights, and the last figure made it look worse."""
    best = event.best_val_loss if event.best_val_loss is not None else event.val_loss
    at = f" (step {event.best_step:,})" if event.best_step is not None else ""
    lstm = event.lstm_test_loss if event.lstm_test_loss is not None else event.test_loss
    test = ""
    if lstm is not None:
        vs = ""
        if event.ngram_test_loss is not None and event.ngram_order is not None:
            vs = f" ({lstm - event.ngram_test_loss:+.2f} vs {event.ngram_order}-gram)"
        test = f"  test {fmt_loss(lstm)}{vs}"
    mix = ""
    if event.hybrid_lambda is not None and event.test_loss is not None:
        mix = f"  with n-gram {fmt_loss(event.test_loss)}"
    val = f"best val {fmt_loss(best)}"
    longest_first = [f"{val}{at}{test}{mix}", f"{val}{at}{test}", f"{val}{test}", test.strip() or val]
    if not width:
        return longest_first[0]
    return next((line for line in longest_first if len(line) <= width), longest_first[-1])


class LiveStrip(Horizontal):
    """Corpus, training state, step, losses, speed and a train-loss sparkline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.losses: list[float] = []
        self.corpus = "—"
        self.state = "idle"
        self.detail = ""
        self._progress: Progress | None = None  # the latest step: rate and ETA between steps
        self._val: float | None = None  # the latest finite validation loss
        self._baseline: BaselineReady | None = None  # the corpus's n-gram, on the same splits

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
        """Clear the sparkline and the figures for a new run."""
        self.losses = []
        self._progress, self._val, self._baseline = None, None, None
        self.query_one(Sparkline).data = []

    def show_training(self, event: Event) -> None:
        """Follow a training event: steps feed the sparkline, and the detail line shows
        step, losses, speed and ETA.

        A validation redraws the line at once, not only with the next step: after Stop
        the final validation has no step after it.
        """
        if isinstance(event, BaselineReady):
            self._baseline = event  # shown with the next step or validation
            return
        if isinstance(event, Failed):  # no ETA or rate goes on: what happened instead
            self.set_state(self.state, event.message)
            return
        if isinstance(event, Progress):
            self.add_loss(event.train_loss)
            self._progress = event
        elif isinstance(event, (Evaluated, Finished)):
            if math.isfinite(event.val_loss):
                self._val = event.val_loss
        else:
            return
        width = self.query_one("#strip-text", Static).content_size.width
        if isinstance(event, Finished):  # what the run keeps, not its last figures
            self.set_state(self.state, kept_summary(event, width))
            return
        p = self._progress
        if p is None:  # nothing to show a rate for yet
            return
        figures = [
            f"step {event.step:,}",
            f"loss {fmt_loss(event.train_loss)}",
            f"val {fmt_loss(self._val)}{self._margin()}",
            f"{p.chars_per_s:,.0f} c/s",
            f"ETA {fmt_duration(p.eta_s)}",
        ]
        # at 80 columns the line was cut after the margin: the rate goes first, then the loss
        self.set_state(self.state, fit_figures(figures, width, drop_first=(3, 1)))

    def _margin(self) -> str:
        """' (−0.21 vs 7-gram)': how far the latest validation loss is below (−) or above
        the n-gram's on the same split."""
        b = self._baseline
        if b is None or self._val is None or not math.isfinite(b.val_loss):
            return ""
        return f" ({self._val - b.val_loss:+.2f} vs {b.label})"

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
        hint = "loss sparkline →  (F5 starts training; F1 for help)"
        text.append(self.detail or hint, style="" if self.detail else "dim")
        # Two lines in a fixed two-line box: no layout, which would cost 20 ms per update.
        self.query_one("#strip-text", Static).update(text, layout=False)
