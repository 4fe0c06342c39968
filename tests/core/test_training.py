"""The Trainer: it learns, reports, stops, pauses, survives NaN and resumes exactly."""

from __future__ import annotations

import dataclasses
import json
import math
import threading
from pathlib import Path

import pytest
import torch

from lstm_tui.core import ngram_cache
from lstm_tui.core.checkpoint import load_run
from lstm_tui.core.config import TrainConfig, preset
from lstm_tui.core.evaluation import evaluate_log_probs
from lstm_tui.core.events import BaselineReady, Evaluated, Failed, Finished, Progress, Sampled
from lstm_tui.core.hybrid import fit_lambda, mixed_loss, ngram_targets
from lstm_tui.core.ngram_cache import baseline_for
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
    assert loss == pytest.approx(direct, abs=1e-6)  # the same sum, in another order
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


def _default_preset_fp32(**changes: object) -> TrainConfig:
    """The default preset's schedule (cosine with warm-up) and dropout, at tiny size."""
    base = preset("default")
    assert (base.schedule, base.dropout > 0, base.warmup_steps > 0) == ("cosine", True, True)
    return tiny_config(warmup_steps=8, dropout=base.dropout, schedule="cosine", **changes)


def _stop_after(trainer: Trainer, k: int) -> list[Progress]:
    """Run until step k, then stop (the trainer evaluates, samples and saves)."""
    seen = []
    for event in trainer.events():
        if isinstance(event, Progress):
            seen.append(event)
            if event.step == k:
                trainer.stop()
    return seen


def _no_budget(run_config: TrainConfig) -> TrainConfig:
    return dataclasses.replace(run_config, steps=None, time_limit=None)


def test_stopped_and_resumed_run_ends_with_identical_weights(tmp_path: Path) -> None:
    """Stop early (as Ctrl-C or the Stop button do), resume without a new budget: the
    same curve to the end, so the very same weights, optimizer moments included."""
    torch.set_num_threads(1)
    cfg = _default_preset_fp32(steps=30, sample_length=10)
    straight = Trainer(cfg, tiny_corpus(), tmp_path / "a")
    straight_lrs = [e.lr for e in _stop_after(straight, -1)]
    assert straight.progress.step == 30

    first = Trainer(cfg, tiny_corpus(), tmp_path / "b")
    before = _stop_after(first, 13)
    run = load_run(tmp_path / "b")
    assert run.progress.step == 13 and run.progress.budget_steps == 30
    resumed = Trainer(_no_budget(run.config), tiny_corpus(), tmp_path / "b", resume=run)
    last = resumed.run()
    assert isinstance(last, Finished) and last.reason == "steps" and last.step == 30

    for (name, a), b in zip(straight.model.state_dict().items(), resumed.model.state_dict().values(), strict=True):
        assert torch.equal(a, b), name
    for group_a, group_b in zip(straight.optimizer.param_groups, resumed.optimizer.param_groups, strict=True):
        for pa, pb in zip(group_a["params"], group_b["params"], strict=True):
            for key, value in straight.optimizer.state[pa].items():
                assert torch.equal(value, resumed.optimizer.state[pb][key]), key
    assert [e.lr for e in before] == straight_lrs[:13]


def test_killed_after_a_checkpoint_and_resumed_ends_with_identical_weights(tmp_path: Path) -> None:
    """kill -9 right after a periodic checkpoint: no final evaluation, sample or save."""
    torch.set_num_threads(1)
    cfg = _default_preset_fp32(steps=30, sample_length=10)
    straight = Trainer(cfg, tiny_corpus(), None)
    straight.run()
    doomed = Trainer(cfg, tiny_corpus(), tmp_path / "r")
    for event in doomed.events():
        if isinstance(event, Progress) and event.step == 17:
            doomed.save()  # what the periodic checkpoint does
            break  # and then the process dies
    run = load_run(tmp_path / "r")
    resumed = Trainer(_no_budget(run.config), tiny_corpus(), tmp_path / "r", resume=run)
    resumed.run()
    for (name, a), b in zip(straight.model.state_dict().items(), resumed.model.state_dict().values(), strict=True):
        assert torch.equal(a, b), name


