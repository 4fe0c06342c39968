"""Fixtures for the app's Pilot tests: a tiny bundled-corpus folder, a tiny model
config, and a helper that waits on a condition instead of sleeping."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY_EN, TINY_JA

TOML = """\
[ja-posts]
title = "Tiny Japanese posts"
language = "ja"
source = "test fixture"
licence = "CC0-1.0"
synthetic = true
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


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the project's corpora/ and models/: two tiny corpora, no runs.

    ja-posts is marked the default (as corpora.toml marks one) and synthetic, tiny-en
    carries one work's record; the real bundled corpora are not used, so listings and
    snapshots do not change when they do.
    """
    corpora = tmp_path / "bundle" / "corpora"
    models = tmp_path / "bundle" / "models"
    corpora.mkdir(parents=True)
    models.mkdir()
    (corpora / "ja-posts.txt").write_text(TINY_JA, encoding="utf-8")
    (corpora / "tiny-en.txt").write_text(TINY_EN, encoding="utf-8")
    (corpora / "corpora.toml").write_text(TOML, encoding="utf-8")
    import lstm_tui.paths as paths
    import lstm_tui.ui.app as app_module

    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: corpora)
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: models)
    monkeypatch.setattr(app_module, "bundled_models_dir", lambda: models)
    return tmp_path / "bundle"


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
    """Let the app run until condition() holds; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.05)


async def settle(pilot, timeout: float = 15.0) -> None:
    """Wait until no worker is pending or running and the screen has caught up."""
    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    await wait_for(pilot, lambda: not any(w.state in busy for w in pilot.app.workers), timeout, "workers")
    await pilot.pause()
    await asyncio.sleep(0)
    await pilot.pause()


def fill_tiny(app, **extra: str) -> None:
    """Put the tiny model settings into the Train pane's form."""
    from textual.widgets import Input

    for name, value in {**TINY_MODEL, **extra}.items():
        app.query_one(f"#f-{name}", Input).value = value
