"""The learning rate as a pure function of (config, progress), like nanoGPT's get_lr.

A run's curve is fixed by its config and by where it stands (step, epoch, elapsed
time, budget), so a run stopped early and resumed without a new budget finishes on
exactly the curve it would have had: nothing here remembers anything between calls.

- `constant`: `lr` after the warm-up.
- `step`: `lr × decay_gamma^(epoch // decay_every_epochs)` (the seed recipe).
- `cosine`: linear warm-up over `warmup_steps`, then from `lr` down to
  `lr × min_lr_ratio` over the budget (steps or seconds, whichever is further along).
  Open-ended runs (no budget) stay at `lr`.

Extending a run with a new budget is a separate, recorded schedule: a warm restart
(`restart`). The new stretch starts at the learning rate the run was at, ramps
linearly over `warmup_steps` (at most a quarter of a step budget) to a restart peak of
`max(that lr, RESTART_PEAK × lr)`, then follows a cosine down to the same floor at the
end of the new budget. So the curve is continuous: a run that ended at the floor climbs
back gently (an SGDR-style restart, but to half the first peak, so a trained model is
nudged rather than shaken), and a run still above half its peak simply anneals from
where it is over the longer horizon.
A run stopped during its first warm-up finishes that warm-up to the full `lr`. With
the `step` and `constant` schedules a new budget only moves where the run stops. The
restart is kept in run.json (`progress.segments`) and announced as a "schedule" event
in metrics.jsonl, so a chart can mark it.

A learning rate set by hand while a run trains (the Train pane's lr box,
`Trainer.set_lr`) is a segment too, of kind `manual`: from its step the lr is held at
that value, whatever the schedule, until another manual change or a warm restart
(which starts from it). Being in progress.segments, it survives a resume exactly.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from lstm_tui.core.config import TrainConfig
from lstm_tui.core.runfiles import RunProgress
from lstm_tui.errors import ConfigError

RESTART_PEAK = 0.5  # a warm restart climbs back to at most this share of the first peak
MANUAL = "manual"  # the kind of a segment that holds an lr set by hand
MAX_LR = 1e6  # the Train form's bound; the trainer stops a diverging run itself


@dataclass(frozen=True)
class Segment:
    """One warm restart: from `start_step` (at `start_s` seconds) the lr ramps linearly
    from `start_lr` to `peak_lr` over `ramp_steps`, then follows a cosine from the peak
    to the floor at `end_step` or `end_s` (the new budget; either may be None)."""

    kind: str  # "warm_restart" for cosine; "extend" where the schedule has no horizon; "manual"
    start_step: int
    start_s: float
    start_lr: float
    peak_lr: float
    ramp_steps: int
    end_step: int | None
    end_s: float | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in run.json's progress.segments."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        """Rebuild from run.json; a malformed entry raises TypeError or ValueError."""
        return cls(
            kind=str(data["kind"]),
            start_step=int(data["start_step"]),
            start_s=float(data["start_s"]),
            start_lr=float(data["start_lr"]),
            peak_lr=float(data["peak_lr"]),
            ramp_steps=int(data["ramp_steps"]),
            end_step=None if data.get("end_step") is None else int(data["end_step"]),
            end_s=None if data.get("end_s") is None else float(data["end_s"]),
        )


def _fraction(
    step: int, elapsed_s: float, start_step: int, start_s: float, end_step: int | None, end_s: float | None
) -> float | None:
    """How far through [start, end] the run is (the further of steps and time), or None."""
    parts = []
    if end_step is not None and end_step > start_step:
        parts.append((step - start_step) / (end_step - start_step))
    if end_s is not None and end_s > start_s:
        parts.append((elapsed_s - start_s) / (end_s - start_s))
    return min(1.0, max(0.0, max(parts))) if parts else None


def _cosine(top: float, floor: float, frac: float) -> float:
    return floor + (top - floor) * 0.5 * (1 + math.cos(math.pi * frac))


def fraction_done(progress: RunProgress) -> float | None:
    """Share of the whole step or time budget used (the larger), or None when open-ended."""
    return _fraction(progress.step, progress.elapsed_s, 0, 0.0, progress.budget_steps, progress.budget_s)


def current_segment(progress: RunProgress) -> Segment | None:
    """The warm restart (or manual change) the run is in, or None while it is on its
    first schedule."""
    for raw in reversed(progress.segments):
        seg = Segment.from_dict(raw)
        if seg.start_step <= progress.step:
            return seg
    return None


def _manual_since(progress: RunProgress) -> Segment | None:
    """The last manual change at or before this step, if no warm restart came after it."""
    for raw in reversed(progress.segments):
        seg = Segment.from_dict(raw)
        if seg.start_step > progress.step:
            continue
        if seg.kind == MANUAL:
            return seg
        if seg.kind == "warm_restart":
            return None  # a restart starts from the manual lr and then follows its own curve
    return None


def get_lr(config: TrainConfig, progress: RunProgress) -> float:
    """The learning rate of the next step (number progress.step + 1)."""
    c, p = config, progress
    manual = _manual_since(p)
    if manual is not None:
        return manual.start_lr  # held until changed again, on every schedule
    seg = current_segment(p) if c.schedule == "cosine" else None
    if seg is not None:
        k = p.step - seg.start_step
        if k < seg.ramp_steps:
            return seg.start_lr + (seg.peak_lr - seg.start_lr) * k / seg.ramp_steps
        # The cosine starts at the peak, after the ramp (in time, from the restart).
        frac = _fraction(p.step, p.elapsed_s, seg.start_step + seg.ramp_steps, seg.start_s, seg.end_step, seg.end_s)
        return seg.peak_lr if frac is None else _cosine(seg.peak_lr, c.lr * c.min_lr_ratio, frac)
    if c.warmup_steps and p.step < c.warmup_steps:
        return c.lr * (p.step + 1) / c.warmup_steps
    if c.schedule == "step":
        return c.lr * c.decay_gamma ** (p.epoch // c.decay_every_epochs)
    if c.schedule == "cosine":
        # Old run.json files (before segments) stretched this over the extended budget;
        # they load, and from here on follow this function.
        frac = fraction_done(p)
        if c.anneal_s is not None:  # the floor by anneal_s even when the budget is longer
            early = min(1.0, p.elapsed_s / c.anneal_s)
            frac = early if frac is None else max(frac, early)
        if frac is not None:
            return _cosine(c.lr, c.lr * c.min_lr_ratio, frac)
    return c.lr


def budget_done(progress: RunProgress) -> bool:
    """True when the run has used its step or time budget."""
    p = progress
    if p.budget_steps is not None and p.step >= p.budget_steps:
        return True
    return p.budget_s is not None and p.elapsed_s >= p.budget_s


def has_budget(progress: RunProgress) -> bool:
    """True when the run trains to a budget rather than until stopped."""
    return progress.budget_steps is not None or progress.budget_s is not None


def restart(config: TrainConfig, progress: RunProgress, steps: int | None, time_limit: float | None) -> Segment:
    """The warm restart that extends `progress` by `steps` and/or `time_limit` seconds.

    It starts at the lr the next step would have had, so the curve never jumps (see the
    module docstring for the shape). The caller records it with `extend`.
    """
    p, c = progress, config
    start_lr = get_lr(c, p)
    in_first_warmup = not p.segments and c.warmup_steps > 0 and p.step < c.warmup_steps
    if c.schedule != "cosine":
        peak, ramp = start_lr, 0  # the curve has no horizon: only the budget changes
    elif in_first_warmup:
        peak, ramp = c.lr, c.warmup_steps - p.step
    else:
        peak = max(start_lr, RESTART_PEAK * c.lr)
        ramp = c.warmup_steps if peak > start_lr else 0
    if steps is not None:
        ramp = min(ramp, steps // 4)  # a short extension still leaves most of it to anneal
    return Segment(
        kind="warm_restart" if c.schedule == "cosine" else "extend",
        start_step=p.step,
        start_s=p.elapsed_s,
        start_lr=start_lr,
        peak_lr=peak,
        ramp_steps=ramp,
        end_step=p.step + steps if steps is not None else None,
        end_s=p.elapsed_s + time_limit if time_limit is not None else None,
    )


def extend(progress: RunProgress, segment: Segment) -> None:
    """Record a restart in progress: its segment and its budget become the run's."""
    progress.segments = [*progress.segments, segment.to_dict()]
    progress.budget_steps, progress.budget_s = segment.end_step, segment.end_s


def check_lr(value: float) -> float:
    """A learning rate a person may set by hand: finite and in (0, MAX_LR]; else ConfigError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"learning rate must be a finite number, not {value!r}")
    if not 0 < value <= MAX_LR:
        raise ConfigError(f"learning rate must be above 0 and at most {MAX_LR:g}, not {value:g}")
    return float(value)


def manual(progress: RunProgress, lr: float) -> Segment:
    """The manual change to `lr` from the next step on; the caller records it with
    `record`. The run's budget stays as it is."""
    p = progress
    return Segment(
        kind=MANUAL,
        start_step=p.step,
        start_s=p.elapsed_s,
        start_lr=check_lr(lr),
        peak_lr=float(lr),
        ramp_steps=0,
        end_step=p.budget_steps,
        end_s=p.budget_s,
    )


def record(progress: RunProgress, segment: Segment) -> None:
    """Add a manual change to progress (unlike `extend`, the budget is untouched).

    A second change at the same step replaces the first, so a person typing several
    values between two steps leaves one segment.
    """
    kept = [s for s in progress.segments if not (s.get("kind") == MANUAL and s.get("start_step") == segment.start_step)]
    progress.segments = [*kept, segment.to_dict()]
