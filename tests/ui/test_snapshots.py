"""Snapshot tests (pytest-textual-snapshot) of each pane in a static state at 120x36.

No training runs and no model is loaded, the corpora are the tiny fixture bundle, and
the device list is fixed, so the pictures do not depend on the machine or the clock.
Update with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

import lstm_tui.ui.panes.train as train_module
from lstm_tui.ui.app import LstmTuiApp
from tests.ui.helpers import settle

SIZE = (120, 36)


@pytest.fixture
def static_app(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> LstmTuiApp:
    """The app with no model and a CPU-only device list."""
    monkeypatch.setattr(train_module, "available_devices", lambda: ["cpu"])
    return LstmTuiApp(load_demo=False)


def _show(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        pilot.app.set_focus(None)  # no blinking cursor in the picture
        await pilot.pause()

    return run_before


def test_corpus_pane(snap_compare, static_app: LstmTuiApp) -> None:
    assert snap_compare(static_app, terminal_size=SIZE, run_before=_show("1"))


def test_train_pane(snap_compare, static_app: LstmTuiApp) -> None:
    assert snap_compare(static_app, terminal_size=SIZE, run_before=_show("2"))


def test_sample_pane(snap_compare, static_app: LstmTuiApp) -> None:
    assert snap_compare(static_app, terminal_size=SIZE, run_before=_show("3"))


def test_morphemes_pane(snap_compare, static_app: LstmTuiApp) -> None:
    assert snap_compare(static_app, terminal_size=SIZE, run_before=_show("4"))


def test_help_screen(snap_compare, static_app: LstmTuiApp) -> None:
    assert snap_compare(static_app, terminal_size=SIZE, run_before=_show("f1"))
