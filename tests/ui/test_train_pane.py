"""Pilot tests of the Train pane with the real app, a tiny corpus and real torch."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Sparkline, Static

from lstm_tui.catalog import find_corpus
from lstm_tui.core.checkpoint import MODEL_FILE, load_run
from lstm_tui.core.events import Failed
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.messages import CorpusSelected, TrainingEvent
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.widgets.live_strip import LiveStrip
from lstm_tui.ui.widgets.loss_chart import LossChart
from lstm_tui.ui.widgets.run_view import RunView
from tests.ui.helpers import open_tiny_train, settle, wait_for

SIZE = (120, 36)


async def _start(pilot, app: LstmTuiApp) -> TrainPane:
    pane = await open_tiny_train(pilot, app)
    assert not app.query_one("#start", Button).disabled, pane.query_one("#train-errors", Static).render()
    await pilot.press("f5")
    await wait_for(pilot, lambda: pane.trainer is not None, what="the trainer")
    return pane


async def _stop(pilot, pane: TrainPane) -> Path:
    out = pane.out
    await pilot.press("f7")
    await wait_for(pilot, lambda: not pane.is_training, what="training to end")
    assert out is not None
    return out


async def test_training_moves_sparkline_then_stop_saves(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        view = pane.query_one(RunView)
        await wait_for(pilot, lambda: len(view.train_losses) >= 3 and pane.step > 0, what="3 sparkline points")
        first = pane.step
        await wait_for(pilot, lambda: pane.step > first, what="the step counter to advance")
        assert len(app.query_one("#spark-train", Sparkline).data or []) >= 3
        assert len(app.query_one(LiveStrip).losses) >= 3  # the strip seen on every pane
        assert f"step {pane.step:,}" in str(app.query_one("#train-stats", Static).render())

        out = await _stop(pilot, pane)
        assert (out / MODEL_FILE).is_file()
        assert load_run(out).progress.step >= first
        assert any("saved step" in m for _, m in app.notices)
        assert not app.query_one("#start", Button).disabled  # ready for another run
        assert str(out) in {str(v) for _, v in app.query_one("#resume")._options}  # offered for resume


async def test_strip_shows_the_validation_that_ends_the_run(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        await wait_for(pilot, lambda: pane.step > 2, what="a few steps")
        out = await _stop(pilot, pane)
        kept = load_run(out).progress.best_val_loss
        assert kept is not None
        # after Stop no step follows, so the end's figures must show by themselves: the
        # kept (best) weights' validation, not the last evaluation's
        await wait_for(pilot, lambda: f"best val {kept:.3f}" in app.query_one(LiveStrip).detail, what="kept val")


async def test_another_corpus_clears_the_finished_runs_figures(bundle: Path) -> None:
    # A tester picked Tiny Shakespeare after a ja-soseki run: the strip and the pane
    # still showed ja-soseki's losses, preview and folder above the new corpus's chart.
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        await wait_for(pilot, lambda: pane.step > 2, what="a few steps")
        await _stop(pilot, pane)
        strip = app.query_one(LiveStrip)
        await wait_for(pilot, lambda: "best val" in strip.detail, what="the finished figures")
        other = next(c for c in ("tiny-ja", "tiny-en") if c != pane.corpus_name)
        info = find_corpus(other)
        assert info is not None
        app.post_message(CorpusSelected(other, info.path))
        await wait_for(pilot, lambda: pane.corpus_name == other, what="the other corpus")
        assert strip.detail == "" and not strip.losses
        assert pane.out is None and pane.step == 0
        assert str(app.query_one("#train-preview", Static).render()) == "preview: —"
        assert str(app.query_one("#train-run", Static).render()).startswith("run folder: —")


async def test_pause_and_resume(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        await wait_for(pilot, lambda: pane.step >= 1, what="a step")
        await pilot.press("f6")
        assert pane.trainer.paused
        assert str(app.query_one("#pause", Button).label) == "Resume"
        assert app.query_one(LiveStrip).state == "paused"
        held = pane.trainer.progress.step
        # Fixed pauses on purpose: what is tested is that nothing happens (no step) for a
        # while, which no state can signal. The first lets the step in flight land.
        await pilot.pause(0.3)
        assert pane.trainer.progress.step <= held + 1  # at most the step in flight
        held = pane.trainer.progress.step
        await pilot.pause(0.2)
        assert pane.trainer.progress.step == held
        # the footer's F6 reads Resume while paused (it read Pause)
        shown = {b.binding.description for b in app.active_bindings.values() if b.binding.key == "f6" and b.enabled}
        assert shown == {"Resume"}, shown
        await pilot.click("#pause")
        assert not pane.trainer.paused
        await wait_for(pilot, lambda: pane.step > held, what="steps after resuming")
        shown = {b.binding.description for b in app.active_bindings.values() if b.binding.key == "f6" and b.enabled}
        assert shown == {"Pause"}, shown
        await pilot.press("f6", "f6")  # by key: pause, then resume
        await pilot.pause()
        assert not pane.trainer.paused
        for paused in (True, False):  # the palette's entry both ways
            await app.run_action("toggle_pause")
            assert pane.trainer.paused is paused
        await _stop(pilot, pane)


BAD_VALUES = [
    ("hidden", "abc"),
    ("hidden", "-1"),
    ("hidden", "99999999999"),
    ("lr", "nan"),
    ("lr", "inf"),
    ("lr", "-0.1"),
    ("dropout", "2"),
    ("seq_len", "1.5"),
    ("batch_size", ""),
]
GOOD = {"hidden": "32", "lr": "0.01", "dropout": "0", "seq_len": "16", "batch_size": "8"}


async def test_invalid_hyperparameter_disables_start(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        start = app.query_one("#start", Button)
        assert not start.disabled
        for field, bad in BAD_VALUES:
            box = app.query_one(f"#f-{field}", Input)
            box.value = bad
            await pilot.pause()
            assert start.disabled, (field, bad)
            assert box.has_class("-invalid"), (field, bad)
            assert str(app.query_one("#train-errors", Static).render()).strip(), "the reason is shown"
            await pilot.press("f5")  # the key cannot start it either
            assert not app.query_one(TrainPane).is_training
            box.value = GOOD[field]
            await pilot.pause()
            assert not start.disabled and not box.has_class("-invalid"), (field, bad)
        # typed by keys, the same
        await pilot.click("#f-lr")
        await pilot.press("end", *["backspace"] * 10, "n", "a", "n")
        assert app.query_one("#f-lr", Input).value == "nan"
        assert start.disabled
        assert "finite" in str(app.query_one("#train-errors", Static).render())


async def test_seed_preset_fills_inputs(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        app.query_one("#f-preset").value = "seed"
        await pilot.pause()
        assert app.query_one("#f-hidden", Input).value == "256"
        assert app.query_one("#f-lr", Input).value == "2"
        assert app.query_one("#f-embed", Input).disabled  # one-hot input
        assert app.query_one("#f-optimizer").value == "sgd"
        assert not app.query_one("#start", Button).disabled


async def test_failed_event_is_an_error_notification(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.query_one(TrainPane)
        pane.post_message(TrainingEvent(Failed(7, "the loss became nan at step 8", "")))
        await pilot.pause()
        assert ("error", "the loss became nan at step 8") in app.notices
        await pilot.press("1")  # still usable
        assert app.query_one("#tabs").active == "corpus"


async def test_lr_1e6_fails_with_a_notification_and_the_app_stays_usable(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app, lr="1e6")
        assert not app.query_one("#start", Button).disabled  # allowed: the trainer guards it
        await pilot.press("f5")
        await wait_for(
            pilot,
            lambda: not pane.is_training and pane.trainer is None and pane.out is not None,
            what="the diverged run to end",
        )
        errors = [m for sev, m in app.notices if sev == "error"]
        assert len(errors) == 1 and errors[0].startswith("the loss "), app.notices
        assert "training stopped (try a lower learning rate)" in errors[0]
        assert app.query_one(LiveStrip).state == "failed"
        load_run(pane.out)  # the last good weights were kept
        # still usable: keys work and another run can start
        await pilot.press("1")
        assert app.query_one("#tabs").active == "corpus"
        await pilot.press("2")
        assert not app.query_one("#start", Button).disabled


async def test_resume_continues_a_saved_run(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        await wait_for(pilot, lambda: pane.step >= 3, what="three steps")
        out = await _stop(pilot, pane)
        saved = load_run(out).progress.step
        chart = app.query_one(LossChart)
        chart.clear()
        app.query_one("#resume").value = str(out)
        await pilot.pause()
        assert app.query_one("#f-hidden", Input).disabled  # architecture fixed by the run
        # picking the run shows its curve from metrics.jsonl (the final validation at least)
        await wait_for(pilot, lambda: any(step == saved for step, _ in chart.val), what="the run's history")
        app.query_one("#f-steps", Input).value = "3"
        app.query_one("#f-time_limit", Input).value = ""
        await pilot.pause()
        await pilot.press("f5")
        await wait_for(
            pilot, lambda: not pane.is_training and pane.trainer is None and pane.step > 0, what="resumed run"
        )
        await wait_for(pilot, lambda: load_run(out).progress.step == saved + 3, what="3 more steps saved")
        # the chart continues the old curve instead of starting afresh
        await wait_for(pilot, lambda: any(step > saved for step, _ in chart.val), what="the resumed run's validation")
        assert any(step == saved for step, _ in chart.val)
        assert (saved, "warm restart") in chart.marks  # a new budget: a warm restart, marked where it began


async def test_resume_with_no_budget_typed_finishes_the_stopped_budget(bundle: Path) -> None:
    """As `train --resume DIR` alone: a run stopped inside its budget finishes it on the
    same curve (no warm restart); typing a budget would extend it instead."""
    budget = 3000  # ~7 s for the tiny model: room to stop it inside the budget on a busy machine
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app, steps=str(budget))
        await pilot.press("f5")
        await wait_for(pilot, lambda: pane.step >= 3, what="three steps")
        out = await _stop(pilot, pane)
        assert load_run(out).progress.step < budget
        app.query_one("#resume").value = str(out)
        await pilot.pause()
        assert app.query_one("#f-steps", Input).value == "" and app.query_one("#f-time_limit", Input).value == ""
        assert "finishes its budget" in str(app.query_one("#train-run", Static).render())
        await pilot.press("f5")
        await wait_for(pilot, lambda: load_run(out, weights="last").progress.step == budget and not pane.is_training,
                       timeout=60, what="the budget to finish")  # fmt: skip
        progress = load_run(out).progress
        assert progress.step == progress.budget_steps == budget and not progress.segments  # no restart


async def test_default_preset_is_fitted_to_the_selected_corpus(tmp_path: Path) -> None:
    """A small corpus gets the default preset's batch and dropout for small corpora, shown in the form."""
    from textual.app import App, ComposeResult

    from lstm_tui.ui.widgets.train_form import TrainForm

    form = TrainForm(["cpu"])

    class FormApp(App):
        def compose(self) -> ComposeResult:
            yield form

    app = FormApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.query_one("#f-dropout", Input).value == "0.1"
        assert app.query_one("#f-batch_size", Input).value == "32"
        form.fit_to_corpus(vocab=3000, chars=50_000)
        await pilot.pause()
        assert app.query_one("#f-dropout", Input).value == "0.5"
        assert app.query_one("#f-batch_size", Input).value == "64"
        assert app.query_one("#f-lr", Input).value == "0.015"
        assert form.config().dropout == 0.5


