"""LossChart.load: a resumed run's history goes before the points the live run added."""

from __future__ import annotations

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
