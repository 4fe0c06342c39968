"""LossChart.load: a resumed run's history goes before the points the live run added;
the reference lines' labels stay readable when the lines are close."""

from __future__ import annotations

from textual.app import App, ComposeResult

from lstm_tui.ui.widgets.loss_chart import LossChart


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
    def compose(self) -> ComposeResult:
        yield LossChart()


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
