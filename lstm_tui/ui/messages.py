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
    from lstm_tui.core.cell_search import PredicateResult
    from lstm_tui.core.events import Event
    from lstm_tui.core.facts import CorpusFacts
    from lstm_tui.core.readout import Readout
    from lstm_tui.core.replay import Frame
    from lstm_tui.core.runs import RunInfo
    from lstm_tui.core.training import Trainer
    from lstm_tui.morph.collocations import Collocations
    from lstm_tui.morph.compare import Comparison
    from lstm_tui.morph.frequency import FreqTable
    from lstm_tui.morph.keyness import Keyness
    from lstm_tui.morph.kwic import Concordance
    from lstm_tui.ui.saved_runs import RunHistory


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
    """A saved run's history was read from its metrics.jsonl in a worker: its loss
    curves, their marks and its own corpus's n-gram line."""

    run: Path
    history: RunHistory


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
    language: str = "und"


@dataclass
class CorpusBaselineFitted(Message, bubble=False):
    """The corpus's n-gram baseline is in the cache: its line goes on the chart before Start."""

    corpus: str
    label: str  # "7-gram"
    val_loss: float


@dataclass
class ZeroShotScored(Message, bubble=False):
    """The base model was scored on a corpus without training (its zero-shot figures):
    where fine-tuning starts, drawn on the loss chart beside the n-gram."""

    corpus: str
    model: str  # "base-ja"
    val_loss: float
    test_loss: float | None
    ngram_test_loss: float | None


@dataclass
class ReplayFrame(Message):
    """The Train pane made a replay frame of the live run's newest preview; the app
    passes it to an open replay screen of the live run."""

    frame: Frame


# ---- the Runs pane (panes/runs.py) --------------------------------------------------------

RunAction = Literal["resume", "sample", "inspect"]
RunChange = Literal["rename", "delete"]


@dataclass
class RunOpenRequested(Message):
    """Open a saved run in another pane: resume it (Train), sample it, or inspect it."""

    path: Path
    action: RunAction


@dataclass
class RunChangeRequested(Message):
    """The user confirmed renaming (to `new_name`) or deleting a run; the app refuses it
    when that run is training or being sampled, else has the Runs pane do it."""

    path: Path
    action: RunChange
    new_name: str | None = None


@dataclass
class RunsChanged(Message):
    """The Runs pane renamed or deleted a run: model pickers should re-list.
    `old` is the folder that went; `new` the renamed one (None after a delete)."""

    old: Path
    new: Path | None


@dataclass
class RunsListed(Message, bubble=False):
    """A worker read every saved run's figures (core/runs.py)."""

    rows: list[RunInfo]


@dataclass
class RunCurvesLoaded(Message, bubble=False):
    """A worker read the marked runs' validation curves: (run name, points) each."""

    job: int
    curves: list[tuple[str, list[tuple[int, float]]]]


@dataclass
class ReplayLoaded(Message, bubble=False):
    """A worker read a saved run's preview samples as replay frames."""

    path: Path
    frames: list[Frame]


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
    """The model is ready and characters will follow; `unknown` prefix characters were
    skipped. `streams` says what streams ("hybrid (λ 0.42)" or "LSTM alone"); `note`
    why a hybrid run streams the LSTM alone, if it must."""

    job: int
    model: str
    unknown: list[str]
    streams: str = "LSTM alone"
    note: str | None = None


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


# ---- the Inspect pane (workers/inspect.py, ui/inspect/) ----------------------------------


@dataclass
class InspectCursorMoved(Message):
    """The coloured text's cursor moved to character `index` (the pane shows its detail)."""

    index: int


@dataclass
class InspectReady(Message, bubble=False):
    """A text was read by a model (readout), or could not be (one-line `error`); `notes`
    say what was cut or skipped."""

    job: int
    readout: Readout | None
    label: str
    model: str
    error: str | None = None
    notes: list[str] | None = None
    seconds: float = 0.0


@dataclass
class CellsFound(Message, bubble=False):
    """A cell search finished: the best units per predicate, or a one-line `error`."""

    job: int
    results: list[PredicateResult] | None
    error: str | None = None
    seconds: float = 0.0
