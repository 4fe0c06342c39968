"""Shared bits of the UI tests: the tiny model's settings, a tiny saved run, and waiting
on a condition (or on idle workers) instead of sleeping."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerState

from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from tests.conftest import TINY_EN, TINY_JA

if TYPE_CHECKING:
    from lstm_tui.ui.panes.train import TrainPane

# The tiny bundle's corpora.toml: tiny-ja is marked the default (as the real one marks
# exactly one); tiny-en carries one work's Aozora-style record.
TOML = """\
[tiny-ja]
title = "Tiny Japanese"
language = "ja"
source = "test fixture"
licence = "CC0-1.0"
default = true

[tiny-en]
title = "Tiny English"
language = "en"
source = "test fixture"
licence = "CC0-1.0"

[[tiny-en.works]]
title = "Tiny Tale"
author = "A. Writer"
teihon = "Tiny Books\\n1990 first printing"
input = "Typist"
proofing = "Checker"
"""

# Small enough that a step takes a few milliseconds on one CPU thread.
TINY_MODEL = {"hidden": "32", "embed": "16", "seq_len": "16", "batch_size": "8", "time_limit": "", "steps": ""}


def write_bundle(root: Path) -> tuple[Path, Path]:
    """A stand-in for the project's corpora/ and models/ under root: two tiny corpora
    described by TOML, no runs. Returns (corpora folder, models folder)."""
    corpora, models = root / "corpora", root / "models"
    corpora.mkdir(parents=True)
    models.mkdir()
    (corpora / "tiny-ja.txt").write_text(TINY_JA, encoding="utf-8")
    (corpora / "tiny-en.txt").write_text(TINY_EN, encoding="utf-8")
    (corpora / "corpora.toml").write_text(TOML, encoding="utf-8")
    return corpora, models


def save_tiny_run(folder: Path, text: str = TINY_JA) -> Path:
    """An untrained, very small CharLSTM saved as a run folder (it samples in microseconds)."""
    torch.manual_seed(0)
    vocab = Vocab.from_text(text)
    config = TrainConfig(embed=8, hidden=16).validate()
    model = build_model(config, len(vocab))
    save_run(folder, model, vocab, config, {"name": "tiny-ja"}, RunProgress())
    return folder


def fill_tiny(app: App[object], **extra: str) -> None:
    """Put the tiny model settings (and any `extra` fields) into the Train pane's form,
    for a run from scratch (a tiny model cannot start from the pretrained base)."""
    from textual.widgets import Select

    from lstm_tui.ui.widgets.train_form import TrainForm

    starts = app.query_one("#start-from", Select)
    with starts.prevent(Select.Changed):  # as choosing "scratch" does, without the preset refill
        starts.value = "scratch"
    app.query_one(TrainForm).lock_architecture(False)
    for name, value in {**TINY_MODEL, **extra}.items():
        app.query_one(f"#f-{name}", Input).value = value


async def wait_for(
    pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 15.0, what: str = "condition"
) -> None:
    """Let the app run until condition() holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.02)


def palette_highlights(app: App[object], title: str) -> bool:
    """True once the command palette is open and its highlighted command is `title`:
    the palette searches in the background, so Enter before this may choose nothing."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return False
    commands = app.screen.query_one(CommandList)
    index = commands.highlighted
    return index is not None and str(commands.get_option_at_index(index).prompt).startswith(title)


async def settle(pilot: Pilot[object], timeout: float = 15.0) -> None:
    """Wait until no worker is pending or running and the screen has caught up."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    await wait_for(pilot, lambda: not any(w.state in busy for w in pilot.app.workers), timeout, "workers")
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()


async def open_tiny_train(pilot: Pilot[object], app: App[object], **extra: str) -> TrainPane:
    """Once the app has settled, switch to the Train pane and fill in the tiny model's
    settings (and any `extra` fields); returns the pane, not yet started."""
    from lstm_tui.ui.panes.train import TrainPane

    await settle(pilot)
    await pilot.press("2")
    fill_tiny(app, **extra)
    await pilot.pause()
    return app.query_one(TrainPane)
