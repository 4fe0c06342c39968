"""The Train pane's live view (widgets/run_view.py) on its own: what each method draws."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, ProgressBar, Sparkline, Static

from lstm_tui.core.events import Checkpointed, Evaluated, Failed, Finished, Progress, Sampled
from lstm_tui.ui.widgets.live_strip import fit_figures
from lstm_tui.ui.widgets.loss_chart import LossChart
from lstm_tui.ui.widgets.run_view import IDLE, NO_RUN_FOLDER, RunView


class ViewApp(App):
    def compose(self) -> ComposeResult:
        yield RunView(id="train-right")


def _text(app: App, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


def _progress(step: int, loss: float = 2.5) -> Progress:
    return Progress(step, 0, loss, 0.004, 9000.0, float(step), step / 20, 60.0)


async def test_events_fill_the_view_and_clear_empties_it() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        assert _text(app, "#train-stats") == IDLE
        for event in (_progress(1), Evaluated(1, 2.9, 2.5, 1.0), _progress(2, 2.4), Sampled(2, "吾輩", "は猫")):
            view.show_event(event)
        view.show_event(Checkpointed(2, "/runs/x"))
        await pilot.pause()
        assert view.step == 2 and view.train_losses == [2.5, 2.4] and view.val_losses == [2.9]
        assert _text(app, "#train-stats").startswith("step 2  epoch 0  loss 2.400  val 2.900\n")
        assert app.query_one("#spark-train", Sparkline).data == [2.5, 2.4]
        assert app.query_one(ProgressBar).progress == 10
        assert "吾輩は猫" in _text(app, "#train-preview")
        assert _text(app, "#train-run") == "run folder: /runs/x (saved step 2)"
        assert app.query_one(LossChart).val == [(1, 2.9)]

        view.clear()
        await pilot.pause()
        assert view.step == 0 and not view.train_losses and not view.val_losses
        assert not app.query_one("#spark-val", Sparkline).data
        assert _text(app, "#train-preview") == "preview: —"


async def test_a_validation_redraws_the_figures_but_not_a_state() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        view.show_event(Evaluated(0, 3.1, 3.2, 0.0))  # before any step: nothing to redraw
        assert _text(app, "#train-stats") == IDLE
        view.show_event(_progress(5))
        view.show_event(Evaluated(5, 2.236, 2.5, 5.0))
        assert "val 2.236" in _text(app, "#train-stats")
        view.show_event(Finished(5, 2.5, 2.231, 9000.0, 5.0, "", "steps"))
        assert "val 2.231" in _text(app, "#train-stats")
        view.show_event(_progress(6), paused=True)
        assert _text(app, "#train-stats").endswith("(paused)")
        view.show_state("saving")
        view.show_event(Evaluated(6, 2.2, 2.5, 6.0))
        await pilot.pause()
        assert _text(app, "#train-stats") == "saving … step 6"
        view.show_event(Finished(6, 2.5, 2.2, 9000.0, 6.0, "", "stopped"))  # saved: the final figures
        await pilot.pause()
        assert "step 6" in _text(app, "#train-stats") and "val 2.200" in _text(app, "#train-stats")
        assert "finished (stopped)" in _text(app, "#train-stats") and "ETA" not in _text(app, "#train-stats")


async def test_a_run_that_never_started_gives_the_run_line_back() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        view.show_run_folder("run folder: /runs/old (finishes its budget)")
        view.begin(Path("/runs/old"), from_base=False)
        assert _text(app, "#train-run") == "run folder: /runs/old"
        view.show_not_started(Path("/runs/old"))  # a resume: its folder and its history stay
        assert _text(app, "#train-run") == "run folder: /runs/old (finishes its budget)"
        assert _text(app, "#train-stats") == "idle: press Start (F5) to resume old"
        view.show_not_started(None)  # a new run: no folder was made
        await pilot.pause()
        assert _text(app, "#train-run") == NO_RUN_FOLDER and _text(app, "#train-stats") == IDLE


async def test_corpus_lines_are_kept_and_drawn_only_when_asked() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view, chart = app.query_one(RunView), app.query_one(LossChart)
        view.set_corpus_baseline("7-gram", 3.2, draw=False)  # a saved run's curve is shown
        view.set_corpus_zero_shot("base-ja zero-shot", 3.5, draw=False)
        assert chart.baseline is None and chart.zero_shot is None
        view.show_corpus_lines()
        assert chart.baseline == ("7-gram", 3.2) and chart.zero_shot == ("base-ja zero-shot", 3.5)
        view.begin(Path("/runs/new"), from_base=True)  # fine-tuning starts at the zero-shot line
        assert chart.baseline is None and chart.zero_shot == ("base-ja zero-shot", 3.5)
        view.forget_corpus_lines(draw=True)
        view.show_corpus_lines()
        await pilot.pause()
        assert chart.baseline is None and chart.zero_shot is None


async def test_the_lr_row_is_live_only_while_a_trainer_runs() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        box = app.query_one("#live-lr", Input)
        assert box.disabled
        view.set_live(True)
        box.value = " 0.002 "
        await pilot.pause()
        assert not box.disabled and view.lr_text == "0.002"


def test_fit_figures_leaves_out_the_named_ones_in_order_until_the_rest_fit() -> None:
    figures = ["step 144", "epoch 0", "loss 2.517", "val 2.550"]
    assert fit_figures(figures, 60, drop_first=(1,)) == "step 144  epoch 0  loss 2.517  val 2.550"
    assert fit_figures(figures, 35, drop_first=(1,)) == "step 144  loss 2.517  val 2.550"
    assert fit_figures(figures, 0, drop_first=(1,)) == "step 144  epoch 0  loss 2.517  val 2.550"
    rest = ["7,717 chars/s", "elapsed 0:47", "ETA 0:13", "lr 0.00056"]
    assert fit_figures(rest, 35, drop_first=(1, 0)) == "7,717 chars/s  ETA 0:13  lr 0.00056"
    assert fit_figures(rest, 25, drop_first=(1, 0)) == "ETA 0:13  lr 0.00056"


async def test_on_a_narrow_view_both_lines_of_figures_show() -> None:
    # On the Train pane at 80x24 (a 35-column view) the first line wrapped into the
    # second row of the two-row box and pushed chars/s, ETA and lr out of sight.
    app = ViewApp()
    async with app.run_test(size=(37, 30)) as pilot:
        view = app.query_one(RunView)
        view.show_event(_progress(144, 2.517))
        view.show_event(Evaluated(144, 2.55, 2.5, 47.0))
        await pilot.pause()
        lines = _text(app, "#train-stats").splitlines()
        assert len(lines) == 2 and all(len(line) <= 35 for line in lines), lines
        assert "val 2.550" in lines[0] and "ETA" in lines[1] and "lr 0.004" in lines[1], lines


async def test_a_finished_run_shows_its_kept_best_validation() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        view.show_event(_progress(138, 1.1))
        view.show_event(Evaluated(138, 4.764, 1.1, 60.0))
        view.show_event(Finished(138, 1.1, 4.764, 9000.0, 60.0, "/r", "time", best_val_loss=3.814, best_step=20))
        await pilot.pause()
        first = _text(app, "#train-stats").splitlines()[0]
        assert "best val 3.814 (step 20)" in first and "4.764" not in first, first


async def test_a_failed_run_says_so_in_the_figures() -> None:
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(RunView)
        view.show_event(_progress(23))
        view.show_event(Failed(23, "the loss exploded at step 24; training stopped", "/r"))
        await pilot.pause()
        stats = _text(app, "#train-stats")
        assert stats.startswith("failed at step 23: the loss exploded") and "ETA" not in stats
