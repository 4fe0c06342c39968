"""The Trainer: truncated BPTT over contiguous streams, reporting through events.

It runs in the caller's thread, never prints, checks its stop flag every step and can
be paused. `events()` is the loop as an iterator; `run()` feeds a callback.

Resuming is exact: the run folder holds the weights, the optimizer's moments, the
carried LSTM state, the torch RNG and the data position, and the learning rate is a
pure function of (config, progress) (core/schedule.py). Nothing between two steps
(evaluation, preview samples, the finite-weights snapshot, saving) draws from the torch
RNG, so a run stopped after a checkpoint and resumed without a new budget ends with
the same weights, bit for bit, as one that never stopped (in fp32 on one thread).
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch

from lstm_tui.core import checkpoint as ckpt
from lstm_tui.core import hybrid, schedule
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Corpus, Streams, Vocab, epoch_streams
from lstm_tui.core.cpus import training_threads, usable_cores
from lstm_tui.core.devices import resolve_device, use_bf16
from lstm_tui.core.evaluation import evaluate, evaluate_log_probs
from lstm_tui.core.events import (
    BaselineReady,
    Checkpointed,
    Evaluated,
    Event,
    Failed,
    Finished,
    LrChanged,
    Progress,
    Rescheduled,
    Sampled,
)
from lstm_tui.core.finetune import StartFrom
from lstm_tui.core.kept_weights import BestWeights, LastGood
from lstm_tui.core.loop_clock import LoopClock
from lstm_tui.core.loss import linear_cross_entropy
from lstm_tui.core.model import CharLSTM, State
from lstm_tui.core.ngram import Baseline
from lstm_tui.core.ngram_cache import cached_baseline
from lstm_tui.core.optim import divergence_threshold, make_optimizer
from lstm_tui.core.preflight import allocation_error, check_memory, check_writable, remove_if_only_lock
from lstm_tui.core.sampling import sample_text
from lstm_tui.core.scoring import end_of_run
from lstm_tui.errors import CheckpointError

_PROGRESS_LOG_EVERY_S = 1.0  # metrics.jsonl keeps at most ~1 progress line a second
_GOOD_SNAPSHOT_EVERY = 25  # steps between in-memory copies of the last finite weights


class Trainer:
    """Trains one CharLSTM on one corpus, saving to a run folder as it goes.

    With `resume`, it continues that run: from its last weights (a Run loaded with
    the default weights="best" is reloaded with "last"), on its saved budget when the
    config has neither `steps` nor `time_limit`, else on a warm restart over that new
    budget (core/schedule.py), announced by a Rescheduled event.
    """

    def __init__(
        self,
        config: TrainConfig,
        corpus: Corpus,
        out: Path | None = None,
        callback: Callable[[Event], None] | None = None,
        resume: ckpt.Run | None = None,
        start: StartFrom | None = None,
    ) -> None:
        self.config = config.validate()
        self.start = start
        self.corpus = corpus
        self.out = Path(out) if out is not None else None
        self.callback = callback
        self.saved_step: int | None = None  # the step the run folder holds
        self._run_lock: ckpt.RunLock | None = None
        self.device = resolve_device(config.device)
        if resume is None:  # before any folder is made: a refused model leaves nothing behind
            check_memory(self.config, len(corpus.vocab), self.device)
        made = self.out is not None and not self.out.exists()
        self._made_folder = made  # removed again if the run fails before its first save
        if self.out is not None:
            self._run_lock = check_writable(self.out, resume.path if resume is not None else None)
        try:
            self._setup(config, corpus, resume)
        except BaseException:
            self.close()
            if made and self.out is not None:
                remove_if_only_lock(self.out)
            raise

    def _setup(self, config: TrainConfig, corpus: Corpus, resume: ckpt.Run | None) -> None:
        """The rest of __init__, run under the folder's lock (released if it fails)."""
        self.bf16 = use_bf16(config.precision, self.device)
        self._stop = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._lock = threading.Lock()  # guards the model between steps, for snapshots
        self.metrics: list[dict[str, Any]] = []
        self._sha = corpus.sha256  # hashed once: the text can be 100 MB
        self.samples: list[str] = []
        self._pending: list[Event] = []  # emitted when the loop starts
        self._lr_wanted: float | None = None  # set_lr's value, taken before the next step
        self._lr_lock = threading.Lock()  # set_lr runs on another thread (the UI's)
        self._best = BestWeights()
        self._baseline_sent = False  # the BaselineReady event went out
        self._ngram_baseline: Baseline | None = None  # fitted (or read) at the end
        self._hybrid: hybrid.HybridEntry | None = None  # the mixture run.json records
        self._early_stopped = False
        self._parent = self.start.record() if self.start is not None else None  # run.json's "from"
        self._diverged_above = divergence_threshold(len(corpus.vocab))

        torch.manual_seed(config.seed)
        if resume is not None:
            if resume.weights != "last":
                resume = ckpt.load_run(resume.path, weights="last")
            ckpt.check_resumable(resume, self.corpus.vocab, self._sha, self.config)
            if not math.isfinite(resume.progress.elapsed_s):  # a NaN clock never reaches its budget
                raise CheckpointError(f"{resume.path / ckpt.RUN_FILE}: progress.elapsed_s is not a finite number")
            self.model = resume.model
            self.progress = resume.progress
            self.saved_step = resume.progress.step
            # strict: a folder where a log should be would make every save fail later
            self.metrics = ckpt.read_metrics(resume.path, strict=True)
            self.samples = ckpt.read_samples(resume.path, strict=True)
            self._best.load_saved(resume)
            self._hybrid = resume.hybrid
            self._parent = resume.parent
        else:
            self.progress = ckpt.RunProgress()
        try:
            if resume is None and self.start is not None:
                self.model = self.start.model
            elif resume is None:
                self.model = ckpt.build_model(config, len(corpus.vocab))
            self.model.to(self.device).train()
            self.optimizer = make_optimizer(self.config, self.model.parameters(), self.device)
        except (RuntimeError, MemoryError) as exc:
            if (err := allocation_error(exc, self.config)) is not None:
                raise err from None
            raise
        self._hidden: State | None = None
        if resume is not None:
            self._hidden = ckpt.restore_train_state(resume.extra, self.model, self.optimizer, config.batch_size)
        self._set_budget(resumed=resume is not None)
        self._lr = self.lr_now()  # the learning rate of the last step taken
        self._good = LastGood()
        self.streams_train = self._streams(self.progress.epoch)

    # ---- control, callable from any thread -------------------------------------------------
    def close(self) -> None:
        """Release the run folder's lock (events() does this when it ends)."""
        if self._run_lock is not None:
            self._run_lock.release()
            self._run_lock = None

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

    def set_lr(self, lr: float) -> None:
        """Train with this learning rate from the next step on, until changed again.

        Callable from any thread; a bad value raises ConfigError here, at once. The loop
        takes it before its next step, records it as a "manual" schedule segment (so it
        is saved in run.json and survives resume) and emits LrChanged.
        """
        value = schedule.check_lr(lr)
        with self._lr_lock:
            self._lr_wanted = value

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
    def _set_budget(self, resumed: bool) -> None:
        """The budget the loop stops at and the schedule's horizon.

        A new run takes the config's. A resumed run keeps its saved budget unless the
        config gives a new one: then the schedule makes a warm restart over it.
        """
        c, p = self.config, self.progress
        if not resumed:
            p.budget_steps, p.budget_s = c.steps, c.time_limit
        elif c.steps is not None or c.time_limit is not None:
            seg = schedule.restart(c, p, c.steps, c.time_limit)
            schedule.extend(p, seg)
            p.evals_since_best = 0  # a new budget gives early stopping a new start too
            self._pending.append(
                Rescheduled(p.step, seg.kind, seg.start_lr, seg.peak_lr, seg.ramp_steps, seg.end_step, seg.end_s)
            )

    def _streams(self, epoch: int) -> Streams:
        c = self.config
        return epoch_streams(self.corpus, c.batch_size, c.seq_len, c.seed, epoch)

    # ---- schedule ----------------------------------------------------------------------------
    def fraction_done(self) -> float | None:
        """Share of the step or time budget used (the larger), or None when open-ended."""
        return schedule.fraction_done(self.progress)

    def lr_now(self) -> float:
        """Learning rate for the next step (core/schedule.py's get_lr)."""
        return schedule.get_lr(self.config, self.progress)

    def _take_lr(self) -> LrChanged | None:
        """Apply a learning rate set with set_lr since the last step, if any."""
        with self._lr_lock:
            wanted, self._lr_wanted = self._lr_wanted, None
        if wanted is None:
            return None
        previous = self.lr_now()
        schedule.record(self.progress, schedule.manual(self.progress, wanted))
        return LrChanged(self.progress.step, wanted, previous)

    def _budget_left(self) -> bool:
        return not schedule.budget_done(self.progress)

    # ---- one step ----------------------------------------------------------------------------
    def _is_diverged(self, loss: float) -> bool:
        return not math.isfinite(loss) or loss > self._diverged_above

    def _step(self) -> float:
        """One optimisation step on the next batch; returns the batch loss."""
        c, p = self.config, self.progress
        if p.batch >= self.streams_train.batches_per_epoch:
            p.epoch, p.batch = p.epoch + 1, 0
            self.streams_train = self._streams(p.epoch)
            self._hidden = None  # a new epoch starts each stream afresh
        x, y = self.streams_train.batch(p.batch)
        x, y = x.to(self.device), y.to(self.device)
        self._lr = self.lr_now()
        for group in self.optimizer.param_groups:
            group["lr"] = self._lr
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            out, hidden = self.model.features(x, self._hidden)
        weight, bias = self.model.output_layer()
        loss = linear_cross_entropy(out.reshape(-1, out.shape[-1]), weight, bias, y.reshape(-1), bf16=self.bf16)
        value = float(loss.detach())
        if self._is_diverged(value):
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

    # ---- what happens between steps ---------------------------------------------------------
    def _emit(self, event: Event) -> Event:
        if not isinstance(event, Progress):
            self.metrics.append(event.to_dict())
        return event

    def _evaluate(self, train_loss: float, scheduled: bool) -> Evaluated:
        """Validation loss now; keeps the best weights. Only scheduled evaluations count
        for early stopping, so the one a stop adds leaves a resumed run's patience as an
        uninterrupted run's would be (unless that one set a new best)."""
        with self._lock:
            val, val_lp = math.nan, None
            if len(self.corpus.val) > 1 and self.config.hybrid:
                val, val_lp = evaluate_log_probs(self.model, self.corpus.val, bf16=self.bf16)
            elif len(self.corpus.val) > 1:
                val = evaluate(self.model, self.corpus.val, bf16=self.bf16)
            p = self.progress
            p.last_val_loss = val
            improved = math.isfinite(val) and (p.best_val_loss is None or val < p.best_val_loss)
            if improved:
                p.best_val_loss, p.best_step = val, p.step
                self._best.keep(p.step, self.model, val_lp)
        if scheduled:
            p.evals_since_best = 0 if improved else p.evals_since_best + 1
        return Evaluated(p.step, val, train_loss, p.elapsed_s)

    def _sample(self) -> Sampled | None:
        """A preview sample (its RNG is numpy's, seeded by the step: the torch RNG is untouched)."""
        c, step = self.config, self.progress.step
        if c.sample_length == 0:
            return None
        # The prefix as the model reads it: the sampler skips characters outside the
        # vocabulary, so the seed recipe's こんにち on an English corpus was shown before
        # text that never saw it.
        prefix = "".join(ch for ch in c.sample_prefix if ch in self.vocab.stoi)
        with self._lock:
            text = sample_text(self.model, self.vocab, prefix, c.sample_length, c.sample_temperature, seed=step)
        self.samples.append(f"[step {step}] {prefix}{text}")
        return Sampled(step, prefix, text)

    # ---- the n-gram beside the model --------------------------------------------------------
    def _baseline_ready(self, baseline: Baseline | None) -> BaselineReady | None:
        """The BaselineReady event for `baseline`, once per Trainer."""
        if self._baseline_sent or baseline is None:
            return None
        self._baseline_sent = True
        b = baseline
        return BaselineReady(self.progress.step, b.order, b.label, b.val_loss, b.test_loss)

    def _cached_baseline(self) -> Baseline | None:
        """The corpus's baseline if the disk cache has it (a JSON read; never a fit,
        which waits for the end of the budget: see hybrid.ngram_figures)."""
        try:
            return cached_baseline(self.corpus.text, self._sha, self.corpus.bounds)
        except Exception:  # noqa: BLE001 - only an early chart line is lost; the end fits it
            return None

    def _end_figures(self) -> dict[str, Any]:
        """The Finished event's test figures (core/scoring.py `end_of_run`), for the
        best weights, else the current ones."""
        with self._lock:
            model = copy.deepcopy(self.model)
        best = self._best
        if best.weights is not None:
            model.load_state_dict(best.weights)
        end = end_of_run(
            model, self.corpus, mix=self.config.hybrid, bf16=self.bf16, best_step=best.step, best_val_lp=best.val_lp
        )
        self._ngram_baseline = end.baseline
        if end.hybrid is not None:
            self._hybrid = end.hybrid
        return end.figures

    def save(self) -> Checkpointed | None:
        """Write the run folder now (no-op without an output folder).

        A failed write (disk full, folder gone read-only) raises CheckpointError; the
        folder keeps its last complete checkpoint, since every file is renamed into place.
        """
        if self.out is None:
            return None
        corpus = {
            "name": self.corpus.name,
            "sha256": self._sha,
            "chars": len(self.corpus.text),
            "path": self.corpus.path,
        }
        try:
            with self._lock:
                best = self._best.to_save()
                ckpt.save_run(
                    self.out,
                    self.model,
                    self.vocab,
                    self.config,
                    corpus,
                    self.progress,
                    extra=ckpt.train_state_tensors(self.model, self.optimizer, self._hidden),
                    metrics=self.metrics,
                    samples=self.samples,
                    best=best,
                    hybrid=self._hybrid_to_save(),
                    parent=self._parent,
                )
        except OSError as exc:
            kept = f"step {self.saved_step}" if self.saved_step is not None else "nothing yet"
            raise CheckpointError(
                f"could not save the run to {self.out} ({exc.strerror or exc}); the folder keeps {kept}"
            ) from None
        if best is not None:
            self._best.unsaved = False
        self.saved_step = self.progress.step
        return Checkpointed(self.progress.step, str(self.out))

    def _hybrid_to_save(self) -> hybrid.HybridEntry | None:
        """The mixture for run.json while it still belongs to the best weights: λ was
        fitted for them, so a checkpoint after a newer best drops it until the end."""
        entry = self._hybrid
        if entry is None or not self.config.hybrid or entry.best_step != self.progress.best_step:
            return None
        return entry

    def _save_or_fail(self) -> Event | None:
        """save(), turning a failed write into a Failed event that ends the run."""
        try:
            return self.save()
        except CheckpointError as exc:
            return Failed(self.progress.step, f"{exc}; training stopped", str(self.out or ""))

    def _remember_good(self) -> None:
        self._good.remember(self.progress.step, self.model, self.optimizer)

    def _restore_good(self) -> int:
        step = self._good.restore(self.model, self.optimizer)
        if step is None:
            return self.progress.step
        self._hidden = None
        self.progress.step = step
        return step

    def _diverged(self, loss: float) -> Failed:
        """Go back to the last finite weights, save them and say what happened."""
        bad_step = self.progress.step + 1
        good = self._restore_good()
        what = f"became {loss}" if not math.isfinite(loss) else f"exploded to {loss:.3g}"
        msg = f"the loss {what} at step {bad_step}; training stopped (try a lower learning rate)"
        saved = self._save_or_fail()
        if isinstance(saved, Checkpointed):
            msg += f"; the run keeps the weights of step {good}"
        elif isinstance(saved, Failed):
            msg += f"; {saved.message}"
        return Failed(self.progress.step, msg, str(self.out or ""))

    def _progress(self, loss: float, now: float, loop: LoopClock) -> Progress:
        p = self.progress
        loop.record_step(loss, self.config.batch_size * self.config.seq_len)
        p.last_batch_loss, p.last_train_loss = loss, loop.smooth
        frac = self.fraction_done()
        eta = p.elapsed_s * (1 - frac) / frac if frac else None
        event = Progress(p.step, p.epoch, loss, self._lr, loop.rate, p.elapsed_s, frac, eta)
        if now - loop.last_log >= _PROGRESS_LOG_EVERY_S:
            self.metrics.append(event.to_dict())
            loop.last_log = now
        return event

    def _periodic(self, now: float, loop: LoopClock) -> Iterator[Event]:
        """The evaluations, samples and checkpoints that are due after a step."""
        c, p = self.config, self.progress
        if p.step % _GOOD_SNAPSHOT_EVERY == 0:
            self._remember_good()
        if not self._budget_left():
            return  # the end evaluates, samples and saves anyway
        due_eval = (p.step % c.eval_every_steps == 0) if c.eval_every_steps else now - loop.last_eval >= c.eval_every_s
        if due_eval:
            yield self._emit(self._evaluate(loop.reported_loss, scheduled=True))
            loop.last_eval = time.perf_counter()
        if now - loop.last_sample >= c.sample_every_s:
            if (sampled := self._sample()) is not None:
                yield self._emit(sampled)
            loop.last_sample = time.perf_counter()
        if now - loop.last_ckpt >= c.checkpoint_every_s:
            if (saved := self._save_or_fail()) is not None:
                yield self._emit(saved)
            loop.last_ckpt = time.perf_counter()

    def _patience_spent(self) -> bool:
        c = self.config
        return c.early_stop > 0 and self.progress.evals_since_best >= c.early_stop

    def _end_reason(self) -> str:
        p = self.progress
        if self._stop.is_set():
            return "stopped"
        if self._early_stopped:
            return "early_stop"
        return "steps" if p.budget_steps is not None and p.step >= p.budget_steps else "time"

    def _finish(self, loop: LoopClock) -> Iterator[Event]:
        """The last evaluation and sample, the test loss of the best weights, the save."""
        p = self.progress
        reason = self._end_reason()
        evaluated = self._evaluate(loop.reported_loss, scheduled=False)
        yield self._emit(evaluated)
        if (sampled := self._sample()) is not None:
            yield self._emit(sampled)
        figures = self._end_figures()  # fits the n-gram when the cache lacks it
        if (ready := self._baseline_ready(self._ngram_baseline)) is not None:
            yield self._emit(ready)
        finished = Finished(
            p.step,
            loop.reported_loss,
            evaluated.val_loss,
            loop.rate,
            p.elapsed_s,
            str(self.out or ""),
            reason,
            best_val_loss=p.best_val_loss,
            best_step=p.best_step,
            parent=self._parent["name"] if self._parent else None,
            **figures,
        )
        self.metrics.append(finished.to_dict())
        saved = self._save_or_fail()
        if saved is not None:
            yield saved
            if isinstance(saved, Failed):
                return
        yield finished

    # ---- the loop ----------------------------------------------------------------------------
    def events(self) -> Iterator[Event]:
        """Run the training loop, yielding events; the last one is Finished or Failed.

        A failed allocation inside a step (a model that passed the memory check but not
        the allocator) is raised as one ConfigError line, and a folder this Trainer made
        and never saved into is removed again: nothing is left behind."""
        try:
            yield from self._events()
        except (RuntimeError, MemoryError) as exc:
            if (err := allocation_error(exc, self.config)) is not None:
                raise err from None
            raise
        finally:
            self.close()
            if self._made_folder and self.saved_step is None and self.out is not None:
                remove_if_only_lock(self.out)

    def _events(self) -> Iterator[Event]:
        # More threads than usable cores only wait on each other (46× slower measured
        # with 1,024 on 2 cores); the command line warns when it caps --threads.
        torch.set_num_threads(min(self.config.threads or training_threads(), usable_cores()))
        loop = LoopClock.starting_now(self.progress)
        self._remember_good()
        while self._pending:
            yield self._emit(self._pending.pop(0))
        if (ready := self._baseline_ready(self._cached_baseline())) is not None:
            yield self._emit(ready)  # the chart's baseline line from the first step, when cached
        self._early_stopped = self._patience_spent()  # a resumed run that had stopped early
        if self.start is not None and self.progress.step == 0:
            # A fine-tune's first best is its parent as it is: more training must beat it.
            yield self._emit(self._evaluate(math.nan, scheduled=False))
            loop.last_eval = time.perf_counter()
        while not self._stop.is_set() and self._budget_left() and not self._early_stopped:
            if not self._running.is_set():
                self._running.wait(0.1)
                loop.last_tick = time.perf_counter()  # paused time is not training time
                continue
            if (changed := self._take_lr()) is not None:
                yield self._emit(changed)
            with self._lock:
                loss = self._step()
            now = loop.tick(self.progress)
            if self._is_diverged(loss):
                yield self._emit(self._diverged(loss))
                return
            yield self._progress(loss, now, loop)
            for event in self._periodic(now, loop):
                yield event
                if isinstance(event, Failed):
                    return
            loop.count_overhead(self.progress, since=now)
            self._early_stopped = self._patience_spent()
        yield from self._finish(loop)

    def run(self) -> Event:
        """Run to the end, passing every event to the callback; returns the last event."""
        last: Event | None = None
        for event in self.events():
            if self.callback is not None:
                self.callback(event)
            last = event
        assert last is not None
        return last
