"""The training loop's clocks and running figures: when it last evaluated, sampled,
saved and logged, the smoothed loss and chars/s. None of them shapes the weights."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from lstm_tui.core.runfiles import RunProgress


@dataclass
class LoopClock:
    """Times (time.perf_counter) and smoothed figures of one pass of the training loop."""

    last_tick: float
    last_eval: float
    last_sample: float
    last_ckpt: float
    last_log: float
    dt: float = 0.0
    smooth: float | None = None  # exponential average of the batch losses
    rate: float = 0.0  # characters per second, smoothed
    train_loss: float = math.nan  # the last batch's loss

    @classmethod
    def starting_now(cls, progress: RunProgress) -> LoopClock:
        """A clock whose every 'last' time is now, carrying a resumed run's train loss."""
        now = time.perf_counter()
        last = progress.last_train_loss if progress.last_train_loss is not None else math.nan
        return cls(now, now, now, now, now, train_loss=last)

    def tick(self, progress: RunProgress) -> float:
        """After a step: add its wall time to the run's elapsed time; returns now."""
        now = time.perf_counter()
        self.dt, self.last_tick = now - self.last_tick, now
        progress.elapsed_s += self.dt
        return now

    def count_overhead(self, progress: RunProgress, since: float) -> None:
        """Evaluating, sampling and saving count against the budget too."""
        after = time.perf_counter()
        progress.elapsed_s += after - since
        self.last_tick = after

    def record_step(self, loss: float, chars: int) -> None:
        """Fold one step's batch loss and its `chars` characters into the running figures."""
        self.train_loss = loss
        self.smooth = loss if self.smooth is None else 0.9 * self.smooth + 0.1 * loss
        self.rate = chars / self.dt if self.rate == 0.0 else 0.9 * self.rate + 0.1 * chars / max(self.dt, 1e-9)

    @property
    def reported_loss(self) -> float:
        """The smoothed train loss, or the last batch's before any smoothing."""
        return self.smooth if self.smooth is not None else self.train_loss