async def test_chart_and_strip_compare_with_the_ngram_baseline(bundle: Path) -> None:
    """The corpus's n-gram is fitted when the corpus is chosen, so the trainer sends it
    before its first step: the chart draws its level and the strip says the margin."""
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        chart = app.query_one(LossChart)
        await wait_for(pilot, lambda: chart.baseline is not None, what="the baseline on the chart")
        label, level = chart.baseline
        assert label.endswith("-gram") and level > 0
        await _stop(pilot, pane)
        strip = str(app.query_one("#strip-text", Static).render())
        assert f"vs {label}" in strip, strip


async def test_progress_updates_never_lay_out_the_screen(bundle: Path) -> None:
    # A layout of the whole screen takes ~20 ms with training on the other core: at one
    # per progress event it held keys back 40-60 ms (benchmarks/ui_latency.py).
    from lstm_tui.core.events import Progress

    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app)
        screen = app.screen
        layouts: list[int] = []
        refresh_layout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), refresh_layout(*a, **k))[1]
        for step in range(1, 21):
            pane.post_message(TrainingEvent(Progress(step, 0, 3.0 - step / 100, 0.004, 9000.0, step / 10, 0.1, 60.0)))
            await pilot.pause()
        await wait_for(pilot, lambda: pane.step == 20, what="the last progress")
        await settle(pilot)
        assert "step 20" in str(app.query_one("#train-stats", Static).render())
        assert layouts == []


