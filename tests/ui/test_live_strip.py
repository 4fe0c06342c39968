"""The live strip's second line follows training events; a finished run's line keeps
its figures and drops the ETA it no longer has."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.app import App, ComposeResult

import lstm_tui.ui.app as app_module
from lstm_tui.core.events import BaselineReady, Evaluated, Failed, Finished, Progress
from lstm_tui.ui.widgets.live_strip import LiveStrip, kept_summary


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
        assert "best val 2.900" in strip.detail
        assert "ETA" not in strip.detail


async def test_a_finished_run_shows_what_it_keeps_not_its_last_validation() -> None:
    # A 舞姫 run ended showing "val 4.764 test 3.711 (-0.60 vs 4-gram)": its last
    # validation (worse than the base's zero-shot) and the mixture's test loss, unlabelled,
    # where it kept its step-20 weights (best validation 3.814).
    app = _StripApp()
    async with app.run_test(size=(120, 4)) as pilot:
        strip = app.query_one(LiveStrip)
        strip.show_training(Progress(138, 0, 1.1, 0.002, 5000.0, 60.0, 1.0, 0.0))
        end = Finished(
            138, 1.182, 4.764, 5000.0, 60.0, "/tmp/run", "time", test_loss=3.711, best_val_loss=3.814,
            best_step=20, lstm_test_loss=3.935, ngram_order=4, ngram_test_loss=4.309, hybrid_lambda=0.6,
        )  # fmt: skip
        strip.show_training(end)
        await pilot.pause()
        assert strip.detail == "best val 3.814 (step 20)  test 3.935 (-0.37 vs 4-gram)  with n-gram 3.711"
        assert kept_summary(dataclasses.replace(end, hybrid_lambda=None, test_loss=3.935)) == (
            "best val 3.814 (step 20)  test 3.935 (-0.37 vs 4-gram)"
        )
        assert kept_summary(end, 50) == "best val 3.814  test 3.935 (-0.37 vs 4-gram)"
        assert kept_summary(end, 30) == "test 3.935 (-0.37 vs 4-gram)"


class _StyledStripApp(_StripApp):
    """The strip with the app's own CSS: its text gets what the sparkline leaves."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def compose(self) -> ComposeResult:
        yield LiveStrip(id="strip")


async def test_at_80_columns_the_strip_keeps_the_margin_and_the_eta() -> None:
    # At 80x24 the line was cut after the margin: no c/s or ETA, and after a run
    # "val 2.545 test 2.468 (-0.42" with the rest of the margin gone (seen by a tester).
    app = _StyledStripApp()
    async with app.run_test(size=(80, 4)) as pilot:
        strip = app.query_one(LiveStrip)
        width = strip.query_one("#strip-text").content_size.width
        strip.show_training(BaselineReady(0, 7, "7-gram", 2.913, 2.892))
        strip.show_training(Progress(152, 0, 2.537, 0.002, 8880.0, 47.0, 0.8, 13.0))
        strip.show_training(Evaluated(152, 2.545, 2.537, 47.0))
        assert len(strip.detail) <= width and "(-0.37 vs 7-gram)" in strip.detail and "ETA 0:13" in strip.detail
        end = Finished(
            152, 2.537, 2.545, 8880.0, 60.0, "/tmp/run", "time", test_loss=2.468, best_val_loss=2.545,
            best_step=152, lstm_test_loss=2.47, ngram_order=7, ngram_test_loss=2.892, hybrid_lambda=0.9,
        )  # fmt: skip
        strip.show_training(end)
        await pilot.pause()
        assert len(strip.detail) <= width and strip.detail.endswith("test 2.470 (-0.42 vs 7-gram)"), strip.detail


async def test_a_failed_run_says_why_instead_of_an_eta() -> None:
    # After the loss exploded the strip read "○ failed" with "ETA 0:49" still beside it.
    app = _StripApp()
    async with app.run_test(size=(120, 4)) as pilot:
        strip = app.query_one(LiveStrip)
        strip.show_training(Progress(23, 0, 9.1, 1e6, 5000.0, 11.0, 0.2, 49.0))
        strip.show_training(Failed(23, "the loss exploded to 1e+09 at step 24; training stopped", "/tmp/run"))
        await pilot.pause()
        assert "ETA" not in strip.detail and strip.detail.startswith("the loss exploded")
