"""The parent side of training in a child process (train_child.py).

`train_in_process` has the same contract as workers.train_in_thread: call it from a
Textual thread worker; it starts the child (spawn context), relays what the child sends
as the usual messages, and returns when the child has ended. The UI gets a
`ProcessTrainer` in TrainerReady: pause/resume/stop, `paused`, `progress.step`, `vocab`
and `snapshot()` — what the Train and Sample panes use of a Trainer.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from lstm_tui.ui.messages import TrainerReady, TrainingEnded, TrainingEvent
from lstm_tui.ui.train_child import child_main

POLL_S = 0.1
SNAPSHOT_WAIT_S = 10.0
JOIN_WAIT_S = 5.0


@dataclass
class StepCount:
    """What the panes read of Trainer.progress."""

    step: int = 0


class ProcessTrainer:
    """Stands in for a Trainer that runs in the child process; thread-safe."""

    def __init__(self, job: Any, vocab_chars: str, step: int, requests: Any, pause: Any, stop: Any) -> None:
        from lstm_tui.core.corpus import Vocab

        self.config = job.config
        self.out = job.out
        self.vocab = Vocab(vocab_chars)
        self.progress = StepCount(step)
        self._requests, self._pause, self._stop = requests, pause, stop
        self._ids = itertools.count(1)
        self._waiting: dict[int, "queue.Queue[bytes | str]"] = {}
        self._lock = threading.Lock()
        self.alive = True

    # ---- the controls the Train pane uses -----------------------------------------------------
    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    def stop(self) -> None:
        self._stop.set()
        self._pause.clear()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    # ---- live sampling ------------------------------------------------------------------------
    def snapshot(self) -> Any:
        """A CPU CharLSTM with the child's current weights (called off the event loop)."""
        from safetensors.torch import load

        from lstm_tui.core.checkpoint import build_model

        if not self.alive:
            raise RuntimeError("the training run has ended")
        request_id, answer = next(self._ids), queue.Queue(maxsize=1)
        with self._lock:
            self._waiting[request_id] = answer
        self._requests.put(("snapshot", request_id))
        try:
            reply = answer.get(timeout=SNAPSHOT_WAIT_S)
        except queue.Empty:
            raise RuntimeError("the training process did not send its weights in time") from None
        finally:
            with self._lock:
                self._waiting.pop(request_id, None)
        if isinstance(reply, str):
            raise RuntimeError(reply)
        model = build_model(self.config, len(self.vocab))
        model.load_state_dict(load(reply))
        return model.eval()

    def answer(self, request_id: int, reply: bytes | str) -> None:
        """The relay hands a child's reply to whoever asked for it."""
        with self._lock:
            waiting = self._waiting.get(request_id)
        if waiting is not None:
            waiting.put(reply)

    def ended(self) -> None:
        """No more replies will come: wake every waiting snapshot()."""
        self.alive = False
        with self._lock:
            for waiting in self._waiting.values():
                waiting.put("the training run has ended")


def prepare() -> None:
    """Start multiprocessing's resource tracker now, at app start-up.

    Spawning later would start it then and hand it sys.stderr's file descriptor, which
    Textual has replaced with a capture object that has none ("bad value(s) in
    fds_to_keep"). Call before the app redirects its output (App.on_load).
    """
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def train_in_process(job: Any, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
    """Run one training job in a child process; relay its messages until it ends."""
    ctx = mp.get_context("spawn")  # never fork a process that runs threads and an event loop
    out, requests = ctx.Queue(), ctx.Queue()
    pause, stop, cancel = ctx.Event(), ctx.Event(), ctx.Event()
    child = ctx.Process(target=child_main, args=(job, out, requests, pause, stop, cancel),
                        name="lstm-tui-training", daemon=True)
    trainer: ProcessTrainer | None = None
    ended = started = False
    last: TrainingEnded | None = None  # posted once the child has exited, so runs never overlap
    try:
        child.start()
        started = True
        while not ended:
            if cancelled():
                cancel.set()  # the child saves at once and ends
            try:
                msg = out.get(timeout=POLL_S)
            except queue.Empty:
                if not child.is_alive() and out.empty():
                    last = TrainingEnded(None, error=f"the training process stopped unexpectedly (exit {child.exitcode})")
                    ended = True
                continue
            kind = msg[0]
            if kind == "event":
                if trainer is not None and hasattr(msg[1], "step"):
                    trainer.progress.step = msg[1].step
                post(TrainingEvent(msg[1]))
            elif kind == "ready":
                trainer = ProcessTrainer(job, msg[1], msg[2], requests, pause, stop)
                post(TrainerReady(trainer, job.out))
            elif kind == "state" and trainer is not None:
                trainer.answer(msg[1], msg[2])
            elif kind == "ended":
                ended = True
                last = TrainingEnded(job.out if msg[1] else None, error=msg[2])
    except Exception as exc:  # never let the relay take the app down
        cancel.set()
        last = TrainingEnded(None, error=f"training process failed: {exc}")
    finally:
        if trainer is not None:
            trainer.ended()
        if started:
            child.join(JOIN_WAIT_S)
            if child.is_alive():  # it had its chance to save; do not leave it behind
                child.terminate()
                child.join(1.0)
        for q in (out, requests):
            q.close()
            q.cancel_join_thread()  # the child is gone: nothing waits for these bytes
        if started and not child.is_alive():
            child.close()
        post(last or TrainingEnded(None, error="training ended without a word from its process"))
