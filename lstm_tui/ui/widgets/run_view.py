"""The live view of one training run: the Train pane's right column.

Stats lines, progress bar, the live learning-rate row, train and validation sparklines,
the loss chart, the newest preview and the run folder. The pane calls its methods
(`show_event`, `show_state`, `clear`, ...); the lr row's and Replay's messages bubble up
to the pane, which acts on them.
"""

from __future__ import annotations

import math
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.visual import VisualType
from textual.widgets import Button, Input, Label, ProgressBar, Sparkline, Static

from lstm_tui.core.events import (
    BaselineReady,
    Checkpointed,
    Evaluated,
    Event,
    Failed,
    Finished,
    LrChanged,
    Progress,
    Rescheduled,
    Sampled,
)
from lstm_tui.ui.saved_runs import WARM_RESTART, RunHistory
from lstm_tui.ui.widgets.live_strip import fit_figures, fmt_duration, fmt_loss
from lstm_tui.ui.widgets.loss_chart import LossChart

SPARK_POINTS = 200
RESTART_MARK = "warm restart"  # a resume with a new budget, on the chart
IDLE = "idle: press Start (F5) to train on the selected corpus"
NO_RUN_FOLDER = "run folder: — (a new folder is made on Start)"
# Rows of the view below which the sparklines give their rows to the loss chart (which
# draws the same curves): at 80×24 the chart was 6 rows, 3 of them plot.
COMPACT_BELOW = 24


