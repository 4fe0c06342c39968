"""Trainer.set_lr: a learning rate set while training takes effect at the next step, is
logged in metrics.jsonl, kept in run.json, and survives resume."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import pytest

from lstm_tui.core.checkpoint import load_run
from lstm_tui.core.events import Finished, LrChanged, Progress
from lstm_tui.core.training import Trainer
from lstm_tui.errors import ConfigError
from tests.core.helpers import tiny_config, tiny_corpus


def test_set_lr_takes_effect_at_the_next_step_and_is_recorded(tmp_path: Path) -> None:
    trainer = Trainer(tiny_config(steps=12), tiny_corpus(), tmp_path / "run")
    seen = []
    for event in trainer.events():
        seen.append(event)
        if isinstance(event, Progress) and event.step == 4:
            trainer.set_lr(0.0025)
    changed = [e for e in seen if isinstance(e, LrChanged)]
    assert len(changed) == 1 and (changed[0].step, changed[0].lr) == (4, 0.0025)
    assert changed[0].previous_lr == pytest.approx(tiny_config(steps=12).lr, rel=0.5)
    lrs = {e.step: e.lr for e in seen if isinstance(e, Progress)}
    assert lrs[4] != 0.0025 and all(lrs[s] == 0.0025 for s in range(5, 13))
    assert isinstance(seen[-1], Finished)
    lines = [json.loads(x) for x in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert {"event": "lr", "step": 4, "lr": 0.0025, "previous_lr": round(changed[0].previous_lr, 6)} in lines
    segments = json.loads((tmp_path / "run" / "run.json").read_text())["progress"]["segments"]
    assert [(s["kind"], s["start_step"], s["start_lr"]) for s in segments] == [("manual", 4, 0.0025)]


def test_the_manual_lr_survives_stop_and_resume(tmp_path: Path) -> None:
    out = tmp_path / "run"
    trainer = Trainer(tiny_config(steps=20), tiny_corpus(), out)
    for event in trainer.events():
        if isinstance(event, Progress) and event.step == 3:
            trainer.set_lr(0.004)
        if isinstance(event, Progress) and event.step == 8:
            trainer.stop()
    open_ended = dataclasses.replace(tiny_config(), steps=None)  # with_ ignores None
    resumed = Trainer(open_ended, tiny_corpus(), out, resume=load_run(out))
    lrs = [e.lr for e in resumed.events() if isinstance(e, Progress)]
    assert len(lrs) == 12 and set(lrs) == {0.004}


def test_set_lr_from_another_thread_while_running(tmp_path: Path) -> None:
    trainer = Trainer(tiny_config(steps=10_000), tiny_corpus(), None)
    started = threading.Event()
    lrs: list[float] = []

    def train() -> None:
        for event in trainer.events():
            if isinstance(event, Progress):
                started.set()
                lrs.append(event.lr)
                if event.lr == 0.003 and len(lrs) > 3:
                    trainer.stop()

    thread = threading.Thread(target=train)
    thread.start()
    assert started.wait(30)
    trainer.set_lr(0.003)
    thread.join(60)
    assert not thread.is_alive() and lrs[-1] == 0.003


@pytest.mark.parametrize("bad", [0.0, -0.1, float("nan"), float("inf"), 1e9])
def test_a_bad_lr_is_refused_at_once(bad: float) -> None:
    trainer = Trainer(tiny_config(steps=1), tiny_corpus(), None)
    with pytest.raises(ConfigError, match="learning rate"):
        trainer.set_lr(bad)
