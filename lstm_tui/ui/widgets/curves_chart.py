"""Several runs' validation curves on one chart, with a legend (textual-plotext).

The Runs pane overlays the runs a person has marked; each curve is labelled with its
run's name, and plotext draws the legend from the labels.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from lstm_tui.ui.widgets.loss_chart import set_step_axis, thin

# plotext colour names, one per curve in turn (cycled for more curves)
COLOURS = ("cyan", "orange", "green", "magenta", "blue", "red", "yellow", "white")
MAX_LABEL = 24  # a long run name would push the legend over the curves


class CurvesChart(PlotextPlot):
    """Validation loss (nats/char) against the step, one labelled curve per run."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.curves: list[tuple[str, list[tuple[int, float]]]] = []
        self.note = "mark runs with Space to compare their validation curves"

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()

    def set_curves(self, curves: list[tuple[str, list[tuple[int, float]]]], note: str = "") -> None:
        """Show these (label, points) curves; `note` is the title when there are none."""
        self.curves = [(label, points) for label, points in curves if points]
        self.note = note or self.note
        self._draw()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.xlabel("step")
        if not self.curves:
            plt.title(self.note)
            # Empty axes over a plausible loss range, not plotext's default −1…1 (a
            # negative loss axis reads as a bug).
            plt.xlim(0, 100)
            plt.ylim(0.0, 5.0)
            plt.plot([0], [5.0], marker=" ")
        else:
            plt.xlim(None, None)  # back to fitting the curves
            plt.ylim(None, None)
            plt.title("validation loss (nats/char)")
            for i, (label, points) in enumerate(self.curves):
                xs, ys = zip(*thin(points))
                name = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
                plt.plot(list(xs), list(ys), label=name, marker="braille", color=COLOURS[i % len(COLOURS)])
        set_step_axis(plt, [x for _, points in self.curves for x, _ in points], self.size.width)
        self.refresh()