class RunView(Vertical):
    """Figures, curves, preview and folder of the run being trained (or last shown)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step = 0
        self.train_losses: list[float] = []
        self.val_losses: list[float] = []
        self._progress: Progress | None = None  # the latest step, redrawn when a validation lands
        self._paused = False  # the trainer was paused at that step
        self._val: float | None = None  # the latest finite validation loss
        self._figures_shown = False  # the stats line shows step figures, not a state or idle
        self._finished: str | None = None  # the finished run's end reason: no ETA to show
        self._best_step: int | None = None  # the finished run's kept weights' step
        self._line_before: VisualType = "run folder: —"  # what the run-folder line said before Start
        # the selected corpus's lines, (label, loss): kept for when no run is on the chart
        self._corpus_baseline: tuple[str, float] | None = None
        self._corpus_zero_shot: tuple[str, float] | None = None

    def compose(self) -> ComposeResult:
        yield Static(IDLE, id="train-stats", markup=False)
        yield ProgressBar(total=100, show_eta=False, id="train-progress")
        with Horizontal(id="train-live-row"):
            # the learning rate of the running training, changeable while it runs
            yield Label("lr now")
            yield Input(placeholder="e.g. 0.002", id="live-lr", compact=True, disabled=True)
            yield Button("Set lr", id="set-lr", compact=True, disabled=True)
            yield Button("Replay", id="train-replay", compact=True)
        with Horizontal(classes="spark-row"):
            yield Label("train", classes="spark-label")
            yield Sparkline([], id="spark-train")
        with Horizontal(classes="spark-row"):
            yield Label("val  ", classes="spark-label")
            yield Sparkline([], id="spark-val")
        yield LossChart(id="loss-chart")
        yield Static("preview: —", id="train-preview", markup=False)
        yield Static("run folder: —", id="train-run", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < COMPACT_BELOW, "-compact")
        if self._figures_shown:  # fitted to the width (fit_figures)
            self.call_after_refresh(self._draw_figures)

    @property
    def chart(self) -> LossChart:
        """The loss chart: the pane draws saved runs' curves and reference lines on it."""
        return self.query_one(LossChart)

    @property
    def lr_text(self) -> str:
        """What is typed in the live learning-rate box, stripped."""
        return self.query_one("#live-lr", Input).value.strip()

    @property
    def run_line(self) -> VisualType:
        """What the run-folder line says now."""
        return self.query_one("#train-run", Static).content

    # ---- a run begins, never starts, or a saved one is shown ------------------------------------
    def begin(self, out: Path, from_base: bool) -> None:
        """A run starts, saving to `out`: nothing of the last one stays on the view; a run
        from the base has the base's zero-shot line, where fine-tuning starts."""
        self._line_before = self.run_line
        self.clear()
        self.chart.clear()
        if from_base and self._corpus_zero_shot is not None:
            self.chart.set_zero_shot(*self._corpus_zero_shot)
        self.show_run_folder(f"run folder: {out}")

    def show_not_started(self, resume: Path | None) -> None:
        """The run ended before it trained (refused, cancelled): idle again with the choice
        it had; a resumed run's folder exists, so the line says again what it said."""
        self.show_idle(resume)
        self.show_run_folder(NO_RUN_FOLDER if resume is None else self._line_before)

    def show_saved_run(self, run: Path) -> None:
        """Nothing of another run: an empty chart for this saved run's history, and Start
        would resume it."""
        self.clear()
        self.chart.clear()
        self.show_idle(run)

    # ---- the stats line ------------------------------------------------------------------------
    def show_state(self, state: str) -> None:
        """'starting … step 1,200': a state with no figures of its own."""
        self._set_stats(f"{state} … step {self.step:,}")

    def show_idle(self, resume: Path | None) -> None:
        """What Start would do: train on the selected corpus, or resume this run."""
        self._set_stats(IDLE if resume is None else f"idle: press Start (F5) to resume {resume.name}")

    def _set_stats(self, text: str) -> None:
        self._figures_shown = False
        self.query_one("#train-stats", Static).update(text)

    def _draw_figures(self) -> None:
        p = self._progress
        if p is None:
            return
        self._figures_shown = True
        eta = "ETA " + (fmt_duration(p.eta_s) if p.eta_s is not None else "until stopped")
        if self._finished is not None:
            eta = f"finished ({self._finished.replace('_', ' ')})"
        paused = " (paused)" if self._paused else ""
        stats = self.query_one("#train-stats", Static)
        width = stats.size.width  # at 80 columns the first line wrapped and pushed the second out
        val = f"val {fmt_loss(self._val)}"
        if self._finished is not None and self._best_step is not None:
            val = f"best val {fmt_loss(self._val)} (step {self._best_step:,})"
        first = [f"step {p.step:,}", f"epoch {p.epoch}", f"loss {fmt_loss(p.train_loss)}", val]
        second = [
            f"{p.chars_per_s:,.0f} chars/s",
            f"elapsed {fmt_duration(p.elapsed_s)}",
            eta,
            f"lr {p.lr:.2g}{paused}",
        ]
        stats.update(
            fit_figures(first, width, drop_first=(1, 2)) + "\n" + fit_figures(second, width, drop_first=(1, 0)),
            layout=False,  # two lines in a two-line box: a layout of the whole screen costs 20 ms
        )

    # ---- the rest of the column ----------------------------------------------------------------
    def set_live(self, live: bool) -> None:
        """Let the learning rate be set (a trainer is running), or not."""
        self.query_one("#live-lr", Input).disabled = not live
        self.query_one("#set-lr", Button).disabled = not live

    def show_run_folder(self, line: VisualType) -> None:
        """Say which folder the run saves to (or would, or did)."""
        self.query_one("#train-run", Static).update(line)

    def clear(self) -> None:
        """Forget the last run's figures: its progress, sparklines and preview."""
        self.train_losses, self.val_losses, self.step = [], [], 0
        self._progress, self._val, self._finished = None, None, None
        self.query_one("#spark-train", Sparkline).data = []
        self.query_one("#spark-val", Sparkline).data = []
        self.query_one(ProgressBar).update(progress=0)
        self.query_one("#train-preview", Static).update("preview: —")

    # ---- the selected corpus's reference lines: `draw` when no run is on the chart --------------
    def forget_corpus_lines(self, draw: bool) -> None:
        """Another corpus was chosen: its lines follow once they are computed."""
        self._corpus_baseline = self._corpus_zero_shot = None
        if draw:
            self.chart.clear()

    def set_corpus_baseline(self, label: str, val_loss: float, draw: bool) -> None:
        """The selected corpus's n-gram level ("7-gram")."""
        self._corpus_baseline = (label, val_loss)
        if draw:
            self.chart.set_baseline(label, val_loss)

    def set_corpus_zero_shot(self, label: str, val_loss: float, draw: bool) -> None:
        """The base's validation loss on the selected corpus before any training."""
        self._corpus_zero_shot = (label, val_loss)
        if draw:
            self.chart.set_zero_shot(label, val_loss)

    def show_corpus_lines(self) -> None:
        """An empty chart with the selected corpus's n-gram and the base's zero-shot lines."""
        chart = self.chart
        chart.clear()
        if self._corpus_baseline is not None:
            chart.set_baseline(*self._corpus_baseline)
        if self._corpus_zero_shot is not None:
            chart.set_zero_shot(*self._corpus_zero_shot)

    def show_history(self, history: RunHistory) -> None:
        """A saved run's curve with its marks and its own corpus's n-gram line."""
        chart = self.chart
        if history.baseline is not None:
            chart.set_baseline(*history.baseline)
        chart.load(history.train, history.val)
        for step, lr in history.lr_changes:
            chart.mark(step, f"lr {lr:.2g}")
        for step in history.restarts:
            chart.mark(step, RESTART_MARK)

    def show_event(self, event: Event, paused: bool = False) -> None:
        """Draw one training event; `paused`: the trainer is paused now."""
        if isinstance(event, Progress):
            self._show_progress(event, paused)
        elif isinstance(event, LrChanged):
            self.chart.mark(event.step, f"lr {event.lr:.2g}")
        elif isinstance(event, Rescheduled):
            if event.kind == WARM_RESTART:
                self.chart.mark(event.step, RESTART_MARK)
        elif isinstance(event, BaselineReady):
            self.chart.set_baseline(event.label, event.val_loss)
        elif isinstance(event, Evaluated):
            if math.isfinite(event.val_loss):
                self.val_losses.append(event.val_loss)
                self.query_one("#spark-val", Sparkline).data = list(self.val_losses)
                self.chart.add_val(event.step, event.val_loss)
                self._show_val(event.val_loss)
        elif isinstance(event, Finished):
            # The run's last word: its figures replace a "saving … step N" line too, and
            # the validation shown is the kept (best) weights', not the last evaluation's.
            best = event.best_val_loss if event.best_val_loss is not None else event.val_loss
            if math.isfinite(best):
                self._val = best
            self._finished = event.reason
            self._best_step = event.best_step
            self._draw_figures()
        elif isinstance(event, Failed):
            self._set_stats(f"failed at step {event.step:,}: {event.message}")
        elif isinstance(event, Sampled):
            text = Text("preview ", style="bold")
            text.append(f"(step {event.step}): ", style="dim")
            text.append(event.prefix, style="underline")
            text.append(event.text)
            self.query_one("#train-preview", Static).update(text)
        elif isinstance(event, Checkpointed):
            self.show_run_folder(f"run folder: {event.out} (saved step {event.step:,})")

    def _show_val(self, val: float) -> None:
        # At the end no step follows the last validation: without this the line kept
        # the one before, while the live strip showed the final one.
        self._val = val
        if self._figures_shown:  # a state ("saving … step N") stays until the next step
            self._draw_figures()

    def _show_progress(self, p: Progress, paused: bool) -> None:
        self.step, self._finished = p.step, None
        if math.isfinite(p.train_loss):
            self.train_losses = (self.train_losses + [p.train_loss])[-SPARK_POINTS:]
            self.query_one("#spark-train", Sparkline).data = self.train_losses
            self.chart.add_train(p.step, p.train_loss)
        self._progress, self._paused = p, paused
        self._draw_figures()
        if p.fraction is not None:
            self.query_one(ProgressBar).update(progress=100 * p.fraction)
