"""LossChart.load: a resumed run's history goes before the points the live run added;
the reference lines' labels stay readable when the lines are close."""

from __future__ import annotations

from textual.app import App, ComposeResult

from lstm_tui.ui.widgets.loss_chart import LossChart, reference_labels, step_ticks


def test_load_puts_history_before_live_points_without_duplicates() -> None:
    chart = LossChart()
    chart.add_train(9, 2.5)  # the resumed run has already stepped past its history
    chart.add_train(12, 2.4)
    chart.add_val(12, 2.6)
    chart.load([(1, 4.0), (5, 3.0), (10, 2.5)], [(10, 2.7)])
    assert chart.train == [(1, 4.0), (5, 3.0), (10, 2.5), (12, 2.4)]  # step 9 was in the history's span
    assert chart.val == [(10, 2.7), (12, 2.6)]


def test_load_into_an_empty_chart_shows_the_history() -> None:
    chart = LossChart()
    chart.load([(1, 4.0)], [])
    assert chart.train == [(1, 4.0)] and chart.val == []


class _ChartApp(App[None]):
    def __init__(self, width: str = "1fr") -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        chart = LossChart()
        chart.styles.width = self.width
        yield chart


async def test_close_reference_lines_keep_both_labels_whole() -> None:
    # ja-kenji's n-gram and base-ja's zero-shot levels fall on one text row: both labels
    # were drawn at the left end, the second over the first.
    app = _ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one(LossChart)
        chart.set_baseline("6-gram", 3.551)
        chart.set_zero_shot("base-ja zero-shot", 3.540)
        await pilot.pause(0.2)
        screen = "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())
        assert "6-gram val 3.551" in screen
        assert "base-ja zero-shot val 3.540" in screen


def test_reference_labels_shorten_only_when_two_would_not_fit() -> None:
    lines = [("7-gram", 2.9131), ("base-ja zero-shot", 2.8442)]
    assert reference_labels(lines, 60) == ["7-gram val 2.913", "base-ja zero-shot val 2.844"]
    assert reference_labels(lines, 30) == ["7-gram 2.913", "base-ja 2.844"]
    assert reference_labels(lines[:1], 20) == ["7-gram val 2.913"]


async def test_on_a_narrow_chart_close_lines_keep_both_labels_readable() -> None:
    # On the Train pane at 80x24 the chart is about 36 columns: the zero-shot label
    # overwrote the n-gram's, leaving "├7base-ja zero-shot val 2.844┤".
    app = _ChartApp(width="36")
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one(LossChart)
        chart.set_baseline("7-gram", 2.913)
        chart.set_zero_shot("base-ja zero-shot", 2.844)
        await pilot.pause(0.2)
        screen = "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())
        assert "7-gram 2.913" in screen and "base-ja 2.844" in screen, screen


class _PreloadedChartApp(App[None]):
    """A chart given its n-gram line before it is mounted, as the Train pane's is."""

    def compose(self) -> ComposeResult:
        chart = LossChart()
        chart.set_baseline("14-gram", 0.0)
        yield chart


async def test_a_label_added_before_the_first_render_has_the_chart_background() -> None:
    # The static Train pane's n-gram label sat on a light box (#f6f6ef) on the dark chart:
    # plotext took its background from the theme in force when it was added.
    app = _PreloadedChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause(0.2)
        row = next(
            strip for strip in app.screen._compositor.render_strips() if "gram" in "".join(s.text for s in strip)
        )
        backgrounds = {seg.style.bgcolor for seg in row if seg.style is not None and seg.style.bgcolor is not None}
        assert len(backgrounds) == 1, backgrounds  # the label's, the line's and the frame's: one


def test_step_ticks_are_round_whole_steps_inside_the_range() -> None:
    assert step_ticks(0, 100, 4) == [0, 25, 50, 75, 100]
    assert step_ticks(1, 143) == [25, 50, 75, 100, 125]
    assert step_ticks(10101, 18300, 2) == [12500, 15000, 17500]
    assert step_ticks(1, 3) == [1, 2, 3] and step_ticks(5, 5) == [5]


async def test_the_step_axis_has_whole_numbers() -> None:
    # A tester's chart read "0.0  3.8  7.5  11.2  15.0" and "16.8 33.5 50.2".
    app = _ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one(LossChart)
        for step in range(1, 16):
            chart.add_train(step, 3.0 - step / 10)
        chart.add_val(15, 2.0)
        await pilot.pause(0.7)  # a flush
        lines = ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]
        axis = next(line for line in reversed(lines) if any(ch.isdigit() for ch in line) and "┤" not in line)
        assert "." not in axis and "14" in axis, axis
