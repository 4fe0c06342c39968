"""The training worker: builds a Trainer in its own thread and posts its events.

It never touches a widget. It posts `TrainerReady`, then `TrainingEvent`s (progress
coalesced to at most ~20 a second), then `TrainingEnded`. Handlers own all UI state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from lstm_tui.ui.event_pump import pump_events
from lstm_tui.ui.messages import TrainerReady, TrainingEnded, TrainingEvent
from lstm_tui.ui.threads import training_threads, use_app_threads

# After each training event the worker may sleep this long (0 = just yield the GIL) so the
# event loop gets it at once rather than after the 5 ms switch interval. None: no yield.
# benchmarks/ui_latency.py measured both; see its results for why the default is None.
STEP_YIELD_S: float | None = None
# Training runs in a thread, not a child process: benchmarks/ui_latency.py measured both
# on a 2-core machine and a thread met the lag target with training on (p99 14.9 ms,
# max 24.3 ms) as well as a process did (18.3 / 22.2 ms), while a spawned process needs
# seconds to import torch before each run. The process worker was removed (issue 14).


def ui_threads() -> int:
    """Torch threads for training while the UI is up: all cores but one (threads.py)."""
    return training_threads()


@dataclass(frozen=True)
class TrainJob:
    """Everything the worker needs to build a Trainer (all plain values)."""

    config: object  # lstm_tui.core.config.TrainConfig (validated)
    corpus_path: Path
    corpus_name: str
    out: Path
    resume: Path | None = None


def new_run_folder(models_dir: Path, corpus_name: str) -> Path:
    """A fresh run folder name under models_dir: <corpus>-<date>-<time>[-n]."""
    stem = f"{corpus_name}-{time.strftime('%Y%m%d-%H%M%S')}"
    out, n = models_dir / stem, 2
    while out.exists():  # two starts in one second must not share a folder
        out, n = models_dir / f"{stem}-{n}", n + 1
    return out


def run_training(job: TrainJob, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
    """Run one training job to its end; call from a thread worker.

    `post` delivers a message to the UI (thread-safe post_message); `cancelled` is the
    worker's cancellation flag, checked after every event. On cancellation (quit) the
    trainer stops and the run is saved at once, without the final evaluation, so the
    app exits promptly and still leaves a loadable checkpoint.
    """
    # Imported here: torch work stays off the event loop, including its import cost.
    from lstm_tui.core import checkpoint
    from lstm_tui.core.corpus import build_corpus
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.training import Trainer
    from lstm_tui.errors import UserError

    trainer = None
    try:
        resumed = checkpoint.load_run(job.resume) if job.resume else None
        text = read_text(job.corpus_path)
        corpus = build_corpus(text, job.corpus_name, job.config.val_fraction, path=str(job.corpus_path.resolve()))
        if cancelled():
            post(TrainingEnded(None))
            return
        trainer = Trainer(job.config, corpus, job.out, resume=resumed)
    except UserError as exc:
        post(TrainingEnded(None, error=str(exc)))
        return
    except Exception as exc:  # never let a worker error take the app down
        post(TrainingEnded(None, error=f"could not start training: {exc}"))
        return

    post(TrainerReady(trainer, job.out))
    try:
        saved, error = pump_events(
            trainer, lambda event: post(TrainingEvent(event)), cancelled, STEP_YIELD_S
        )
    finally:
        use_app_threads()  # the Trainer set torch's process-wide threads for training
    post(TrainingEnded(job.out if saved else None, error=error))
