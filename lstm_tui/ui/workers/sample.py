"""The sample worker: load or snapshot a model and stream its text as messages.

Runs off the event loop. It never touches a widget: it only posts StreamStarted, at
most ~20 StreamChunk messages a second and one StreamEnded (lstm_tui.ui.messages). It
checks its stop Event and the worker's cancellation before every character, so a new
stream or quitting ends it at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from lstm_tui.core.runfiles import MODEL_FILE
from lstm_tui.core.sample_checks import split_prefix
from lstm_tui.errors import UserError
from lstm_tui.ui.messages import StreamChunk, StreamEnded, StreamStarted
from lstm_tui.ui.threads import freeze_long_lived

if TYPE_CHECKING:  # torch loads in the worker thread, not while the app paints
    from lstm_tui.core.corpus import Vocab
    from lstm_tui.core.model import CharLSTM
    from lstm_tui.core.run_sampling import Mixture
    from lstm_tui.core.sampling_options import SamplingOptions

CHUNK_INTERVAL_S = 0.05  # post buffered characters at most 20 times a second
# sleep(0) hands the GIL to the event loop at once. After every character it cost the
# stream most of its speed (the loop, busy repainting, then keeps the GIL for up to the
# 5 ms switch interval: benchmarks/app_streaming.py); after each posted chunk the loop
# still gets the GIL at least every 5 ms from the interpreter's own switching.
YIELD_EVERY_CHAR = False


# ---- where the model comes from ---------------------------------------------------------


class Snapshotting(Protocol):
    """What the worker needs of a Trainer: a CPU copy of the model and its vocabulary."""

    def snapshot(self) -> CharLSTM: ...

    @property
    def vocab(self) -> Vocab: ...


class ModelStore:
    """Saved runs loaded once and kept, keyed by folder and weights' mtime; thread-safe.

    The mtime in the key means a run folder re-saved by training is loaded afresh.
    """

    def __init__(self, keep: int = 4) -> None:
        self._lock = threading.Lock()
        self._runs: dict[tuple[Path, float], tuple[CharLSTM, Vocab]] = {}
        self._mixtures: dict[tuple[Path, float, bool], Mixture] = {}
        self._meta: dict[tuple[Path, float], tuple[object, dict]] = {}  # run.json's hybrid and corpus
        self._keep = keep

    def get(self, path: Path) -> tuple[CharLSTM, Vocab]:
        """The model and vocabulary of a run folder (CheckpointError if it cannot load)."""
        try:
            mtime = (path / MODEL_FILE).stat().st_mtime
        except OSError:
            mtime = 0.0  # load_run will say what is wrong
        key = (path, mtime)
        with self._lock:  # also serialises loads: two streams never load one run twice
            hit = self._runs.get(key)
            if hit is None:
                from lstm_tui.core.checkpoint import load_run

                run = load_run(path)
                # eval once here: concurrent streams then never flip train/eval on each other
                hit = (run.model.eval(), run.vocab)
                self._runs = {k: v for k, v in self._runs.items() if k[0] != path}
                self._runs[key] = hit
                self._meta[key] = (run.hybrid, run.corpus)
                while len(self._runs) > self._keep:
                    self._runs.pop(next(iter(self._runs)))
                # what is no longer loaded goes: its run.json entries and mixtures
                self._meta = {k: v for k, v in self._meta.items() if k in self._runs}
                self._mixtures = {k: v for k, v in self._mixtures.items() if k[:2] in self._runs}
                freeze_long_lived()  # torch and the model: out of the collector's full passes
            return hit

    def mixture(self, path: Path, pure: bool) -> Mixture:
        """What a loaded run streams (core/run_sampling.py): its hybrid, unless `pure`."""
        from lstm_tui.core.run_sampling import mixture_for

        self.get(path)
        with self._lock:
            key = next(k for k in self._meta if k[0] == path)
            mkey = (path, key[1], pure)
            if mkey not in self._mixtures:
                hybrid, corpus = self._meta[key]
                self._mixtures[mkey] = mixture_for(hybrid, corpus, pure)  # type: ignore[arg-type]
            return self._mixtures[mkey]


@dataclass(frozen=True)
class StreamRequest:
    """One stream: a model source, a prefix and one column per SamplingOptions.

    The columns differ in temperature only (compare mode); the first column's `pure`
    decides the mixture for all of them.
    """

    job: int
    source: Path | Snapshotting  # a run folder, or the live Trainer
    model_name: str
    prefix: str
    columns: tuple[SamplingOptions, ...]
    stop: threading.Event = field(default_factory=threading.Event, compare=False)

    @property
    def pure(self) -> bool:
        """Whether the LSTM streams alone, even for a hybrid run."""
        return self.columns[0].pure


def _resolve(request: StreamRequest, store: ModelStore) -> tuple[CharLSTM, Vocab, Mixture]:
    from lstm_tui.core.run_sampling import Mixture

    if isinstance(request.source, Path):
        model, vocab = store.get(request.source)
        return model, vocab, store.mixture(request.source, request.pure)
    # a fresh snapshot per stream: sampling never races the training step; a run in
    # training has no mixture yet (λ is fitted at its end)
    return request.source.snapshot(), request.source.vocab, Mixture(None, 1.0)


def _round_robin(
    request: StreamRequest,
    streams: list[Iterator[str]],
    texts: list[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> None:
    """One character from each column in turn; chunks posted at most every CHUNK_INTERVAL_S."""
    cols = len(streams)
    pending = [""] * cols
    live = list(range(cols))
    last_post = time.monotonic()
    while live:
        if request.stop.is_set() or cancelled():
            break
        for i in list(live):
            ch = next(streams[i], None)
            if ch is None:
                live.remove(i)
                continue
            pending[i] += ch
            texts[i] += ch
        if YIELD_EVERY_CHAR:
            time.sleep(0)
        now = time.monotonic()
        if now - last_post >= CHUNK_INTERVAL_S and any(pending):
            post(StreamChunk(request.job, pending))
            pending, last_post = [""] * cols, now
            time.sleep(0)  # let the loop take the chunk now
    if any(pending):
        post(StreamChunk(request.job, pending))


def run_stream(
    request: StreamRequest,
    store: ModelStore,
    post: Callable[[Message], object],
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Stream every column of the request, round-robin, posting chunks; never raises."""
    started = time.monotonic()
    cols = len(request.columns)
    texts = [""] * cols

    def done(error: str | None = None) -> None:
        stopped = request.stop.is_set() or cancelled()
        post(StreamEnded(request.job, request.model_name, texts, stopped, error, time.monotonic() - started))

    try:
        model, vocab, mixture = _resolve(request, store)
        unknown = split_prefix(request.prefix, vocab).unknown
        post(StreamStarted(request.job, request.model_name, unknown, mixture.label, mixture.note))
        # One outer inference_mode for all columns: each generator enters and leaves its
        # own, and interleaved exits would otherwise switch grad mode back on under the
        # columns still running.
        import torch

        from lstm_tui.core.sampling import stream

        with torch.inference_mode():
            streams = [
                stream(model, vocab, request.prefix, options, request.stop, ngram=mixture.ngram, lam=mixture.lam)
                for options in request.columns
            ]
            try:
                _round_robin(request, streams, texts, post, cancelled)
            finally:
                # close here, in this thread and context: a generator left to the garbage
                # collector would restore grad mode in whichever thread collects it
                for s in streams:
                    s.close()
    except UserError as exc:
        done(str(exc))
        return
    except Exception as exc:  # a broken run must become a message, never a dead worker
        done(f"sampling failed: {type(exc).__name__}: {exc}")
        return
    done()
