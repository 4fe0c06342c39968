"""Pilot tests of the Corpus pane: listing, facts, choosing and importing corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TabbedContent

from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.panes.corpus import CorpusPane
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.widgets.live_strip import LiveStrip
from tests.conftest import TINY_EN
from tests.ui.helpers import settle, wait_for

SIZE = (120, 36)


async def test_lists_corpora_with_facts_and_choosing_one(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.query_one(CorpusPane)
        assert list(pane.corpora) == ["tiny-ja", "tiny-en"]
        facts = str(app.query_one("#corpus-facts", Static).render())
        assert "Tiny Japanese" in facts and "hiragana" in facts
        assert "こんにちは" in str(app.query_one("#corpus-preview", Static).render())
        app.query_one("#corpus-list", OptionList).focus()
        await pilot.press("down")
        await settle(pilot)
        facts = str(app.query_one("#corpus-facts", Static).render())
        assert "Tiny English" in facts and "Tiny Japanese" not in facts
        # the work's record from corpora.toml: title and author, 底本 line by line, the credits
        assert "『Tiny Tale』  A. Writer" in facts
        assert "底本: Tiny Books\n        1990 first printing" in facts
        assert "入力: Typist · 校正: Checker" in facts
        await pilot.press("enter")
        await pilot.pause()
        assert pane.active == "tiny-en"
        assert app.query_one(TrainPane).corpus_name == "tiny-en"
        assert app.query_one(LiveStrip).corpus == "tiny-en"


async def test_import_error_is_a_notification(bundle: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for bad in (str(tmp_path / "missing.txt"), str(binary)):
            app.query_one("#import-path", Input).value = bad
            await pilot.click("#import")
            await settle(pilot)
            errors = [m for sev, m in app.notices if sev == "error"]
            assert errors, bad
            assert "\n" not in errors[-1]
            app.notices.clear()
        await pilot.click("#import")  # empty path
        assert any(sev == "error" for sev, _ in app.notices)
        assert list(app.query_one(CorpusPane).corpora) == ["tiny-ja", "tiny-en"]


async def _type_import_path(pilot, src: Path) -> None:
    """Ctrl+O and the path of `src` (a tiny English text) typed into the import box."""
    src.write_text(TINY_EN, encoding="utf-8")
    await settle(pilot)
    await pilot.press("ctrl+o")
    await pilot.press(*str(src))


async def test_import_success_refreshes_and_selects(bundle: Path, tmp_path: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _type_import_path(pilot, tmp_path / "my notes.txt")
        await pilot.press("enter")
        pane = app.query_one(CorpusPane)
        await wait_for(pilot, lambda: pane.active == "my-notes", what="the imported corpus to be chosen")
        await settle(pilot)
        assert "my-notes" in pane.corpora
        assert any(sev == "information" and "imported my-notes" in m for sev, m in app.notices)
        assert app.query_one(TrainPane).corpus_name == "my-notes"
        assert app.query_one("#import-path", Input).value == ""
        await pilot.press("2")  # the keys go on to the app, not into the path box
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "train" and app.query_one("#import-path", Input).value == ""


async def test_enter_in_the_name_box_imports_under_that_name(bundle: Path, tmp_path: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _type_import_path(pilot, tmp_path / "notes.txt")
        app.query_one("#import-name", Input).focus()
        await pilot.press(*"diary", "enter")
        pane = app.query_one(CorpusPane)
        await wait_for(pilot, lambda: pane.active == "diary", what="the corpus imported under the typed name")
        assert "diary" in pane.corpora


async def test_a_listing_error_is_a_notification(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstm_tui.ui.panes.corpus as corpus_module

    def broken() -> list:
        raise OSError("permission denied: corpora")

    monkeypatch.setattr(corpus_module, "list_corpora", broken)
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("error", "cannot list corpora: permission denied: corpora") in app.notices
        assert not app.query_one("#import").disabled  # the import box still works
        await pilot.press("2")  # and the app stays usable
        assert app.query_one("#tabs").active == "train"