def test_resume_without_budget_keeps_the_learning_rate_curve(tmp_path: Path) -> None:
    """The lr of every step after a resume is the one the uninterrupted run used: a
    stretched cosine (the old bug: 0.00023 → 0.00484 at the resume point) fails this."""
    cfg = _default_preset_fp32(steps=30, sample_length=0)
    straight = [e.lr for e in _stop_after(Trainer(cfg, tiny_corpus(), None), -1)]
    first = _stop_after(Trainer(cfg, tiny_corpus(), tmp_path / "r"), 20)
    run = load_run(tmp_path / "r")
    seen: list = []
    Trainer(_no_budget(run.config), tiny_corpus(), tmp_path / "r", callback=seen.append, resume=run).run()
    after = [e for e in seen if isinstance(e, Progress)]
    assert [e.step for e in after] == list(range(21, 31))
    assert [e.lr for e in first] + [e.lr for e in after] == pytest.approx(straight, rel=0, abs=1e-15)
    assert not [e for e in seen if e.name == "schedule"]  # no new schedule: the same one


def test_extending_a_finished_run_is_a_recorded_warm_restart(tmp_path: Path) -> None:
    cfg = _default_preset_fp32(steps=30, sample_length=0)
    first = _stop_after(Trainer(cfg, tiny_corpus(), tmp_path / "r"), -1)
    run = load_run(tmp_path / "r")
    seen: list = []
    Trainer(run.config.with_(steps=30), tiny_corpus(), tmp_path / "r", callback=seen.append, resume=run).run()
    lrs = [e.lr for e in first] + [e.lr for e in seen if isinstance(e, Progress)]
    assert len(lrs) == 60

    # never a jump: around and after the restart the lr moves no faster than on the first curve
    def steepest(xs: list[float]) -> float:
        return max(abs(b - a) for a, b in zip(xs, xs[1:]))

    assert steepest(lrs[29:]) <= steepest(lrs[:30])
    assert abs(lrs[30] - lrs[29]) < 0.1 * cfg.lr / cfg.warmup_steps  # continuous at the resume point
    assert max(lrs[30:]) == pytest.approx(cfg.lr * 0.5, rel=0.05)  # climbs back to half the peak
    floor = cfg.lr * cfg.min_lr_ratio
    assert floor <= lrs[-1] < 1.2 * floor  # and anneals to the floor at the new budget's end
    (event,) = [e for e in seen if e.name == "schedule"]
    assert event.kind == "warm_restart" and event.step == 30 and event.end_step == 60
    assert event.start_lr == pytest.approx(lrs[29], rel=0.2)
    meta = json.loads((tmp_path / "r" / "run.json").read_text())
    assert [s["kind"] for s in meta["progress"]["segments"]] == ["warm_restart"]
    logged = [json.loads(x) for x in (tmp_path / "r" / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in logged if m["event"] == "schedule"] == [30]


def test_a_run_keeps_its_best_weights_and_resumes_from_its_last(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "r"
    losses = iter([2.0, 1.0, 3.0, 3.5])  # evaluations at steps 5, 10, 15 and the end (20)
    monkeypatch.setattr("lstm_tui.core.training.evaluate", lambda model, data, **k: next(losses, 4.0))
    # hybrid off: a hybrid run scores validation with evaluate_log_probs (tested below)
    last = Trainer(tiny_config(steps=20, eval_every_steps=5, hybrid=False), tiny_corpus(), out).run()
    assert isinstance(last, Finished)
    assert (last.best_step, last.best_val_loss, last.val_loss) == (10, 1.0, 3.5)
    assert (out / "best.safetensors").is_file() and (out / "model.safetensors").is_file()
    best, final = load_run(out), load_run(out, weights="last")
    assert (best.weights, final.weights) == ("best", "last")
    pairs = zip(best.model.state_dict().values(), final.model.state_dict().values(), strict=True)
    assert any(not torch.equal(a, b) for a, b in pairs)
    resumed = Trainer(_no_budget(best.config).with_(steps=1), tiny_corpus(), out, resume=best)
    for a, b in zip(resumed.model.state_dict().values(), final.model.state_dict().values(), strict=True):
        assert torch.equal(a.cpu(), b)  # a "best" Run handed to the Trainer resumes from the last weights


def test_early_stop_after_n_evaluations_without_improvement(monkeypatch) -> None:
    monkeypatch.setattr("lstm_tui.core.training.evaluate", lambda model, data, **k: 2.0)
    last = Trainer(tiny_config(steps=100, eval_every_steps=2, early_stop=3, hybrid=False), tiny_corpus(), None).run()
    assert isinstance(last, Finished) and last.reason == "early_stop"
    assert last.step == 8 and last.best_step == 2  # best at 2; 4, 6 and 8 no better


def test_finished_reports_the_best_weights_on_the_test_split() -> None:
    corpus = tiny_corpus()
    trainer = Trainer(tiny_config(steps=20, hybrid=False), corpus, None)
    last = trainer.run()
    assert isinstance(last, Finished) and last.best_step == 20
    assert last.test_loss == last.lstm_test_loss == evaluate(trainer.model, corpus.test)
    assert last.best_val_loss == last.val_loss == evaluate(trainer.model, corpus.val)
    assert last.hybrid_lambda is None  # a pure LSTM, but the n-gram's figures beside it
    baseline = baseline_for(corpus.text)
    assert (last.ngram_order, last.ngram_val_loss, last.ngram_test_loss) == (
        baseline.order,
        baseline.val_loss,
        baseline.test_loss,
    )


def test_a_hybrid_run_fits_lambda_on_validation_and_reports_test_beside_the_pure_lstm(tmp_path: Path) -> None:
    corpus = tiny_corpus()
    seen: list = []
    trainer = Trainer(tiny_config(steps=20, hybrid=True), corpus, tmp_path / "r", callback=seen.append)
    last = trainer.run()
    assert isinstance(last, Finished) and last.hybrid_lambda is not None
    # the figures, recomputed from their definitions
    baseline = baseline_for(corpus.text)
    train_end, val_end = len(corpus.train), len(corpus.train) + len(corpus.val)
    _, val_lp = evaluate_log_probs(trainer.model, corpus.val)  # best = last weights here (step 20)
    lam = fit_lambda(val_lp, ngram_targets(baseline, corpus.text, train_end, val_end))
    lstm_test, test_lp = evaluate_log_probs(trainer.model, corpus.test)
    assert last.hybrid_lambda == lam and 0.0 <= lam <= 1.0
    assert last.lstm_test_loss == lstm_test == evaluate(trainer.model, corpus.test)
    assert last.test_loss == mixed_loss(test_lp, ngram_targets(baseline, corpus.text, val_end, len(corpus.text)), lam)
    assert last.ngram_test_loss == baseline.test_loss and last.ngram_order == baseline.order
    # the baseline was announced once, before the end
    ready = [e for e in seen if isinstance(e, BaselineReady)]
    assert len(ready) == 1 and ready[0].label == f"{baseline.order}-gram"
    assert seen.index(ready[0]) < seen.index(last)
    # run.json records the mixture for sample and eval
    meta = json.loads((tmp_path / "r" / "run.json").read_text())
    assert meta["hybrid"] == {
        "lambda": lam,
        "ngram_order": baseline.order,
        "corpus_sha256": corpus.sha256,
        "best_step": 20,
    }
    assert load_run(tmp_path / "r").hybrid is not None


def test_a_cached_baseline_is_announced_before_the_first_step() -> None:
    corpus = tiny_corpus()
    ngram_cache.clear_memory_cache()  # an earlier test's baseline of this text is in memory, not in this home
    baseline_for(corpus.text)  # as `lstm-tui baseline` or an earlier run leaves it on disk
    ngram_cache.clear_memory_cache()
    seen: list = []
    Trainer(tiny_config(steps=3), corpus, None, callback=seen.append).run()
    kinds = [type(e).__name__ for e in seen]
    assert kinds.count("BaselineReady") == 1 and kinds.index("BaselineReady") < kinds.index("Progress")


def test_hybrid_sees_the_test_split_only_at_the_end(monkeypatch) -> None:
    corpus = tiny_corpus()
    scored: list[int] = []
    real = evaluate_log_probs

    def spy(model, data, **k):
        scored.append(data.data_ptr())
        return real(model, data, **k)

    monkeypatch.setattr("lstm_tui.core.training.evaluate_log_probs", spy)  # the evaluations
    monkeypatch.setattr("lstm_tui.core.scoring.evaluate_log_probs", spy)  # the end-of-run figures
    Trainer(tiny_config(steps=6, eval_every_steps=2, hybrid=True), corpus, None).run()
    *during, final_test = scored
    assert set(during) == {corpus.val.data_ptr()} and final_test == corpus.test.data_ptr()


def test_a_corpus_too_short_for_a_baseline_still_finishes_without_its_figures() -> None:
    corpus = tiny_corpus("abcab")  # fewer characters than the baseline needs
    last = Trainer(tiny_config(steps=2, seq_len=1, batch_size=1, hybrid=True), corpus, None).run()
    assert isinstance(last, Finished)
    assert last.ngram_test_loss is None and last.hybrid_lambda is None


def test_only_validation_is_seen_during_training(monkeypatch) -> None:
    corpus = tiny_corpus()
    scored: list[int] = []

    def spy(model, data, **k):
        scored.append(data.data_ptr())
        return 2.0

    monkeypatch.setattr("lstm_tui.core.training.evaluate", spy)  # the evaluations
    monkeypatch.setattr("lstm_tui.core.scoring.evaluate", spy)  # the end-of-run figures
    Trainer(tiny_config(steps=6, eval_every_steps=2, hybrid=False), corpus, None).run()
    *during, final_test = scored
    assert set(during) == {corpus.val.data_ptr()} and final_test == corpus.test.data_ptr()


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
        True,
        "scratch",
        "sgd",
        2.0,
        256,
        64,
        32,
        0.0,
    )
    assert (s.schedule, s.decay_every_epochs, s.decay_gamma) == ("step", 100, 0.5)
    assert (s.init_std, s.precision) == (0.01, "fp32")  # N(0, 0.01²) weights, no bf16 autocast
    small = s.with_(hidden=16, seq_len=16, batch_size=4, steps=3, sample_every_s=1e9, eval_every_s=1e9)
    trainer = Trainer(small, tiny_corpus(), None)
    assert trainer.model.embed is None  # one-hot input
    assert not trainer.bf16 and trainer.model.head.weight.abs().max().item() < 0.1
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


def test_an_allocation_failure_in_a_step_is_one_line_and_leaves_no_folder(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from lstm_tui.errors import ConfigError

    out = tmp_path / "run"
    trainer = Trainer(tiny_config(steps=5), tiny_corpus(), out)

    def fail() -> float:
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory")

    monkeypatch.setattr(trainer, "_step", fail)
    with pytest.raises(ConfigError, match="not enough memory"):
        list(trainer.events())
    assert not out.exists()  # the folder it made is gone: nothing left behind


def test_a_preview_shows_the_prefix_as_the_model_read_it() -> None:
    # The seed recipe's こんにち came before every preview of an English corpus, though the
    # sampler skips characters outside the vocabulary: the text never followed it.
    seen: list = []
    config = tiny_config(steps=2, sample_length=5, sample_prefix="こんにちthe")
    Trainer(config, tiny_corpus(), None, callback=seen.append).run()
    previews = [e for e in seen if isinstance(e, Sampled)]
    assert previews and all(e.prefix == "the" for e in previews)
