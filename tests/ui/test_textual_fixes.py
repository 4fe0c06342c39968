"""The Textual bugs benchmarks/monkey.py found, and the paused-trainer hang at exit: each
reproduced as the monkey met it (ui/textual_fixes.py, TrainPane.on_unmount); and the
screen update timer's extra frame that benchmarks/ui_latency.py found."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events

from lstm_tui.ui import textual_fixes
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.panes.train import TrainPane
from tests.ui.helpers import fill_tiny, wait_for

SIZE = (80, 24)


async def test_pagedown_in_the_palette_before_it_is_drawn_does_not_crash(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ("ctrl+p", "pagedown"):  # as fast as a person types them
            app.post_message(events.Key(key, None))
        await pilot.pause(0.3)
        assert app.is_running and app._exception is None


async def test_a_second_click_on_a_notification_being_dismissed_does_not_crash(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify("a notice")
        await pilot.pause()
        toast = app.screen.query("Toast").first()
        x, y = toast.region.x + 2, toast.region.y + 1

        def mouse(cls: type[events.MouseEvent]) -> events.MouseEvent:
            return cls(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)

        app.post_message(mouse(events.MouseDown))
        app.post_message(mouse(events.MouseUp))  # the click dismisses the toast
        for _ in range(100):
            await asyncio.sleep(0)
            if toast.parent is None:
                break
        app.post_message(mouse(events.MouseDown))  # lands before the screen is arranged again
        await pilot.pause()
        assert app._exception is None


async def test_a_paused_run_stops_when_the_pane_goes(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.corpus_path is not None, what="the corpus")
        await pilot.press("2")
        fill_tiny(app)
        await pilot.press("f5")
        await wait_for(pilot, lambda: pane.trainer is not None and pane.step > 0, what="a first step")
        pane.toggle_pause()
        trainer = pane.trainer
        assert trainer is not None and trainer.paused
        pane.on_unmount()  # what an app that ends without a quit does to it
        await wait_for(pilot, lambda: not pane.is_training, timeout=20, what="the paused run to finish")


async def test_a_notification_quoting_markup_is_shown_as_plain_text(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.query_one("TrainPane").notify("cannot import 'a[/]b[bold'", severity="error")  # as a pane quotes a path
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None and "a[/]b[bold" in str(app.screen.query("Toast").first().render())


def test_a_frame_is_drawn_at_once_when_one_has_passed() -> None:
    frame = 1 / 60
    assert textual_fixes.frame_delay(float("-inf"), 5.0, frame) == 0.0
    assert textual_fixes.frame_delay(1.0, 1.0 + frame, frame) == 0.0
    assert textual_fixes.frame_delay(1.0, 1.01, frame) == pytest.approx(frame - 0.01)


async def test_the_screen_draws_without_waiting_for_a_skipped_frame(bundle: Path) -> None:
    # Textual's own timer, woken 50 ms after its last tick, slept to a frame boundary
    # 17-33 ms after that tick first; the fixed one ticks at once, on a clock of our own.
    clock = [100.0]
    waits: list[float] = []

    class OnOurClock(textual_fixes.FrameTimer):
        _now = staticmethod(lambda: clock[0])

        @staticmethod
        async def _wait(seconds: float) -> None:
            waits.append(seconds)
            await asyncio.sleep(0)

    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ticks: list[float] = []
        timer = OnOurClock(app.screen, 1 / 60, callback=lambda: (ticks.append(clock[0]), timer.pause()), pause=True)
        timer._start()
        for now, resumed_after_a_frame in ((100.0, True), (100.05, True), (100.06, False)):
            clock[0] = now
            waits.clear()
            timer.resume()
            if not resumed_after_a_frame:
                await wait_for(pilot, lambda: bool(waits), what="the wait for the frame")
                clock[0] = 100.05 + 1 / 60
            await wait_for(pilot, lambda: ticks and ticks[-1] == clock[0], what="the tick")
            assert bool(waits) != resumed_after_a_frame, (now, waits)
        assert waits[0] == pytest.approx(0.05 + 1 / 60 - 0.06)  # the rest of the frame, no more
        clock[0] += 0.001  # a key just after that tick: hurried, it is drawn at once
        waits.clear()
        timer.hurry()
        timer.resume()
        await wait_for(pilot, lambda: ticks[-1] == clock[0], what="the hurried tick")
        assert waits == []
        timer.stop()
        assert isinstance(app.screen._update_timer, textual_fixes.FrameTimer)


async def test_a_key_hurries_the_screen_update(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timer = app.screen._update_timer
        assert isinstance(timer, textual_fixes.FrameTimer)
        timer._last = 1e12  # as if it had just ticked, far in the future
        await pilot.press("2")
        assert timer._last < 1e12  # hurried by the key, and the pane it asked for is drawn
        await wait_for(pilot, lambda: app.query_one("#tabs").active == "train", what="the Train pane")
