"""Training replay: the preview samples a run wrote, as a timeline with the loss at each.

The char-rnn "evolution of samples": every "sampled" event in metrics.jsonl (or live,
from the Trainer's events as dicts) becomes a Frame holding the text and the losses the
run had reached at that step: the last training loss logged at or before it and the
last validation loss. Pure Python over event dicts, so the app builds it without torch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lstm_tui.core.runfiles import read_metrics


@dataclass(frozen=True)
class Frame:
    """One preview: the step it was made at, its prefix and text, and the losses then."""

    step: int
    prefix: str
    text: str
    train_loss: float | None
    val_loss: float | None
    lr: float | None = None  # the learning rate of the last step before it, when logged


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _or(value: Any, kept: float | None) -> float | None:
    """The value when it is a finite number, else what was kept."""
    new = _finite(value)
    return kept if new is None else new


@dataclass
class ReplayBuilder:
    """Turns a stream of event dicts ({"event": …, …}) into frames, in order."""

    frames: list[Frame] = field(default_factory=list)
    _train: float | None = None
    _val: float | None = None
    _lr: float | None = None

    def feed(self, event: dict[str, Any]) -> Frame | None:
        """Take one event; returns the new Frame when it was a preview sample."""
        kind, step = event.get("event"), event.get("step")
        if kind == "progress":
            self._train = _or(event.get("train_loss"), self._train)
            self._lr = _or(event.get("lr"), self._lr)
        elif kind == "lr":
            self._lr = _or(event.get("lr"), self._lr)
        elif kind in ("evaluated", "finished"):
            self._val = _or(event.get("val_loss"), self._val)
            self._train = _or(event.get("train_loss"), self._train)
        elif kind == "sampled" and isinstance(step, int) and not isinstance(step, bool):
            prefix, text = event.get("prefix"), event.get("text")
            frame = Frame(
                step,
                prefix if isinstance(prefix, str) else "",
                text if isinstance(text, str) else "",
                self._train,
                self._val,
                self._lr,
            )
            if self.frames and self.frames[-1].step == step:
                self.frames[-1] = frame  # the end of a run samples again at the same step
            else:
                self.frames.append(frame)
            return frame
        return None

    def feed_all(self, events: Iterable[dict[str, Any]]) -> list[Frame]:
        """Feed every event; returns all frames so far."""
        for event in events:
            self.feed(event)
        return self.frames


def replay_frames(run: Path) -> list[Frame]:
    """The frames of a saved run, from its metrics.jsonl (empty when it has none)."""
    return ReplayBuilder().feed_all(read_metrics(run))
