"""The live strip's second line follows training events; a finished run's line keeps
its figures and drops the ETA it no longer has."""

from __future__ import annotations

from textual.app import App, ComposeResult

from lstm_tui.core.events import Finished, Progress
from lstm_tui.ui.widgets.live_strip import LiveStrip


class _StripApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LiveStrip()


async def test_a_finished_run_shows_its_figures_without_an_eta() -> None:
    app = _StripApp()
    async with app.run_test(size=(120, 4)) as pilot:
        strip = app.query_one(LiveStrip)
        strip.show_training(Progress(40, 0, 3.1, 0.002, 5000.0, 12.0, 0.5, 12.0))
        assert "ETA 0:12" in strip.detail
        strip.show_training(Finished(80, 3.0, 2.9, 5000.0, 24.0, "/tmp/run", "time"))
        await pilot.pause()
        assert "step 80" in strip.detail and "val 2.900" in strip.detail
        assert "ETA" not in strip.detail
