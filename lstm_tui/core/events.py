"""What the Trainer reports. Plain dataclasses: the CLI prints them as JSON lines and
the app turns them into messages; neither needs torch to read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    """Base of every training event; `name` is the JSON "event" field."""

    name: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        """{"event": name, **fields} with floats rounded for humans and JSON."""
        out: dict[str, Any] = {"event": self.name}
        for k, v in asdict(self).items():
            out[k] = round(v, 6) if isinstance(v, float) else v
        return out


@dataclass(frozen=True)
class Progress(Event):
    """One optimisation step finished."""

    name: ClassVar[str] = "progress"
    step: int
    epoch: int
    train_loss: float
    lr: float
    chars_per_s: float
    elapsed_s: float
    fraction: float | None  # share of the step or time budget done; None when open-ended
    eta_s: float | None


@dataclass(frozen=True)
class Evaluated(Event):
    """Validation loss over the whole validation split."""

    name: ClassVar[str] = "evaluated"
    step: int
    val_loss: float
    train_loss: float
    elapsed_s: float


@dataclass(frozen=True)
class Sampled(Event):
    """A preview sample from the model as it is now."""

    name: ClassVar[str] = "sampled"
    step: int
    prefix: str
    text: str


@dataclass(frozen=True)
class Checkpointed(Event):
    """The run folder now holds this step."""

    name: ClassVar[str] = "checkpointed"
    step: int
    out: str


@dataclass(frozen=True)
class Rescheduled(Event):
    """The learning-rate schedule changed course: a resumed run got a new budget and
    continues on a warm restart (core/schedule.py). Emitted before the first step."""

    name: ClassVar[str] = "schedule"
    step: int
    kind: str  # "warm_restart" (cosine) or "extend" (a schedule without a horizon)
    start_lr: float
    peak_lr: float
    ramp_steps: int
    end_step: int | None
    end_s: float | None


@dataclass(frozen=True)
class Finished(Event):
    """Training ended normally (budget reached, stopped or early stop); always the last event.

    `val_loss` is the last weights' (the final evaluation); `best_val_loss`, `best_step`
    and `test_loss` describe the best-validation weights the run keeps for sampling.
    """

    name: ClassVar[str] = "finished"
    step: int
    train_loss: float
    val_loss: float
    chars_per_s: float
    elapsed_s: float
    out: str
    reason: str  # "steps", "time", "stopped" or "early_stop"
    test_loss: float | None = None  # the best weights on the test split
    best_val_loss: float | None = None
    best_step: int | None = None


@dataclass(frozen=True)
class Failed(Event):
    """Training could not go on; the run folder keeps the last good weights."""

    name: ClassVar[str] = "failed"
    step: int
    message: str
    out: str