async def test_stats_line_shows_the_validation_that_ends_the_run(bundle: Path) -> None:
    # A run's last validation has no step after it: the stats line kept the one before
    # ("val 2.242") while the live strip showed the final one ("val 2.236").
    from lstm_tui.core.events import Evaluated, Finished, Progress

    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.query_one(TrainPane)
        stats = app.query_one("#train-stats", Static)
        screen = app.screen
        layouts: list[int] = []
        refresh_layout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), refresh_layout(*a, **k))[1]
        for event in (
            Progress(10, 0, 2.5, 0.004, 9000.0, 1.0, 0.5, 60.0),
            Evaluated(10, 2.242, 2.5, 1.0),
            Progress(11, 0, 2.4, 0.004, 9000.0, 1.1, 1.0, 0.0),
            Evaluated(11, 2.236, 2.4, 1.1),  # the final validation
        ):
            pane.post_message(TrainingEvent(event))
        await wait_for(pilot, lambda: "val 2.236" in app.query_one(LiveStrip).detail, what="the strip's final val")
        await settle(pilot)
        assert "step 11" in str(stats.render()) and "val 2.236" in str(stats.render()), stats.render()
        pane.post_message(TrainingEvent(Finished(11, 2.4, 2.231, 9000.0, 1.2, "", "steps")))
        await wait_for(pilot, lambda: "val 2.231" in str(stats.render()), what="the finished run's val")
        await settle(pilot)
        assert layouts == []  # redrawn in its fixed two-line box, as a step is
        # a state line says what the run is doing: a validation waits for the next step
        pane.query_one(RunView).show_state("saving")
        pane.post_message(TrainingEvent(Evaluated(11, 2.229, 2.4, 1.3)))
        await settle(pilot)
        assert str(stats.render()) == "saving … step 11"


