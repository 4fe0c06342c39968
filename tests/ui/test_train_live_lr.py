"""The Train pane's live learning rate and the live replay, with the real app and torch."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, Input

from lstm_tui.core.events import LrChanged, Sampled
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.messages import TrainingEvent
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.replay import ReplayScreen
from lstm_tui.ui.widgets.loss_chart import LossChart
from tests.ui.helpers import open_tiny_train, wait_for

SIZE = (120, 36)


async def _start(pilot, app: LstmTuiApp) -> TrainPane:
    pane = await open_tiny_train(pilot, app)
    assert app.query_one("#live-lr", Input).disabled  # nothing to change before a run
    await pilot.press("f5")
    await wait_for(pilot, lambda: pane.trainer is not None, what="the trainer")
    await wait_for(pilot, lambda: not app.query_one("#live-lr", Input).disabled, what="the lr box")
    return pane


async def test_live_lr_is_applied_marked_and_logged(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        pane = await _start(pilot, app)
        box = app.query_one("#live-lr", Input)
        box.value = "nan"
        await pilot.click("#set-lr")
        assert any(s == "error" and "learning rate" in m for s, m in app.notices)
        box.value = "0.0007"
        box.focus()
        await pilot.press("enter")
        chart = app.query_one(LossChart)
        await wait_for(pilot, lambda: any(label == "lr 0.0007" for _, label in chart.marks), what="the chart mark")
        await wait_for(pilot, lambda: "lr 0.0007" in str(app.query_one("#train-stats").render()), what="the stats")
        out = pane.out
        await pilot.press("f7")
        await wait_for(pilot, lambda: not pane.is_training, what="training to end")
        assert app.query_one("#set-lr", Button).disabled
    # the hook sees a message at every level it bubbles through: count the events once
    changes = {id(m.event): m.event for m in seen if isinstance(m, TrainingEvent) and isinstance(m.event, LrChanged)}
    assert [e.lr for e in changes.values()] == [0.0007]
    assert out is not None
    lines = [json.loads(x) for x in (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["lr"] for x in lines if x["event"] == "lr"] == [0.0007]


async def test_replay_of_the_live_run_follows_new_previews(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _start(pilot, app)
        await pilot.click("#train-replay")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), what="the replay")
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and screen.live
        before = len(screen.frames)
        # a preview from the worker, as the trainer would send it (tiny runs sample every 15 s)
        pane.post_message(TrainingEvent(Sampled(pane.step + 1000, "", "a new preview")))
        await wait_for(pilot, lambda: len(screen.frames) == before + 1, what="the new frame")
        assert screen.index == len(screen.frames) - 1
        assert "a new preview" in str(screen.query_one("#replay-text").render())
        await pilot.press("escape")
        await pilot.press("f7")
        await wait_for(pilot, lambda: not pane.is_training, what="training to end")
