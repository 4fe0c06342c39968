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
class BaselineReady(Event):
    """The corpus's n-gram baseline (core/ngram.py): its figures on the same validation
    and test splits the model is scored on. Sent once: before the first step when the
    disk cache has it (any earlier run, `lstm-tui baseline` or eval on that text), else
    at the end, just before Finished (fitting waits for the budget to be spent)."""

    name: ClassVar[str] = "baseline"
    step: int
    order: int
    label: str  # e.g. "7-gram"
    val_loss: float
    test_loss: float


@dataclass(frozen=True)
class Finished(Event):
    """Training ended normally (budget reached, stopped or early stop); always the last event.

    `val_loss` is the last weights' (the final evaluation); `best_val_loss`, `best_step`
    and `test_loss` describe the best-validation weights the run keeps for sampling.
    `test_loss` is the model as configured: with `hybrid_lambda` set, the mixture
    λ·LSTM + (1 − λ)·n-gram (core/hybrid.py, λ fitted on validation); `lstm_test_loss`
    is the LSTM alone, always. The `ngram_*` fields are the corpus's n-gram baseline on
    the same splits; they and `hybrid_lambda` are None where the baseline could not be
    built (a text too short), and `hybrid_lambda` is None when the hybrid is off.
    The LSTM's and the mixture's test losses score every test character after the first
    (evaluate() predicts each from the ones before it); `ngram_test_loss` is what
    `lstm-tui baseline` prints, over all of them: on a 21,000-character test split that
    one character moves a mean by at most ~1e-4.
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
    lstm_test_loss: float | None = None  # the best weights alone on the test split
    ngram_order: int | None = None
    ngram_val_loss: float | None = None
    ngram_test_loss: float | None = None
    hybrid_lambda: float | None = None  # the LSTM's weight in the mixture; None: no mixture
    parent: str | None = None  # the run it started from ("base-ja", a folder), None from scratch

    def to_dict(self) -> dict[str, Any]:
        """As Event.to_dict, with `parent` under the key "from" (run.json's name for it)."""
        out = super().to_dict()
        out["from"] = out.pop("parent")
        return out


@dataclass(frozen=True)
class Failed(Event):
    """Training could not go on; the run folder keeps the last good weights."""

    name: ClassVar[str] = "failed"
    step: int
    message: str
    out: str


@dataclass(frozen=True)
class LrChanged(Event):
    """A person set the learning rate by hand while the run trained (Trainer.set_lr):
    from step `step + 1` on it is `lr` (a "manual" segment, core/schedule.py) until
    changed again; `previous_lr` is what the schedule would have used."""

    name: ClassVar[str] = "lr"
    step: int
    lr: float
    previous_lr: float
