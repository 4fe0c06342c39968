"""Settings in the app: written on quit, restored at launch, a garbage file survived."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from lstm_tui import settings as st
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.widgets.slider import Slider
from tests.ui.helpers import save_tiny_run, settle

SIZE = (120, 36)


async def test_settings_toml_appears_after_quitting(bundle: Path, isolated_home: Path) -> None:
    run = save_tiny_run(isolated_home / "models" / "mine")
    app = LstmTuiApp(load_demo=False, model=run)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one("#sample-temperature", Slider).value = 0.35
        app.query_one("#sample-prefix", Input).value = "今日は"
        app.query_one("#sample-length", Input).value = "123"
        app.query_one("#sample-top-k", Input).value = "5"
        app.theme = "dracula"
        await settle(pilot)
        assert not (isolated_home / "settings.toml").exists()
        await pilot.press("ctrl+q")
    saved, problem = st.load()
    assert problem is None
    assert saved == st.Settings(
        corpus="tiny-ja", run=str(run), temperature=0.35, prefix="今日は", length=123, top_k=5, theme="dracula"
    )


async def test_remembered_settings_are_restored(bundle: Path, isolated_home: Path) -> None:
    run = save_tiny_run(isolated_home / "models" / "mine")
    st.save(
        st.Settings(corpus="tiny-en", run=str(run), temperature=1.25, prefix="ab", length=77, top_k=9, theme="nord")
    )
    app = LstmTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert app.model == run
        assert app.query_one("#sample-temperature", Slider).value == 1.25
        assert app.query_one("#sample-prefix", Input).value == "ab"
        assert app.query_one("#sample-length", Input).value == "77"
        assert app.query_one("#sample-top-k", Input).value == "9"
        assert str(app.query_one("#train-corpus").render()) == "corpus: tiny-en"


async def test_garbage_settings_do_not_stop_the_launch(bundle: Path, isolated_home: Path) -> None:
    path = isolated_home / "settings.toml"
    path.write_bytes(b"\x00\xff theme = = [[[ garbage")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # bytes that are not UTF-8: said in one notification, the defaults used
        assert any(s == "warning" and "settings.toml" in m and ("TOML" in m or "UTF-8" in m) for s, m in app.notices)
        assert st.load() == (st.Settings(), None)  # replaced at once
        await pilot.press("ctrl+q")
    assert st.load()[1] is None and st.load()[0].corpus == "tiny-ja"


async def test_a_remembered_run_or_corpus_that_is_gone_is_ignored(bundle: Path, isolated_home: Path) -> None:
    st.save(st.Settings(corpus="no-such-corpus", run=str(isolated_home / "gone"), theme="no-such-theme"))
    app = LstmTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.model is None and app.theme != "no-such-theme"
        assert str(app.query_one("#train-corpus").render()) == "corpus: tiny-ja"


async def test_the_palette_offers_textuals_themes(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Theme" in titles  # Ctrl+P → "Theme" lists Textual's themes; the choice is saved on quit
        assert {"nord", "dracula", "textual-light"} <= set(app.available_themes)
