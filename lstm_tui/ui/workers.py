"""The training worker: builds a Trainer in its own thread and posts its events.

It never touches a widget. It posts `TrainerReady`, then `TrainingEvent`s (progress
coalesced to at most ~20 a second), then `TrainingEnded`. Handlers own all UI state.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from lstm_tui.ui.messages import TrainerReady, TrainingEnded, TrainingEvent

PROGRESS_EVERY_S = 0.05  # at most ~20 progress messages a second reach the event loop


def ui_threads() -> int:
    """Torch threads for training while the UI is up: all cores but one.

    torch.set_num_threads is process-wide; leaving one core to the event loop keeps
    key presses and redraws smooth on a 2-core machine (the UI-latency benchmark
    may tune this).
    """
    return max(1, (os.cpu_count() or 2) - 1)


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


def train_in_thread(job: TrainJob, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
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
    from lstm_tui.core.events import Failed, Finished, Progress
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
    events = trainer.events()
    pending: Progress | None = None
    last_post = 0.0
    error: str | None = None
    saved = False
    try:
        for event in events:
            if cancelled():
                # Quit: stop now and save without the final evaluation and sample.
                trainer.stop()
                events.close()
                trainer.save()
                saved = True
                break
            if isinstance(event, Progress):
                pending = event
                now = time.monotonic()
                if now - last_post < PROGRESS_EVERY_S:
                    continue
                last_post = now
                post(TrainingEvent(event))
                pending = None
                continue
            if pending is not None:  # keep order: the latest progress before anything else
                post(TrainingEvent(pending))
                pending = None
            post(TrainingEvent(event))
            if isinstance(event, (Finished, Failed)):
                saved = True
    except Exception as exc:
        error = f"training stopped: {exc}"
        try:
            trainer.stop()
            trainer.save()
            saved = True
        except Exception:
            pass
    post(TrainingEnded(job.out if saved else None, error=error))