async def test_a_short_terminal_gives_the_sparklines_rows_to_the_chart(bundle: Path) -> None:
    # At 80×24 (a projector's big font) the loss chart had 3 rows to plot in.
    for size, sparks_shown in (((80, 24), False), (SIZE, True)):
        app = LstmTuiApp(load_demo=False)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            rows = app.query_one(RunView).query(".spark-row")
            assert all(row.display == sparks_shown for row in rows), size
            assert app.query_one(LossChart).size.height >= (10 if not sparks_shown else 6), size


async def test_stop_straight_after_start_ends_the_run_and_start_works_again(bundle: Path) -> None:
    # F5 then F7 at once left "saving … step 0" for good: the worker, cancelled before its
    # thread started, never ran, so nothing said the run ended, and F5 said "already running".
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app)
        pane.start()
        pane.stop()  # no await in between: the thread has not started
        await wait_for(pilot, lambda: not pane.is_training, timeout=30, what="the stopped start to end")
        await settle(pilot)
        assert "saving" not in str(app.query_one("#train-stats", Static).render())
        pane.start()
        await wait_for(pilot, lambda: pane.trainer is not None, timeout=30, what="a second start to train")
        pane.stop()
        await wait_for(pilot, lambda: not pane.is_training, timeout=30, what="the second run to stop")
