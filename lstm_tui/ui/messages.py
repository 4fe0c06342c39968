"""Messages that cross pane boundaries, and those posted by workers.

Workers only post these; handlers in the app and panes own every widget change.
Pane-internal messages are at the end of this file, grouped by pane.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message


@dataclass
class CorpusSelected(Message):
    """The user picked a corpus in the Corpus pane (or one was imported)."""

    name: str
    path: Path


@dataclass
class TrainingEvent(Message):
    """A core training event (lstm_tui.core.events.*) from the training worker."""

    event: Any


@dataclass
class TrainingEnded(Message):
    """The training worker has returned; `out` is the run folder it saved (if any)."""

    out: Path | None
    error: str | None = None


@dataclass
class RunSaved(Message):
    """A run folder was written or changed: model pickers should refresh."""

    path: Path


@dataclass
class GeneratedText(Message):
    """A sample stream finished; the Morphemes pane can analyse this text."""

    text: str
    model: str


# ---- Train pane ------------------------------------------------------------------------


@dataclass
class TrainerReady(Message):
    """The training worker built its Trainer: the live run can now be sampled and paused."""

    trainer: Any
    out: Path


@dataclass
class TrainState(Message):
    """The Train pane's run changed state: starting, training, paused, saving or idle."""

    state: str


# ---- Corpus pane -----------------------------------------------------------------------


@dataclass
class CorporaListed(Message):
    """The corpus list was read (catalog.list_corpora); `select` names one to highlight."""

    corpora: list[Any]
    select: str | None = None


@dataclass
class CorpusFactsReady(Message):
    """Facts of one corpus were computed in a worker (or could not be: `error`)."""

    name: str
    facts: Any
    error: str | None = None


@dataclass
class CorpusImported(Message):
    """An import worker finished: `info` on success, else a one-line `error`."""

    info: Any
    error: str | None = None


@dataclass
class DevicesFound(Message):
    """A worker probed the machine's torch devices (best first, cpu last)."""

    devices: list[str]


@dataclass
class CorpusSized(Message):
    """A worker counted a corpus: the default preset is fitted to these figures."""

    name: str
    vocab: int
    chars: int
