"""The Trainer: truncated BPTT over contiguous streams, reporting through events.

It runs in the caller's thread, never prints, checks its stop flag every step and can
be paused. `events()` is the loop as an iterator; `run()` feeds a callback.
"""

from __future__ import annotations

import copy
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch

from lstm_tui.core import checkpoint as ckpt
from lstm_tui.core.config import PRESETS, TrainConfig, preset  # noqa: F401  (re-exported)
from lstm_tui.core.corpus import Corpus, Streams, Vocab
from lstm_tui.core.devices import default_threads, resolve_device, use_bf16
from lstm_tui.core.evaluation import evaluate  # noqa: F401  (re-exported)
from lstm_tui.core.events import Checkpointed, Evaluated, Event, Failed, Finished, Progress, Sampled
from lstm_tui.core.loss import linear_cross_entropy
from lstm_tui.core.model import CharLSTM, State
from lstm_tui.core.sampling import sample_text
from lstm_tui.errors import CheckpointError

_PROGRESS_LOG_EVERY_S = 1.0  # metrics.jsonl keeps at most ~1 progress line a second
_GOOD_SNAPSHOT_EVERY = 25  # steps between in-memory copies of the last finite weights


def _check_writable(out: Path) -> None:
    """Fail before training, not after, when the run folder cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CheckpointError(f"cannot create the run folder {out} ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise CheckpointError(f"the run folder {out} is not writable; choose another --out")
    for stale in out.glob(".*.tmp"):  # left by a crash mid-write; never part of the run
        stale.unlink(missing_ok=True)


def make_optimizer(config: TrainConfig, params: Any, device: torch.device) -> torch.optim.Optimizer:
    """The config's optimizer over params on device.

    Adam runs fused (one kernel per tensor) on CPU and CUDA: ~5–10% faster steps here.
    """
    if config.optimizer == "adam":
        fused = {"fused": True} if device.type in ("cpu", "cuda") else {}
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay, **fused)
    return torch.optim.SGD(params, lr=config.lr, weight_decay=config.weight_decay)


def _epoch_offset(seed: int, epoch: int, seq_len: int) -> int:
    """Shift the stream boundaries each epoch so batches differ between epochs."""
    return 0 if epoch == 0 else (seed * 7919 + epoch * 104729) % seq_len


class Trainer:
    """Trains one CharLSTM on one corpus, saving to a run folder as it goes."""

    def __init__(
        self,
        config: TrainConfig,
        corpus: Corpus,
        out: Path | None = None,
        callback: Callable[[Event], None] | None = None,
        resume: ckpt.Run | None = None,
    ) -> None:
        self.config = config.validate()
        self.corpus = corpus
        self.out = Path(out) if out is not None else None
        self.callback = callback
        self.saved_step: int | None = None  # the step the run folder holds
        if self.out is not None:
            _check_writable(self.out)
        self.device = resolve_device(config.device)
        self.bf16 = use_bf16(config.precision, self.device)
        self._stop = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._lock = threading.Lock()  # guards the model between steps, for snapshots
        self.metrics: list[dict[str, Any]] = []
        self._sha = corpus.sha256  # hashed once: the text can be 100 MB
        self.samples: list[str] = []

        torch.manual_seed(config.seed)
        if resume is not None:
            self._check_resume(resume)
            self.model = resume.model
            self.progress = resume.progress
            self.saved_step = resume.progress.step
            self.metrics = ckpt.read_metrics(resume.path)
            self.samples = ckpt.read_samples(resume.path)
        else:
            self.model = ckpt.build_model(config, len(corpus.vocab))
            self.progress = ckpt.RunProgress()
        self.model.to(self.device).train()
        self.optimizer = self._make_optimizer()
        self._hidden: State | None = None
        if resume is not None:
            self._restore_extra(resume.extra)
        # The budget is added on top of what a resumed run already did.
        p = self.progress
        p.budget_steps = p.step + config.steps if config.steps is not None else None
        p.budget_s = p.elapsed_s + config.time_limit if config.time_limit is not None else None
        self._good: tuple[int, dict[str, torch.Tensor], dict[str, Any]] | None = None
        self.streams_train = self._streams(p.epoch)

    # ---- control, callable from any thread -------------------------------------------------
    def stop(self) -> None:
        """Ask the loop to stop after the current step (it then saves and finishes)."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        """Hold the loop between steps until resume() or stop()."""
        self._running.clear()

    def resume(self) -> None:
        """Continue after pause()."""
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def vocab(self) -> Vocab:
        return self.corpus.vocab

    def snapshot(self) -> CharLSTM:
        """A CPU copy of the model as it is between steps, safe to sample from elsewhere."""
        with self._lock:
            clone = copy.deepcopy(self.model).to("cpu")
        return clone.eval()

    # ---- set-up helpers --------------------------------------------------------------------
    def _check_resume(self, run: ckpt.Run) -> None:
        if run.vocab.chars != self.corpus.vocab.chars or run.corpus.get("sha256") not in (None, self._sha):
            raise CheckpointError(
                f"run {run.path} was trained on corpus {run.corpus.get('name')!r} with another text; "
                "resume it with the same corpus"
            )
        mine, theirs = self.config.to_dict(), run.config.to_dict()
        for key in ("embed", "hidden", "layers", "cell", "one_hot", "tie"):
            if mine[key] != theirs[key]:
                raise CheckpointError(f"cannot resume: the run has {key}={theirs[key]}, the settings say {mine[key]}")

    def _make_optimizer(self) -> torch.optim.Optimizer:
        return make_optimizer(self.config, self.model.parameters(), self.device)

    def _streams(self, epoch: int) -> Streams:
        c = self.config
        off = _epoch_offset(c.seed, epoch, c.seq_len)
        data = self.corpus.train[off:] if len(self.corpus.train) - off > c.seq_len * c.batch_size + 1 else self.corpus.train
        return Streams(data, c.batch_size, c.seq_len)

    def _extra_tensors(self) -> dict[str, torch.Tensor]:
        """Optimizer moments, the carried LSTM state and the RNG, as plain tensors."""
        out: dict[str, torch.Tensor] = {"rng.torch": torch.get_rng_state()}
        names = {id(p): n for n, p in self.model.named_parameters()}
        for group in self.optimizer.param_groups:
            for p in group["params"]:
                for key, value in self.optimizer.state.get(p, {}).items():
                    t = value if isinstance(value, torch.Tensor) else torch.tensor(float(value))
                    out[f"opt.{names[id(p)]}.{key}"] = t
        if self._hidden is not None:
            out["lstm.h"], out["lstm.c"] = self._hidden
        return out

    def _restore_extra(self, extra: dict[str, torch.Tensor]) -> None:
        if "rng.torch" in extra:
            torch.set_rng_state(extra["rng.torch"].to(torch.uint8))
        params = dict(self.model.named_parameters())
        for key, value in extra.items():
            if not key.startswith("opt."):
                continue
            pname, _, skey = key[4:].rpartition(".")
            if pname in params:
                p = params[pname]
                if skey == "step":
                    self.optimizer.state[p][skey] = value.to(torch.float32)
                elif value.shape == p.shape:
                    self.optimizer.state[p][skey] = value.to(self.device)
        if "lstm.h" in extra and extra["lstm.h"].shape[1] == self.config.batch_size:
            self._hidden = (extra["lstm.h"].to(self.device), extra["lstm.c"].to(self.device))

    # ---- schedule ----------------------------------------------------------------------------
    def fraction_done(self) -> float | None:
        """Share of the step or time budget used (the larger), or None when open-ended."""
        p = self.progress
        parts = []
        if p.budget_steps:
            parts.append(p.step / p.budget_steps)
        if p.budget_s:
            parts.append(p.elapsed_s / p.budget_s)
        return min(1.0, max(parts)) if parts else None

    def lr_now(self) -> float:
        """Learning rate for the next step: warm-up, then the configured schedule."""
        c, p = self.config, self.progress
        if c.warmup_steps and p.step < c.warmup_steps:
            return c.lr * (p.step + 1) / c.warmup_steps
        if c.schedule == "step":
            return c.lr * c.decay_gamma ** (p.epoch // c.decay_every_epochs)
        frac = self.fraction_done()
        if c.schedule == "cosine" and frac is not None:
            return c.lr * (c.min_lr_ratio + (1 - c.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * frac)))
        return c.lr

    # ---- the loop ----------------------------------------------------------------------------
    def _budget_left(self) -> bool:
        p = self.progress
        if p.budget_steps is not None and p.step >= p.budget_steps:
            return False
        return not (p.budget_s is not None and p.elapsed_s >= p.budget_s)

    def _step(self) -> float:
        """One optimisation step on the next batch; returns the batch loss."""
        c, p = self.config, self.progress
        if p.batch >= self.streams_train.batches_per_epoch:
            p.epoch, p.batch = p.epoch + 1, 0
            self.streams_train = self._streams(p.epoch)
            self._hidden = None  # a new epoch starts each stream afresh
        x, y = self.streams_train.batch(p.batch)
        x, y = x.to(self.device), y.to(self.device)
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr_now()
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            out, hidden = self.model.features(x, self._hidden)
        weight, bias = self.model.output_layer()
        loss = linear_cross_entropy(out.reshape(-1, out.shape[-1]), weight, bias, y.reshape(-1), bf16=self.bf16)
        value = float(loss.detach())
        if not math.isfinite(value) or value > 10 * math.log(max(2, len(self.vocab))) + 10:
            return value  # no update from a diverged batch: the caller stops the run
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if c.clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), c.clip)
        self.optimizer.step()
        self._hidden = (hidden[0].detach(), hidden[1].detach())
        p.step += 1
        p.batch += 1
        return value

    def _emit(self, event: Event) -> Event:
        if not isinstance(event, Progress):
            self.metrics.append(event.to_dict())
        return event

    def _evaluate(self, train_loss: float) -> Evaluated:
        val = evaluate(self.model, self.corpus.val, bf16=self.bf16) if len(self.corpus.val) > 1 else float("nan")
        p = self.progress
        p.last_val_loss = val
        if math.isfinite(val) and (p.best_val_loss is None or val < p.best_val_loss):
            p.best_val_loss = val
        return Evaluated(p.step, val, train_loss, p.elapsed_s)

    def _sample(self) -> Sampled | None:
        c = self.config
        if c.sample_length == 0:
            return None
        text = sample_text(self.model, self.vocab, c.sample_prefix, c.sample_length, c.sample_temperature, seed=self.progress.step)
        self.samples.append(f"[step {self.progress.step}] {c.sample_prefix}{text}")
        return Sampled(self.progress.step, c.sample_prefix, text)

    def save(self) -> Checkpointed | None:
        """Write the run folder now (no-op without an output folder).

        A failed write (disk full, folder gone read-only) raises CheckpointError; the
        folder keeps its last complete checkpoint, since every file is renamed into place.
        """
        if self.out is None:
            return None
        corpus = {"name": self.corpus.name, "sha256": self._sha, "chars": len(self.corpus.text), "path": self.corpus.path}
        try:
            with self._lock:
                ckpt.save_run(
                    self.out, self.model, self.vocab, self.config, corpus, self.progress,
                    extra=self._extra_tensors(), metrics=self.metrics, samples=self.samples,
                )
        except OSError as exc:
            kept = f"step {self.saved_step}" if self.saved_step is not None else "nothing yet"
            raise CheckpointError(
                f"could not save the run to {self.out} ({exc.strerror or exc}); the folder keeps {kept}"
            ) from None
        self.saved_step = self.progress.step
        return Checkpointed(self.progress.step, str(self.out))

    def _save_or_fail(self) -> Event | None:
        """save(), turning a failed write into a Failed event that ends the run."""
        try:
            return self.save()
        except CheckpointError as exc:
            return Failed(self.progress.step, f"{exc}; training stopped", str(self.out or ""))

    def _remember_good(self) -> None:
        self._good = (
            self.progress.step,
            {k: v.detach().clone() for k, v in self.model.state_dict().items()},
            copy.deepcopy(self.optimizer.state_dict()),
        )

    def _restore_good(self) -> int:
        if self._good is None:
            return self.progress.step
        step, weights, opt = self._good
        self.model.load_state_dict(weights)
        self.optimizer.load_state_dict(opt)
        self._hidden = None
        self.progress.step = step
        return step

    def events(self) -> Iterator[Event]:
        """Run the training loop, yielding events; the last one is Finished or Failed."""
        c, p = self.config, self.progress
        torch.set_num_threads(c.threads or default_threads())
        chars_per_step = c.batch_size * c.seq_len
        train_loss = p.last_train_loss if p.last_train_loss is not None else float("nan")
        smooth: float | None = None
        now = time.perf_counter()
        last_tick = now
        last_eval = last_sample = last_ckpt = last_log = now
        rate = 0.0
        # Far above uniform guessing (log V) is divergence even while still finite.
        diverged = 10 * math.log(max(2, len(self.vocab))) + 10
        self._remember_good()
        while not self._stop.is_set() and self._budget_left():
            if not self._running.is_set():
                self._running.wait(0.1)
                last_tick = time.perf_counter()  # paused time is not training time
                continue
            with self._lock:
                loss = self._step()
            now = time.perf_counter()
            dt, last_tick = now - last_tick, now
            p.elapsed_s += dt
            if not math.isfinite(loss) or loss > diverged:
                bad_step = p.step + 1
                good = self._restore_good()
                what = f"became {loss}" if not math.isfinite(loss) else f"exploded to {loss:.3g}"
                msg = f"the loss {what} at step {bad_step}; training stopped (try a lower learning rate)"
                saved = self._save_or_fail()
                if isinstance(saved, Checkpointed):
                    msg += f"; the run keeps the weights of step {good}"
                elif isinstance(saved, Failed):
                    msg += f"; {saved.message}"
                yield self._emit(Failed(p.step, msg, str(self.out or "")))
                return
            train_loss = p.last_batch_loss = loss
            smooth = loss if smooth is None else 0.9 * smooth + 0.1 * loss
            p.last_train_loss = smooth
            rate = chars_per_step / dt if rate == 0.0 else 0.9 * rate + 0.1 * chars_per_step / max(dt, 1e-9)
            frac = self.fraction_done()
            eta = p.elapsed_s * (1 - frac) / frac if frac else None
            event = Progress(p.step, p.epoch, loss, self.lr_now(), rate, p.elapsed_s, frac, eta)
            if now - last_log >= _PROGRESS_LOG_EVERY_S:
                self.metrics.append(event.to_dict())
                last_log = now
            yield event
            if p.step % _GOOD_SNAPSHOT_EVERY == 0:
                self._remember_good()
            due_eval = (p.step % c.eval_every_steps == 0) if c.eval_every_steps else now - last_eval >= c.eval_every_s
            if due_eval and self._budget_left():
                with self._lock:
                    yield self._emit(self._evaluate(smooth))
                last_eval = time.perf_counter()
            if now - last_sample >= c.sample_every_s and self._budget_left():
                with self._lock:
                    sampled = self._sample()
                if sampled:
                    yield self._emit(sampled)
                last_sample = time.perf_counter()
            if now - last_ckpt >= c.checkpoint_every_s and self._budget_left():
                saved = self._save_or_fail()
                if saved:
                    yield self._emit(saved)
                    if isinstance(saved, Failed):
                        return
                last_ckpt = time.perf_counter()
            # time spent evaluating, sampling and saving counts against the budget
            after = time.perf_counter()
            p.elapsed_s += after - now
            last_tick = after
        reason = "stopped" if self._stop.is_set() else ("steps" if p.budget_steps is not None and p.step >= p.budget_steps else "time")
        with self._lock:
            evaluated = self._evaluate(smooth if smooth is not None else train_loss)
        yield self._emit(evaluated)
        if (sampled := self._sample()) is not None:
            yield self._emit(sampled)
        finished = Finished(
            p.step, smooth if smooth is not None else train_loss, evaluated.val_loss, rate, p.elapsed_s, str(self.out or ""), reason
        )
        self.metrics.append(finished.to_dict())
        saved = self._save_or_fail()
        if saved:
            yield saved
            if isinstance(saved, Failed):
                return
        yield finished

    def run(self) -> Event:
        """Run to the end, passing every event to the callback; returns the last event."""
        last: Event | None = None
        for event in self.events():
            if self.callback is not None:
                self.callback(event)
            last = event
        assert last is not None
        return last
