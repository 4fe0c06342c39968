"""Latency probes for a running Textual app, used by ui_latency.py.

- LagProbe: a 10 ms timer re-armed on the event loop each time it fires; its lag is
  how late it fired (actual − expected). Anything that keeps the loop from running a
  callback shows up: a slow handler, a repaint, or waiting for the GIL.
- KeyProbe: posts a key to the app the way the terminal driver does and times until
  the screen update that shows the focused widget's new value has been composed
  (App._display is called with it; headless, nothing is written, everything else is).

Samples are filed under a phase name that the caller sets ("off", "on").
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

INTERVAL_S = 0.010


class LagProbe:
    """Re-arms a 10 ms asyncio timer and records lag per phase, in milliseconds."""

    def __init__(self) -> None:
        self.phase: str | None = None  # None: not recording (between phases)
        self.samples: dict[str, list[float]] = defaultdict(list)
        self._handle: asyncio.TimerHandle | None = None
        self._expected = 0.0

    def start(self) -> None:
        self._arm()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _arm(self) -> None:
        self._expected = time.perf_counter() + INTERVAL_S
        self._handle = asyncio.get_running_loop().call_later(INTERVAL_S, self._fire)

    def _fire(self) -> None:
        lag_ms = (time.perf_counter() - self._expected) * 1000
        if self.phase is not None:
            self.samples[self.phase].append(max(0.0, lag_ms))
        self._arm()


class KeyProbe:
    """Times key press → composed screen update showing the widget's new state."""

    def __init__(self, app: Any, widget: Any, state: Callable[[], object]) -> None:
        """`state()` reads what the key changes (e.g. the slider's value)."""
        self.app = app
        self.widget = widget
        self.state = state
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.timeouts = 0
        self._renders = 0
        self._pending: tuple[float, object, int, asyncio.Event] | None = None
        self._wrap()

    def _wrap(self) -> None:
        # Instance attributes shadow the methods: only this app and widget are hooked.
        render, display = self.widget.render, self.app._display

        def counting_render() -> Any:
            self._renders += 1
            return render()

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            pending = self._pending
            if pending is None or renderable is None:
                return
            start, before, renders, done = pending
            if self.state() != before and self._renders > renders:
                self._pending = None
                self._last_ms = (time.perf_counter() - start) * 1000
                done.set()

        self.widget.render = counting_render
        self.app._display = timed_display

    async def press(self, key: str, phase: str, timeout: float = 5.0) -> float | None:
        """Send `key`; record and return ms until it is on screen (None on timeout)."""
        from textual import events

        done = asyncio.Event()
        self._pending = (time.perf_counter(), self.state(), self._renders, done)
        event = events.Key(key, None)
        event.set_sender(self.app)
        self.app._driver.send_message(event)  # as a keyboard would deliver it
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except asyncio.TimeoutError:
            self._pending = None
            self.timeouts += 1
            self.samples[phase].append(timeout * 1000)  # counted, as its worst case
            return None
        self.samples[phase].append(self._last_ms)
        return self._last_ms
