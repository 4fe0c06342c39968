"""The training child process: runs Trainer.events() and sends what happens over a Queue.

Started by train_process.py with the spawn context, so it imports torch and the core
afresh and never Textual. Training in its own process keeps the training loop's Python
work off the app's GIL. It is the `process` variant of benchmarks/ui_latency.py; the app
trains in a thread by default (workers.WORKER says why).

Messages to the parent (tuples; event objects are the core's plain dataclasses):
  ("ready", vocab_chars, step)           the Trainer is built
  ("event", Event)                       Progress coalesced to ~20 a second, all others
  ("state", request_id, bytes | str)     a snapshot's weights as safetensors bytes, or an error
  ("ended", saved, error | None)         the last message
Controls from the parent: `pause`, `stop` and `cancel` Events, and ("snapshot", id)
requests on a second Queue. Cancel (quit) saves at once without the final evaluation.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading
from multiprocessing import parent_process
from typing import Any

from lstm_tui.ui.event_pump import pump_events

POLL_S = 0.05


def _controls(trainer: Any, pause: Any, stop: Any, cancel: Any, requests: Any, send: Any, done: threading.Event) -> None:
    """Mirror the parent's Events onto the trainer and answer snapshot requests.

    A thread, because a paused Trainer waits inside events() and yields nothing.
    """
    from safetensors.torch import save

    parent = parent_process()
    while not done.is_set():
        if stop.is_set() or cancel.is_set() or (parent is not None and not parent.is_alive()):
            trainer.stop()  # an orphan stops too: it saves and ends instead of training on
        elif pause.is_set() != trainer.paused:
            trainer.pause() if pause.is_set() else trainer.resume()
        try:
            kind, request_id = requests.get(timeout=POLL_S)
        except queue.Empty:
            continue
        if kind == "snapshot":
            try:
                weights = {k: v.contiguous() for k, v in trainer.snapshot().state_dict().items()}
                send(("state", request_id, save(weights)))
            except Exception as exc:  # the parent's sampler shows it; training goes on
                send(("state", request_id, f"snapshot failed: {exc}"))


def _silence_output() -> None:
    """Send the child's stdout and stderr (C level too) to /dev/null: it shares the
    app's terminal, and a stray warning would scribble over the screen."""
    null = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(null, fd)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")


def child_main(job: Any, out: Any, requests: Any, pause: Any, stop: Any, cancel: Any) -> None:
    """Entry point of the child: build the Trainer from `job` (a TrainJob) and run it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _silence_output()
    from lstm_tui.core import checkpoint
    from lstm_tui.core.corpus import build_corpus
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.training import Trainer
    from lstm_tui.errors import UserError

    send = out.put
    try:
        resumed = checkpoint.load_run(job.resume) if job.resume else None
        text = read_text(job.corpus_path)
        corpus = build_corpus(text, job.corpus_name, job.config.val_fraction, path=str(job.corpus_path.resolve()))
        trainer = Trainer(job.config, corpus, job.out, resume=resumed)
    except UserError as exc:
        send(("ended", False, str(exc)))
        return
    except Exception as exc:
        send(("ended", False, f"could not start training: {exc}"))
        return
    if cancel.is_set():
        send(("ended", False, None))
        return

    done = threading.Event()
    control = threading.Thread(
        target=_controls, args=(trainer, pause, stop, cancel, requests, send, done), daemon=True
    )
    control.start()
    send(("ready", trainer.vocab.chars, trainer.progress.step))
    try:
        saved, error = pump_events(trainer, lambda event: send(("event", event)), cancel.is_set)
    finally:
        done.set()
        control.join(timeout=1.0)
    send(("ended", saved, error))
