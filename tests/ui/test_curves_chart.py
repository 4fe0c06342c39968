"""The Runs pane's curves chart: empty axes over a loss range, then fitted to the curves."""

from __future__ import annotations

from textual.app import App, ComposeResult

from lstm_tui.ui.widgets.curves_chart import CurvesChart


class _ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CurvesChart()


def _screen(app: App[None]) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def test_no_curves_show_a_loss_range_and_marked_curves_fit_it() -> None:
    app = _ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause(0.2)
        empty = _screen(app)
        assert "mark runs with Space" in empty
        assert "-1.00" not in empty and "-0.67" not in empty  # plotext's default axes, a negative loss
        app.query_one(CurvesChart).set_curves([("alpha", [(10, 3.0), (20, 2.5), (30, 2.2)])])
        await pilot.pause(0.2)
        fitted = _screen(app)
        assert "alpha" in fitted and "validation loss" in fitted
        assert "5.00" not in fitted  # the empty chart's range no longer holds


async def test_the_step_axis_has_whole_numbers() -> None:
    app = _ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        app.query_one(CurvesChart).set_curves([("a", [(1, 3.0), (50, 2.5), (143, 2.2)])])
        await pilot.pause(0.2)
        lines = _screen(app).splitlines()
        axis = lines[lines.index(next(line for line in lines if "└" in line)) + 1]
        assert axis.split() == ["25", "50", "75", "100", "125"], axis  # not 1.0 36.5 72.0 …
