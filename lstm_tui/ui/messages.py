"""Every message of the app, in one place.

Messages go up, methods go down: workers and panes post these; the app routes the ones
that concern another pane by calling that pane's methods. Handlers own every widget
change. Sections: between panes, training, the Corpus pane, the Sample pane, the
Morphemes pane.

Payload types are imported for type checking only, so this module (imported before the
first paint) loads neither torch nor MeCab.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from lstm_tui.catalog import CorpusInfo
    from lstm_tui.core.events import Event
    from lstm_tui.core.facts import CorpusFacts
    from lstm_tui.core.training import Trainer
    from lstm_tui.morph.collocations import Collocations
    from lstm_tui.morph.compare import Comparison
    from lstm_tui.morph.frequency import FreqTable
    from lstm_tui.morph.keyness import Keyness
    from lstm_tui.morph.kwic import Concordance


# ---- between panes (the app routes these) ---------------------------------------------


@dataclass
class CorpusSelected(Message):
    """The user picked a corpus in the Corpus pane (or one was imported)."""

    name: str
    path: Path


@dataclass
class RunSaved(Message):
    """A run folder was written or changed: model pickers should refresh."""

    path: Path


@dataclass
class GeneratedText(Message):
    """A sample stream finished; the Morphemes pane can analyse this text."""

    text: str
    model: str


@dataclass
class GenerateRequested(Message):
    """The Morphemes pane wants `length` characters from the Sample pane's model."""

    length: int


# ---- training (the Train pane's worker; they bubble on to the app) ---------------------


@dataclass
class TrainerReady(Message):
    """The training worker built its Trainer: the live run can now be sampled and paused."""

    trainer: Trainer
    out: Path


@dataclass
class TrainingEvent(Message):
    """A core training event (Progress, Evaluated, Sampled, …) from the training worker."""

    event: Event


@dataclass
class TrainingEnded(Message):
    """The training worker has returned; `out` is the run folder it saved (if any)."""

    out: Path | None
    error: str | None = None


RunState = Literal["starting", "training", "paused", "saving", "idle", "failed"]


@dataclass
class TrainState(Message):
    """The Train pane's run changed state."""

    state: RunState


@dataclass
class RunHistoryLoaded(Message, bubble=False):
    """A saved run's loss curve, read from its metrics.jsonl in a worker: (step, loss) pairs."""

    run: Path
    train: list[tuple[int, float]]
    val: list[tuple[int, float]]


@dataclass
class DevicesFound(Message, bubble=False):
    """A worker probed the machine's torch devices (best first, cpu last)."""

    devices: list[str]


@dataclass
class CorpusSized(Message, bubble=False):
    """A worker counted a corpus: the default preset is fitted to these figures."""

    name: str
    vocab: int
    chars: int


# ---- the Corpus pane's workers -----------------------------------------------------------


@dataclass
class CorporaListed(Message, bubble=False):
    """The corpus list was read (catalog.list_corpora), or could not be (`error`);
    `select` names one to highlight."""

    corpora: list[CorpusInfo]
    select: str | None = None
    error: str | None = None


@dataclass
class CorpusFactsReady(Message, bubble=False):
    """Facts of one corpus were computed in a worker (or could not be: `error`)."""

    name: str
    facts: CorpusFacts | None
    error: str | None = None


@dataclass
class CorpusImported(Message, bubble=False):
    """An import worker finished: `info` on success, else a one-line `error`."""

    info: CorpusInfo | None
    error: str | None = None


# ---- the Sample pane's worker (workers/sample.py) ----------------------------------------


@dataclass
class StreamStarted(Message, bubble=False):
    """The model is ready and characters will follow; `unknown` prefix characters were skipped."""

    job: int
    model: str
    unknown: list[str]


@dataclass
class StreamChunk(Message, bubble=False):
    """New characters, one string per column (empty when a column had none)."""

    job: int
    parts: list[str]


@dataclass
class StreamEnded(Message, bubble=False):
    """The stream is over: finished, stopped, or failed with a one-line `error`."""

    job: int
    model: str
    texts: list[str]
    stopped: bool
    error: str | None = None
    seconds: float = 0.0


# ---- the Morphemes pane's worker (workers/morph.py) --------------------------------------


@dataclass
class MorphProgress(Message, bubble=False):
    """A stage of the computation began (`done` of workers.morph.STAGES finished)."""

    job: int
    stage: str
    done: int


@dataclass
class MorphResult(Message, bubble=False):
    """Tables for the corpus and the generated text, their comparison, or an error."""

    job: int
    corpus: FreqTable | None
    generated: FreqTable | None
    comparison: Comparison | None
    corpus_chars: int = 0
    error: str | None = None
    seconds: float = 0.0


@dataclass
class KwicReady(Message, bubble=False):
    """A concordance of one word in the corpus and in the generated text (workers.morph).

    A side is None when there is no such text; `*_near` are the nearest forms that do
    occur (word, count) when a side has no occurrence; `*_text` is the text the lines
    point into (for the whole sentence); `note` a hint (a word MeCab splits).
    """

    word: str
    corpus: Concordance | None
    generated: Concordance | None
    corpus_text: str = ""
    generated_text: str = ""
    corpus_near: list[tuple[str, int]] | None = None
    generated_near: list[tuple[str, int]] | None = None
    note: str = ""
    error: str | None = None


@dataclass
class KeynessReady(Message, bubble=False):
    """Key words of the corpus against the generated text or a second corpus, or an error."""

    result: Keyness | None
    generated: bool = False
    error: str | None = None


@dataclass
class CollocationsReady(Message, bubble=False):
    """The collocates of one word in the corpus, or an error."""

    result: Collocations | None
    error: str | None = None
