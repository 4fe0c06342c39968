"""The Trainer: it learns, reports, stops, pauses, survives NaN and resumes exactly."""

from __future__ import annotations

import dataclasses
import math
import threading
from pathlib import Path

import pytest
import torch

from lstm_tui.core.checkpoint import load_run
from lstm_tui.core.config import TrainConfig, preset
from lstm_tui.core.events import Evaluated, Failed, Finished, Progress
from lstm_tui.core.training import Trainer, evaluate
from lstm_tui.errors import ConfigError
from tests.core.helpers import tiny_config, tiny_corpus


def test_loss_falls_and_events_end_with_finished(tmp_path: Path) -> None:
    seen = []
    trainer = Trainer(tiny_config(steps=60), tiny_corpus(), tmp_path / "run", callback=seen.append)
    last = trainer.run()
    assert isinstance(last, Finished) and last.reason == "steps"
    progress = [e for e in seen if isinstance(e, Progress)]
    assert [p.step for p in progress] == list(range(1, 61))
    assert progress[-1].train_loss < progress[0].train_loss - 0.5
    assert last.val_loss < math.log(len(trainer.vocab))  # better than uniform guessing
    assert (tmp_path / "run" / "model.safetensors").exists()


def test_evaluate_is_the_mean_over_the_whole_split() -> None:
    corpus = tiny_corpus()
    trainer = Trainer(tiny_config(steps=1), corpus, None)
    model = trainer.model.eval()
    loss = evaluate(model, corpus.val, batch=1, chunk=10_000)
    with torch.no_grad():
        x = corpus.val[:-1].to(torch.int64).unsqueeze(0)
        y = corpus.val[1:].to(torch.int64)
        logits, _ = model(x)
        direct = torch.nn.functional.cross_entropy(logits[0], y).item()
    assert loss == pytest.approx(direct, abs=1e-5)
    assert evaluate(model, corpus.val) == pytest.approx(direct, abs=0.05)  # streams lose little context


def test_stop_flag_ends_the_run_at_the_next_step(tmp_path: Path) -> None:
    trainer = Trainer(tiny_config(steps=10_000), tiny_corpus(), tmp_path / "r")
    steps = 0
    for event in trainer.events():
        if isinstance(event, Progress):
            steps = event.step
            if steps == 5:
                trainer.stop()
        last = event
    assert isinstance(last, Finished) and last.reason == "stopped" and last.step == 5
    assert load_run(tmp_path / "r").progress.step == 5


def test_pause_holds_the_loop_and_resume_continues() -> None:
    trainer = Trainer(tiny_config(steps=200), tiny_corpus(), None)
    paused_at: list[int] = []
    done = threading.Event()

    def consume() -> None:
        for event in trainer.events():
            if isinstance(event, Progress) and event.step == 3:
                trainer.pause()
                paused_at.append(event.step)
        done.set()

    t = threading.Thread(target=consume)
    t.start()
    assert not done.wait(0.5)  # paused: no progress to the end
    assert trainer.paused and trainer.progress.step == 3
    trainer.resume()
    assert done.wait(30)
    t.join()
    assert trainer.progress.step == 200


def test_nan_loss_fails_clearly_and_keeps_good_weights(tmp_path: Path) -> None:
    cfg = tiny_config(steps=300, lr=1e6, clip=0.0)
    last = Trainer(cfg, tiny_corpus(), tmp_path / "r").run()
    assert isinstance(last, Failed)
    assert ("loss became" in last.message or "loss exploded" in last.message) and "lower learning rate" in last.message
    run = load_run(tmp_path / "r")
    assert all(torch.isfinite(p).all() for p in run.model.state_dict().values())


def test_time_limit_is_respected() -> None:
    cfg = dataclasses.replace(tiny_config(), steps=None, time_limit=0.5)
    last = Trainer(cfg, tiny_corpus(), None).run()
    assert isinstance(last, Finished) and last.reason == "time"
    assert 0.5 <= last.elapsed_s < 3


