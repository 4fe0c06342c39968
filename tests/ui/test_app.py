"""Pilot tests of the whole app: warm start, keys, help, command palette, layout, quit."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input, TabbedContent

from lstm_tui.core.checkpoint import load_run
from lstm_tui.ui import app as app_module
from lstm_tui.ui.app import LstmTuiApp, find_demo_model
from lstm_tui.ui.help import HelpScreen
from lstm_tui.ui.panes.morphemes import MorphemesPane
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.widgets.live_strip import LiveStrip
from tests.ui.helpers import fill_tiny, palette_highlights, save_tiny_run, settle, wait_for


async def test_warm_start_opens_default_corpus(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.query_one(LiveStrip).corpus == "tiny-ja"
        assert app.query_one(TrainPane).corpus_name == "tiny-ja"
        assert app.query_one(TabbedContent).active == "corpus"  # no model yet: start at the corpora


async def test_pane_lookups_follow_the_main_screen_and_forget_removed_widgets(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        strip = app.query_one(LiveStrip)
        assert app._find(LiveStrip) is strip
        await pilot.press("f1")  # the help screen on top: the panes are still found
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        assert app._find(LiveStrip) is strip and app._find(TrainPane) is not None
        await pilot.press("escape")
        await strip.remove()
        assert app._find(LiveStrip) is None  # never the remembered, removed one


def test_demo_model_prefers_bundled_then_user(bundle: Path, isolated_home: Path) -> None:
    assert find_demo_model() is None
    user_run = isolated_home / "models" / "mine"
    user_run.mkdir(parents=True)
    (user_run / "run.json").write_text("{}")
    assert find_demo_model() == user_run
    demo = bundle / "models" / "demo"
    demo.mkdir()
    (demo / "run.json").write_text("{}")
    assert find_demo_model() == demo


async def test_keys_switch_panes_and_help(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        tabs = app.query_one(TabbedContent)
        for key, pane in zip("2341", ("train", "sample", "morphemes", "corpus")):
            await pilot.press(key)
            assert tabs.active == pane
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+o")
        assert tabs.active == "corpus" and app.focused is app.query_one("#import-path")


async def test_number_keys_switch_panes_from_the_corpus_list(bundle: Path) -> None:
    """Found in tmux: with the corpus list focused, 3 flashed to Sample and bounced back."""
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        tabs = app.query_one(TabbedContent)
        app.query_one("#corpus-list").focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert tabs.active == "sample"
        await pilot.press("1")
        await pilot.pause()
        app.query_one("#corpus-list").focus()
        await pilot.press("2")
        await pilot.pause()
        assert tabs.active == "train"


async def test_escape_leaves_a_text_box_so_number_keys_switch_panes_again(bundle: Path) -> None:
    # A teacher pressed 6 for the Runs pane with the learning rate box focused: it became
    # "6", and Esc did not leave the box (Esc then 6 gave 0.0046).
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lr = app.query_one("#f-lr", Input)
        before = lr.value
        lr.focus()
        await pilot.press("end", "escape", "6")
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "runs" and lr.value == before
        await pilot.press("3")  # Sample, no stream running: Esc leaves its prefix box too
        await settle(pilot)
        prefix = app.query_one("#sample-prefix", Input)
        prefix.focus()
        await pilot.press("escape", "1")
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "corpus" and prefix.value == ""


async def test_command_palette_starts_training(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        fill_tiny(app)
        await pilot.press("ctrl+p")
        await pilot.press(*"start tr")
        await wait_for(pilot, lambda: palette_highlights(app, "Start training"), what="the palette's match")
        await pilot.press("enter")
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.step >= 1, what="training from the palette")
        app.action_stop_training()  # typing into the palette while torch runs is slow on 2 cores
        await wait_for(pilot, lambda: not pane.is_training, what="stop")


async def test_replay_is_in_the_palette_and_its_button_fits_80_columns(bundle: Path) -> None:
    # At 80x24 the live row ended "Set lr" and Replay was off-screen, and the palette
    # had no replay: Runs then p was the only way (seen by a tester).
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        button = app.query_one("#train-replay")
        assert button.region.right <= 80 and button.region.width >= len("Replay"), button.region
        await pilot.press("ctrl+p")
        await pilot.press(*"replay")
        await wait_for(pilot, lambda: palette_highlights(app, "Replay the run's previews"), what="the palette's match")
        await pilot.press("enter")
        answered = lambda: any("no run to replay yet" in m for _, m in app.notices)  # noqa: E731
        await wait_for(pilot, answered, what="the replay's answer")


async def test_sparkline_visible_with_sample_pane_at_120x36(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        screen = app.screen.region
        spark = app.query_one("#strip-spark").region
        sample = app.query_one("#sample").region
        assert spark.area > 0 and screen.contains_region(spark)
        assert sample.height >= 25 and screen.contains_region(sample)
        assert not spark.overlaps(sample)


async def test_usable_at_80x24(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        app.query_one("#start").scroll_visible(animate=False)
        await pilot.pause()
        start = app.query_one("#start").region
        assert start.area > 0 and app.screen.region.contains_region(start)
        assert app.query_one("#strip-spark").region.area > 0
        assert app.query_one("#loss-chart").region.height >= 6


async def test_quit_while_training_is_prompt_and_saves(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        fill_tiny(app)
        await pilot.press("f5")
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.step >= 2, what="two steps")
        out = pane.out
        started = time.monotonic()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, timeout=3.0, what="the app to exit")
    elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert not pane.is_training  # the worker thread has returned
    assert out is not None and load_run(out).progress.step >= 2


async def _generate_from_morphemes(pilot, app: LstmTuiApp, length: int) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("4")
    box = app.query_one("#morph-gen-length", Input)
    box.value = str(length)
    box.focus()
    await pilot.press("ctrl+g")  # the Morphemes pane's "Generate & compare"


async def test_generate_and_compare_is_routed_by_the_app(bundle: Path, tmp_path: Path) -> None:
    """The Morphemes pane posts a request; the app has the Sample pane stream the text,
    and the finished text comes back to the Morphemes pane."""
    app = LstmTuiApp(model=save_tiny_run(tmp_path / "tiny-run"))
    async with app.run_test(size=(120, 36)) as pilot:
        await _generate_from_morphemes(pilot, app, 200)
        morph = app.query_one(MorphemesPane)
        await wait_for(
            pilot, lambda: morph._generated is not None and len(morph._generated[0]) == 200, what="200 characters"
        )


async def test_generate_without_a_model_warns(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await _generate_from_morphemes(pilot, app, 200)
        await pilot.pause()
        assert any(sev == "warning" and "cannot generate" in msg for sev, msg in app.notices), app.notices


def test_run_app_returns_exit_code(monkeypatch) -> None:
    monkeypatch.setattr(app_module.LstmTuiApp, "run", lambda self: 0)
    assert app_module.run_app() == 0


async def test_the_footer_shows_import_and_help_whole_at_120_columns(bundle: Path) -> None:
    # The pane numbers are on the tab bar; in the footer too they pushed Import and Help out.
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        last = "".join(seg.text for seg in app.screen._compositor.render_strips()[-1])
        assert "Import" in last and "Help" in last and "Start" in last, last


async def test_ctrl_c_says_how_to_quit_in_plain_words(bundle: Path) -> None:
    # It showed "Press [b]ctrl+q[/b] to quit the app": notifications here never read markup.
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.set_focus(None)
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = [m for _, m in app.notices if "quit" in m.lower()]
        assert said and "Ctrl+Q" in said[-1] and "[b]" not in said[-1], app.notices


async def test_escape_stops_a_stream_started_by_f8(bundle: Path, monkeypatch) -> None:  # noqa: ANN001
    # After F8 the focus is on the tab bar, where the Sample pane's Esc never arrived:
    # the stream ran on through two presses (found by a power-user walkthrough).
    import lstm_tui.ui.workers.sample as worker
    from lstm_tui.paths import user_models_dir
    from lstm_tui.ui.panes.sample import SamplePane

    monkeypatch.setattr(worker, "YIELD_EVERY_CHAR", True)  # the tiny model could finish before Esc lands
    save_tiny_run(user_models_dir() / "tiny-run")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        sample = app.query_one(SamplePane)
        sample.query_one("#sample-length", Input).value = "20000"
        await pilot.press("f8")
        await wait_for(pilot, lambda: sample.streaming and len(sample.texts[0]) > 0, what="the stream")
        assert not isinstance(app.focused, Input)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not sample.streaming, what="the stream to stop")
        assert len(sample.texts[0]) < 20000
