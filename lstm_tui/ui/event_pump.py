"""Forwarding a Trainer's events to the UI from the training worker thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

PROGRESS_EVERY_S = 0.05  # at most ~20 progress events a second reach the event loop


def pump_events(
    trainer: Any,
    send: Callable[[Any], None],
    cancelled: Callable[[], bool],
    step_yield_s: float | None = None,
) -> tuple[bool, str | None]:
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
            if step_yield_s is not None:
                time.sleep(step_yield_s)
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
        except Exception:
            pass
    return saved, error