def test_evaluations_are_reported_on_schedule() -> None:
    seen = []
    Trainer(tiny_config(steps=20, eval_every_steps=5), tiny_corpus(), None, callback=seen.append).run()
    evals = [e.step for e in seen if isinstance(e, Evaluated)]
    assert evals[:3] == [5, 10, 15] and evals[-1] == 20


def test_resume_continues_the_curve(tmp_path: Path) -> None:
    out = tmp_path / "r"
    first = []
    Trainer(tiny_config(steps=40), tiny_corpus(), out, callback=first.append).run()
    run = load_run(out)
    assert run.progress.step == 40 and run.extra  # optimizer state saved
    second = []
    Trainer(tiny_config(steps=10), tiny_corpus(), out, callback=second.append, resume=run).run()
    before = [e.train_loss for e in first if isinstance(e, Progress)][-1]
    after = [e for e in second if isinstance(e, Progress)]
    assert after[0].step == 41
    assert abs(after[0].train_loss - before) < 0.1
    assert load_run(out).progress.step == 50


def test_resume_matches_an_uninterrupted_run(tmp_path: Path) -> None:
    """True resume: weights, moments, data position, carried state and RNG."""
    cfg = tiny_config(dropout=0.2, schedule="constant")
    straight = Trainer(cfg.with_(steps=30), tiny_corpus(), tmp_path / "a")
    straight.run()
    Trainer(cfg.with_(steps=18), tiny_corpus(), tmp_path / "b").run()
    resumed = Trainer(cfg.with_(steps=12), tiny_corpus(), tmp_path / "b", resume=load_run(tmp_path / "b"))
    resumed.run()
    for (name, a), b in zip(straight.model.state_dict().items(), resumed.model.state_dict().values()):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-4, msg=name)


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"hidden": 0}, "hidden"),
        ({"lr": -1.0}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"dropout": 1.5}, "dropout"),
        ({"optimizer": "rmsprop"}, "optimizer"),
        ({"cell": "gru"}, "cell"),
        ({"seq_len": 0}, "seq_len"),
        ({"time_limit": float("inf")}, "time_limit"),
        ({"preset": "fast"}, "preset"),
    ],
)
def test_config_validation_names_the_field(changes: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        TrainConfig(**{**preset("default").to_dict(), **changes}).validate()


def test_seed_preset_is_the_tutorial_recipe() -> None:
    s = preset("seed")
    assert (s.one_hot, s.cell, s.optimizer, s.lr, s.hidden, s.seq_len, s.batch_size, s.clip) == (
        True, "scratch", "sgd", 2.0, 256, 64, 32, 0.0,
    )
    assert (s.schedule, s.decay_every_epochs, s.decay_gamma) == ("step", 100, 0.5)
    small = s.with_(hidden=16, seq_len=16, batch_size=4, steps=3, sample_every_s=1e9, eval_every_s=1e9)
    trainer = Trainer(small, tiny_corpus(), None)
    assert trainer.model.embed is None  # one-hot input
    assert isinstance(trainer.run(), Finished)


def test_step_schedule_halves_every_n_epochs() -> None:
    trainer = Trainer(tiny_config(schedule="step", decay_every_epochs=2, lr=1.0), tiny_corpus(), None)
    trainer.progress.epoch = 5
    assert trainer.lr_now() == pytest.approx(0.25)


def test_default_preset_fits_large_vocabularies() -> None:
    from lstm_tui.core.config import preset_for

    assert preset_for("default", 65) == preset("default")
    big = preset_for("default", 3000)
    assert (big.batch_size, big.lr) == (32, 0.015)
    assert preset_for("seed", 3000, 10) == preset("seed")  # the seed recipe stays as it was
    small = preset_for("default", 65, 50_000)  # small corpora overfit: fewer, larger steps, more dropout
    assert (small.batch_size, small.dropout) == (64, 0.5)
    assert preset_for("default", 65, 1_000_000) == preset("default")
