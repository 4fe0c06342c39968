"""Shared bits of the pane tests: a tiny saved run and a wait-for-condition loop."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import torch
from textual.pilot import Pilot

from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from tests.conftest import TINY_JA


def save_tiny_run(folder: Path, text: str = TINY_JA) -> Path:
    """An untrained, very small CharLSTM saved as a run folder (it samples in microseconds)."""
    torch.manual_seed(0)
    vocab = Vocab.from_text(text)
    config = TrainConfig(embed=8, hidden=16).validate()
    model = build_model(config, len(vocab))
    save_run(folder, model, vocab, config, {"name": "tiny-ja"}, RunProgress())
    return folder


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 8.0, what: str = "") -> None:
    """Let the app run until condition() holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)
