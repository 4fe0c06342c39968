"""The Train pane after a choice under resume or from: it shows one run at a time (its
curve, its own n-gram line, its marks, where it started), keeps the user's start through
a re-listing, and is idle again after a Start the worker refused. Real app, tiny fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from textual.widgets import Button, Input, Select, Sparkline, Static

from lstm_tui.core.checkpoint import build_model, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.events import Evaluated, Progress, Rescheduled, Sampled
from lstm_tui.core.runfiles import RunProgress, list_runs
from lstm_tui.paths import user_models_dir
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.messages import TrainingEvent
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.saved_runs import run_history
from lstm_tui.ui.widgets.loss_chart import LossChart
from lstm_tui.ui.widgets.run_view import IDLE, NO_RUN_FOLDER
from lstm_tui.ui.widgets.start_from import NEW_RUN
from lstm_tui.ui.widgets.train_form import TrainForm
from tests.conftest import TINY_JA
from tests.ui.helpers import TINY_MODEL, open_tiny_train, settle, wait_for
from tests.ui.test_train_start_from import _tiny_base

SIZE = (120, 36)

# A saved run's metrics.jsonl: a curve, an lr set by hand, a warm restart and the n-gram
# of its own corpus (not the selected one's).
HISTORY = [
    {"event": "baseline", "step": 0, "order": 5, "label": "5-gram", "val_loss": 2.5, "test_loss": 2.6},
    {"event": "progress", "step": 1, "train_loss": 4.0},
    {"event": "lr", "step": 2, "lr": 0.002, "previous_lr": 0.004},
    {"event": "progress", "step": 3, "train_loss": 3.5},
    {"event": "evaluated", "step": 3, "val_loss": 3.6, "train_loss": 3.5, "elapsed_s": 1.0},
    {"event": "schedule", "step": 3, "kind": "warm_restart", "start_lr": 0.002, "peak_lr": 0.004, "ramp_steps": 1},
    {"event": "progress", "step": 5, "train_loss": 3.2},
    {"event": "finished", "step": 6, "train_loss": 3.1, "val_loss": 3.3, "out": "x", "reason": "steps"},
]


def _run(folder: Path, metrics: list[dict[str, Any]], text: str = TINY_JA) -> Path:
    """A tiny saved run of tiny-ja with this metrics.jsonl."""
    torch.manual_seed(0)
    vocab = Vocab.from_text(text)
    config = TrainConfig(embed=8, hidden=16).validate()
    save_run(folder, build_model(config, len(vocab)), vocab, config, {"name": "tiny-ja"}, RunProgress(step=6))
    (folder / "metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in metrics), encoding="utf-8")
    return folder


def _text(app: LstmTuiApp, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def _corpus_lines(pilot, app: LstmTuiApp) -> tuple[Any, Any]:
    """The Train pane once the selected corpus's n-gram and base-ja zero-shot lines are drawn."""
    await settle(pilot)
    await pilot.press("2")
    chart = app.query_one(LossChart)
    await wait_for(pilot, lambda: chart.baseline is not None and chart.zero_shot is not None, what="corpus lines")
    return chart.baseline, chart.zero_shot


async def test_a_scratch_run_keeps_scratch_and_the_next_start_works(bundle: Path) -> None:
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _corpus_lines(pilot, app)
        pane = app.query_one(TrainPane)
        starts, hidden = app.query_one("#start-from", Select), app.query_one("#f-hidden", Input)
        assert starts.value == "base-ja"
        starts.value = "scratch"
        await wait_for(pilot, lambda: not hidden.disabled and hidden.value == "256", what="scratch's preset")
        for name, value in {**TINY_MODEL, "steps": "3"}.items():
            app.query_one(f"#f-{name}", Input).value = value
        await pilot.pause()
        runs: list[Path] = []
        for _ in range(2):  # the second Start used to be refused: "from" had gone back to base-ja
            await pilot.press("f5")
            # a notice either way: "saved step 3" or why it could not start
            await wait_for(pilot, lambda: len(app.notices) > len(runs), timeout=60, what="the run to end")  # noqa: B023
            await settle(pilot)
            assert pane.out is not None and (pane.out / "run.json").is_file(), app.notices
            assert [sev for sev, _ in app.notices] == ["information"] * (len(runs) + 1), app.notices
            runs.append(pane.out)
            assert starts.value == "scratch" and not hidden.disabled and hidden.value == "32"
        assert runs[0] != runs[1]


async def test_a_start_the_worker_refuses_leaves_the_pane_idle(bundle: Path, tmp_path: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app)
        pane.corpus_path = tmp_path / "gone.txt"  # deleted after it was chosen
        await pilot.press("f5")
        await wait_for(pilot, lambda: any(sev == "error" for sev, _ in app.notices), what="the refusal")
        await wait_for(pilot, lambda: not pane.is_training, what="the worker to end")
        await pilot.pause()
        assert _text(app, "#train-stats") == IDLE  # not "starting … step 0"
        assert _text(app, "#train-run") == NO_RUN_FOLDER  # no folder was made to name
        assert pane.out is None and list_runs(user_models_dir()) == []
        assert not app.query_one("#start", Button).disabled


