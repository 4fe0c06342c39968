"""The pane table is the one list of panes: tabs, number keys, palette and help agree."""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane

from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.help import HELP
from lstm_tui.ui.palette import ACTIONS
from lstm_tui.ui.pane_table import PANES


async def test_tabs_keys_palette_and_help_come_from_the_table() -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        tabs = [str(p.id) for p in app.query(TabPane)]
        assert tabs == [p.id for p in PANES]
        for pane in PANES:  # each number key shows its pane, with its widget in it
            await pilot.press(pane.key)
            await pilot.pause()
            assert app.query_one(TabbedContent).active == pane.id
            assert app.query_one(f"TabPane#{pane.id}").query(pane.widget)
    palette = {action for _, _, action in ACTIONS}
    assert {p.action for p in PANES} <= palette
    assert all(f"`{p.key}`" in HELP and p.title in HELP for p in PANES)
