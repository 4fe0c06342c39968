"""The training worker: builds a Trainer in its own thread and posts what it does.

It never touches a widget. It posts `TrainerReady`, then `TrainingEvent`s (progress
coalesced to at most ~20 a second), then `TrainingEnded`. Handlers own all UI state.

Training runs in a thread, not a child process: benchmarks/ui_latency.py measured both
on a 2-core machine (results/ui_latency.json, 2026-11-28), and with training on, a
thread met the event-loop lag target (p99 7.9 ms, max 15.8 ms) as well as a process
did (10.5 / 15.2 ms), while a spawned process needs seconds to import torch before
each run. The process worker was removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from lstm_tui.ui.messages import TrainerReady, TrainingEnded, TrainingEvent
from lstm_tui.ui.threads import freeze_long_lived, use_app_threads

if TYPE_CHECKING:  # torch loads in the worker thread, not while the app paints
    from lstm_tui.core.config import TrainConfig
    from lstm_tui.core.events import Event
    from lstm_tui.core.training import Trainer

PROGRESS_EVERY_S = 0.05  # at most ~20 progress events a second reach the event loop

Post = Callable[[Message], object]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class TrainJob:
    """Everything the worker needs to plan the run (core/run_plan.py): all plain values."""

    config: TrainConfig  # validated: the form's settings
    corpus_path: Path
    corpus_name: str
    out: Path
    resume: Path | None = None  # extend this saved run by the config's budget
    start_from: str | None = None  # "base-ja", "scratch" or a run folder (new runs)


def run_training(job: TrainJob, post: Post, cancelled: Cancelled) -> None:
    """Run one training job to its end; call from a thread worker.

    `post` delivers a message to the UI (thread-safe post_message); `cancelled` is the
    worker's cancellation flag, checked after every event. On cancellation (quit) the
    trainer stops and the run is saved at once, without the final evaluation, so the
    app exits promptly and still leaves a loadable checkpoint.
    """
    trainer = _build(job, post, cancelled)
    if trainer is None:
        return
    post(TrainerReady(trainer, job.out))
    try:
        saved, error = _pump(trainer, lambda event: post(TrainingEvent(event)), cancelled)
    finally:
        use_app_threads()  # the Trainer set torch's process-wide threads for training
    post(TrainingEnded(job.out if saved else None, error=error))


def _build(job: TrainJob, post: Post, cancelled: Cancelled) -> Trainer | None:
    """The job's Trainer, or None after posting TrainingEnded with the reason."""
    # Imported here: torch work stays off the event loop, including its import cost.
    from lstm_tui.core.run_plan import plan_run
    from lstm_tui.errors import UserError

    try:
        plan = plan_run(
            str(job.corpus_path),
            job.out.parent,
            changes=job.config.to_dict(),
            out=job.out,
            resume=job.resume,
            start_from=None if job.resume else job.start_from,
        )
        if cancelled():
            post(TrainingEnded(None))
            return None
        trainer = plan.trainer()
        freeze_long_lived()  # torch, the model and the corpus: out of the collector's full passes
        return trainer
    except UserError as exc:
        post(TrainingEnded(None, error=str(exc)))
    except Exception as exc:  # never let a worker error take the app down
        post(TrainingEnded(None, error=f"could not start training: {exc}"))
    return None


def _pump(trainer: Trainer, send: Callable[[Event], object], cancelled: Cancelled) -> tuple[bool, str | None]:
    """Run trainer.events(), sending each event (progress coalesced); return (saved, error).

    On cancellation (quit) it stops at once and saves without the final evaluation and
    sample; an exception stops and saves too, and comes back as a one-line error.
    """
    from lstm_tui.core.events import Failed, Finished, Progress

    events = trainer.events()
    pending: Progress | None = None
    last_post = 0.0
    saved, error = False, None
    try:
        for event in events:
            if cancelled():
                trainer.stop()
                events.close()
                trainer.save()
                saved = True
                break
            if isinstance(event, Progress):
                pending, now = event, time.monotonic()
                if now - last_post >= PROGRESS_EVERY_S:
                    send(event)
                    pending, last_post = None, now
                continue
            if pending is not None:  # keep order: the latest progress before anything else
                send(pending)
                pending = None
            send(event)
            saved = saved or isinstance(event, (Finished, Failed))
    except Exception as exc:
        error = f"training stopped: {exc}"
        try:
            trainer.stop()
            trainer.save()
            saved = True
        except Exception:  # the error above is what the user needs to see
            pass
    return saved, error