async def test_a_form_that_does_not_fit_the_parent_is_refused_in_the_apps_words(bundle: Path) -> None:
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _corpus_lines(pilot, app)
        pane = app.query_one(TrainPane)
        assert app.query_one("#start-from", Select).value == "base-ja"
        app.query_one(TrainForm).lock_architecture(False)
        app.query_one("#f-hidden", Input).value = "32"  # the base has 20
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        errors = [m for sev, m in app.notices if sev == "error"]
        assert errors and 'choose "scratch" under from' in errors[-1] and "--" not in errors[-1], errors
        assert not pane.is_training and pane.out is None


async def test_back_to_new_run_redraws_the_corpus_lines(bundle: Path) -> None:
    _tiny_base(bundle / "models")
    run = _run(user_models_dir() / "no-baseline", [m for m in HISTORY if m["event"] != "baseline"])
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        ngram, zero_shot = await _corpus_lines(pilot, app)
        chart, resume = app.query_one(LossChart), app.query_one("#resume", Select)
        resume.value = str(run)
        await wait_for(pilot, lambda: chart.val == [(3, 3.6), (6, 3.3)], what="the run's history")
        assert chart.baseline is None and chart.zero_shot is None  # no other corpus's lines beside it
        resume.value = NEW_RUN
        await wait_for(pilot, lambda: chart.baseline == ngram, what="the corpus's n-gram again")
        assert chart.zero_shot == zero_shot and not chart.train and not chart.val


async def test_a_resumed_run_shows_its_own_ngram_and_marks(bundle: Path) -> None:
    _tiny_base(bundle / "models")
    run = _run(user_models_dir() / "with-baseline", HISTORY)
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _corpus_lines(pilot, app)
        chart = app.query_one(LossChart)
        app.query_one("#resume", Select).value = str(run)
        await wait_for(pilot, lambda: chart.train == [(1, 4.0), (3, 3.5), (5, 3.2)], what="the run's history")
        assert chart.baseline == ("5-gram", 2.5) and chart.zero_shot is None
        assert chart.marks == [(2, "lr 0.002"), (3, "warm restart")]


def test_run_history_falls_back_on_the_finished_ngram_figures(tmp_path: Path) -> None:
    finished = {**HISTORY[-1], "ngram_order": 6, "ngram_val_loss": 2.75}
    lines = [m for m in HISTORY if m["event"] != "baseline"][:-1] + [finished]
    tmp_path.joinpath("metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in lines), encoding="utf-8")
    history = run_history(tmp_path)
    assert history.baseline == ("6-gram", 2.75) and history.restarts == [3] and history.lr_changes == [(2, 0.002)]
    tmp_path.joinpath("metrics.jsonl").write_text("", encoding="utf-8")
    assert run_history(tmp_path).baseline is None


async def test_choosing_a_run_to_resume_clears_the_last_runs_figures(bundle: Path) -> None:
    run = _run(user_models_dir() / "to-resume", HISTORY)
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app)
        for step in range(1, 6):  # what a run leaves on screen, as the worker posts it
            pane.post_message(TrainingEvent(Progress(step, 0, 3.0 - step / 10, 0.004, 9000.0, step, 0.1, 60.0)))
        pane.post_message(TrainingEvent(Evaluated(5, 2.9, 2.5, 5.0)))
        pane.post_message(TrainingEvent(Sampled(5, "", "an old preview")))
        await wait_for(pilot, lambda: "(step 5)" in _text(app, "#train-preview"), what="the old run's figures")
        assert "step 5" in _text(app, "#train-stats") and app.query_one("#spark-val", Sparkline).data
        app.query_one("#resume", Select).value = str(run)
        await wait_for(pilot, lambda: app.query_one(LossChart).val == [(3, 3.6), (6, 3.3)], what="the run's history")
        assert _text(app, "#train-stats") == "idle: press Start (F5) to resume to-resume"
        assert not app.query_one("#spark-train", Sparkline).data and not app.query_one("#spark-val", Sparkline).data
        assert _text(app, "#train-preview") == "preview: —"


async def test_a_warm_restart_is_marked_live(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tiny_train(pilot, app)
        pane.post_message(TrainingEvent(Rescheduled(7, "extend", 0.001, 0.001, 0, None, 60.0)))
        pane.post_message(TrainingEvent(Rescheduled(9, "warm_restart", 0.001, 0.002, 10, 100, None)))
        chart = app.query_one(LossChart)
        await wait_for(pilot, lambda: bool(chart.marks), what="the mark")
        assert chart.marks == [(9, "warm restart")]
