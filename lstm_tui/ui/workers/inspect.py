"""The inspect worker: read a text through a saved run or the live run's snapshot, and
search its cells. Runs off the event loop and only posts InspectReady / CellsFound.

torch loads here, in the worker thread, never while the app paints. The default text
is a slice of the held-out test split of the corpus the model was trained on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from lstm_tui.core.readout import Readout
from lstm_tui.errors import UserError
from lstm_tui.ui.messages import CellsFound, InspectReady
from lstm_tui.ui.workers.sample import ModelStore, Snapshotting

MAX_CHARS = 4_000  # what the pane colours interactively; longer texts are cut, with a note
SPLIT_SLICE = 2_000  # the default text: this many characters of the test split
TOP_K = 10


@dataclass(frozen=True)
class InspectRequest:
    """One reading: a model source, and a text (None: the model's held-out test split)."""

    job: int
    source: Path | Snapshotting  # a run folder, or the live Trainer
    model_name: str
    text: str | None
    label: str


def _held_out_of_run(path: Path, vocab: str) -> str:
    """The test split of the corpus a saved run recorded (UserError when it is not here)."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.held_out import check_trained_on, split_text
    from lstm_tui.core.runfiles import read_run_meta
    from lstm_tui.paths import resolve_corpus

    corpus = read_run_meta(path).get("corpus")
    corpus = corpus if isinstance(corpus, dict) else {}
    name, where = corpus.get("name"), corpus.get("path")
    file = Path(where) if isinstance(where, str) and Path(where).is_file() else None
    if file is None:
        if not isinstance(name, str) or not name:
            raise UserError("the run does not name its corpus: type a text to inspect instead")
        try:
            file = resolve_corpus(name)
        except UserError:
            raise UserError(f"the run's corpus {name!r} is not here: type a text to inspect instead") from None
    text = read_text(file)
    check_trained_on(corpus, text, file.name)
    return split_text(text, vocab, "test")


def _held_out_of_trainer(trainer: Snapshotting) -> str:
    corpus = getattr(trainer, "corpus", None)
    if corpus is None:
        raise UserError("the live run has no corpus to read: type a text to inspect instead")
    return corpus.vocab.decode(corpus.test)


def run_inspect(request: InspectRequest, store: ModelStore, post: Callable[[Message], object]) -> None:
    """Read the request's text with its model (h and c included) and post InspectReady."""
    started = time.monotonic()
    try:
        from lstm_tui.core.inspection import inspect_split, inspect_text

        if isinstance(request.source, Path):
            model, vocab = store.get(request.source)
        else:  # a fresh snapshot: never races the training step
            model, vocab = request.source.snapshot(), request.source.vocab
        notes: list[str] = []
        text = request.text
        if text is None:
            if isinstance(request.source, Path):
                split = _held_out_of_run(request.source, vocab.chars)
            else:
                split = _held_out_of_trainer(request.source)
            if len(split) > SPLIT_SLICE:
                notes.append(f"the first {SPLIT_SLICE:,} of {len(split):,} test-split characters")
            # in eval's stretches: a whole split's mean is the run's test loss, as on the command line
            readout = inspect_split(model, vocab, split, limit=SPLIT_SLICE, top_k=TOP_K, states=True)
        else:
            if len(text) > MAX_CHARS:
                notes.append(f"cut at {MAX_CHARS:,} of {len(text):,} characters (the limit for colouring here)")
                text = text[:MAX_CHARS]
            readout = inspect_text(model, vocab, text, top_k=TOP_K, states=True)
        if readout.unknown_count:
            notes.append(f"{readout.unknown_count:,} not in the vocabulary (grey, left out of the mean)")
        readout.notes = notes
        post(
            InspectReady(
                request.job, readout, request.label, request.model_name, None, notes, time.monotonic() - started
            )
        )
    except UserError as exc:
        post(InspectReady(request.job, None, request.label, request.model_name, str(exc)))
    except Exception as exc:  # a broken run must become a message, never a dead worker
        post(
            InspectReady(
                request.job, None, request.label, request.model_name, f"inspect failed: {type(exc).__name__}: {exc}"
            )
        )


def run_find_cells(job: int, readout: Readout, regex: str | None, post: Callable[[Message], object]) -> None:
    """Rank the readout's units for every predicate (and the regex); post CellsFound.

    A regex that does not compile or runs past its budget is a PatternError: its
    message (naming the pattern) becomes the pane's notification."""
    started = time.monotonic()
    try:
        from lstm_tui.core.cell_search import find_cells

        results = find_cells(readout, top=5, regex=regex or None)
        post(CellsFound(job, results, None, time.monotonic() - started))
    except UserError as exc:  # PatternError among them
        post(CellsFound(job, None, str(exc)))
    except Exception as exc:
        post(CellsFound(job, None, f"cell search failed: {type(exc).__name__}: {exc}"))
