"""A loss chart with axes (textual-plotext): training and validation loss by step.

Points are added cheaply at any rate; the plot is rebuilt at most CHART_FPS times a
second, because plotext rebuilds the whole figure on every render.
"""

from __future__ import annotations

import math
from typing import Any

from textual_plotext import PlotextPlot

CHART_FPS = 2.0
MAX_POINTS = 400  # older points are thinned out so a long run stays cheap to draw


def thin(points: list[tuple[int, float]], limit: int = MAX_POINTS) -> list[tuple[int, float]]:
    """Every k-th point (and the last) so at most about `limit` remain."""
    if len(points) <= limit:
        return points
    k = -(-len(points) // limit)
    out = points[::k]
    if out[-1] is not points[-1]:
        out.append(points[-1])
    return out


def step_ticks(lo: float, hi: float, intervals: int = 3) -> list[int]:
    """Round whole-number ticks over [lo, hi], at least `intervals` steps apart from end to
    end (a step of 1, 2, 2.5 or 5 times a power of ten): plotext's own fell on fractions
    of a step (16.8, 33.5, 50.2)."""
    raw = max(hi - lo, 1.0) / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1, int(max(m * magnitude for m in (1, 2, 2.5, 5) if m * magnitude <= raw)))
    first = math.ceil(lo / step) * step
    return list(range(int(first), int(hi) + 1, step))


def set_step_axis(plt: Any, steps: list[int], columns: int) -> None:
    """Label a plotext x axis of steps with step_ticks (0–100 when there are none yet),
    fewer of them on a narrow chart so long step numbers do not collide."""
    intervals = 3 if columns >= 50 else 2
    ticks = step_ticks(min(steps), max(steps), intervals) if steps else step_ticks(0, 100, 4)
    plt.xticks(ticks, [str(t) for t in ticks])


AXIS_COLUMNS = 8  # the y-axis ticks and the frame take about this many of the chart's columns


def reference_labels(lines: list[tuple[str, float]], columns: int) -> list[str]:
    """The reference lines' labels ("7-gram val 2.913"), shortened to their first word
    and level ("7-gram 2.913") when two of them would not fit side by side in `columns`:
    they share a text row when their levels are close, the first at the left end and
    the second at the right."""
    full = [f"{label} val {level:.3f}" for label, level in lines]
    if sum(len(t) for t in full) + len(full) <= columns:
        return full
    return [f"{label.split()[0]} {level:.3f}" for label, level in lines]


class LossChart(PlotextPlot):
    """Train and validation loss (nats/char) against the step."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.train: list[tuple[int, float]] = []
        self.val: list[tuple[int, float]] = []
        self.marks: list[tuple[int, str]] = []  # (step, label): learning rates set by hand
        self.baseline: tuple[str, float] | None = None  # ("7-gram", its validation loss)
        self.zero_shot: tuple[str, float] | None = None  # ("base-ja zero-shot", its validation loss)
        self._dirty = True

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()
        self.set_interval(1 / CHART_FPS, self._flush)

    def on_resize(self) -> None:
        """The labels' length depends on the width (reference_labels)."""
        self._redraw_if_idle()

    def clear(self) -> None:
        """Forget every point and mark (a new run starts)."""
        self.train, self.val, self.marks = [], [], []
        self.baseline = None  # the next run's corpus may differ; its trainer sends its own
        self.zero_shot = None
        self._dirty = True

    def set_baseline(self, label: str, val_loss: float) -> None:
        """Draw the n-gram baseline's validation loss as a horizontal line: the level
        the validation curve has to go below to beat counting."""
        self.baseline = (label, val_loss)
        self._redraw_if_idle()

    def set_zero_shot(self, label: str, val_loss: float) -> None:
        """Draw the base model's zero-shot validation loss as a horizontal line: where
        fine-tuning starts."""
        self.zero_shot = (label, val_loss)
        self._redraw_if_idle()

    def _redraw_if_idle(self) -> None:
        """Before any point, draw at once (cheap, and a still screen shows its lines
        without waiting for the next tick); during a run, at the next tick."""
        self._dirty = True
        if not self.train and not self.val and self.is_mounted:
            self._draw()

    def load(self, train: list[tuple[int, float]], val: list[tuple[int, float]]) -> None:
        """Show a saved run's history (metrics.jsonl) before the points added so far.

        The history is read in a worker while the resumed run may already be adding
        points, so those with a later step are kept after it.
        """
        last = max((step for step, _ in (*train, *val)), default=-1)
        self.train = thin(list(train), 2 * MAX_POINTS) + [p for p in self.train if p[0] > last]
        self.val = list(val) + [p for p in self.val if p[0] > last]
        self._dirty = True

    def add_train(self, step: int, loss: float) -> None:
        """Add a training-loss point; drawn at the next flush."""
        self.train.append((step, loss))
        if len(self.train) > 4 * MAX_POINTS:
            self.train = thin(self.train, 2 * MAX_POINTS)
        self._dirty = True

    def add_val(self, step: int, loss: float) -> None:
        """Add a validation-loss point; drawn at the next flush."""
        self.val.append((step, loss))
        self._dirty = True

    def mark(self, step: int, label: str) -> None:
        """A vertical line at `step` with a short label (a learning rate set by hand)."""
        if (step, label) not in self.marks:
            self.marks.append((step, label))
            self._dirty = True

    def _flush(self) -> None:
        if self._dirty:
            self._draw()

    def _draw(self) -> None:
        self._dirty = False
        plt = self.plt
        plt.clear_data()
        # plotext fixes a text's background when the text is added, from the theme then
        # set; PlotextPlot sets its theme only when it renders. Set it first, as render
        # does, or a label added before the first render sits on a light box.
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        plt.title("loss (nats/char)")
        plt.xlabel("step")
        if self.train:
            xs, ys = zip(*thin(self.train))
            plt.plot(list(xs), list(ys), label="train", marker="braille")
        if self.val:
            xs, ys = zip(*self.val)
            plt.plot(list(xs), list(ys), label="val", marker="dot")
        lines = [(ref, color) for ref, color in ((self.baseline, "green"), (self.zero_shot, "cyan")) if ref]
        if not self.train and not self.val:
            # No data yet: the reference lines with a range around them, else a note;
            # never plotext's default −1…1 axes.
            levels = [level for (_, level), _ in lines]
            low, high = (min(levels) - 0.5, max(levels) + 0.5) if levels else (0.0, 5.0)
            plt.ylim(max(0.0, low), high)
            plt.xlim(0, 100)
            plt.plot([0], [high], marker=" ")
            if not lines:
                plt.text("no data yet: press Start", 50, (low + high) / 2, alignment="center")
        else:
            plt.ylim(None, None)  # back to fitting the data
            plt.xlim(None, None)
        set_step_axis(plt, [x for x, _ in (*self.train, *self.val)], self.size.width)
        top = max((y for _, y in (*self.train, *self.val)), default=0.0)
        # The first line's label at the left end, the second's at the right: the n-gram and
        # the zero-shot levels are often within a text row of each other.
        right = max((x for x, _ in (*self.train, *self.val)), default=100)
        texts = reference_labels([ref for ref, _ in lines], self.size.width - AXIS_COLUMNS)
        for i, (((_, level), color), text) in enumerate(zip(lines, texts)):
            plt.hline(level, color)
            x, align = (0, "left") if i == 0 else (right, "right")
            plt.text(text, x, level, color=color, alignment=align)
        for step, label in self.marks[-8:]:  # a few marks stay readable; older ones are in metrics.jsonl
            plt.vline(step, "orange")
            plt.text(label, step, top, color="orange", alignment="left")
        self.refresh()
