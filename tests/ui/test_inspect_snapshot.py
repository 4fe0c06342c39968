"""A snapshot of the Inspect pane at 120×36: the tiny bundle's tiny-ja test split read
by a tiny untrained run (fixed seed), coloured by surprisal, cursor on the first
predicted character. Update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

import lstm_tui.ui.panes.train as train_module
from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.encoding import sha256_text
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.panes.inspect import InspectPane
from tests.conftest import TINY_JA
from tests.ui.helpers import settle, wait_for

SIZE = (120, 36)


@pytest.fixture
def inspect_app(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> LstmTuiApp:
    """The app with a tiny run trained on (named for) the bundle's tiny-ja."""
    monkeypatch.setattr(train_module, "available_devices", lambda: ["cpu"])
    torch.manual_seed(0)
    vocab = Vocab.from_text(TINY_JA)
    config = TrainConfig(embed=8, hidden=16).validate()
    save_run(
        bundle / "models" / "tiny-run",
        build_model(config, len(vocab)),
        vocab,
        config,
        {"name": "tiny-ja", "sha256": sha256_text(TINY_JA)},
        RunProgress(),
    )
    return LstmTuiApp(load_demo=False)


def test_inspect_pane(snap_compare, inspect_app: LstmTuiApp) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("5")
        pane = pilot.app.query_one(InspectPane)
        await wait_for(pilot, lambda: pane.readout is not None, what="the reading")
        await settle(pilot)
        pilot.app.set_focus(None)
        await pilot.pause()

    assert snap_compare(inspect_app, terminal_size=SIZE, run_before=run_before)
