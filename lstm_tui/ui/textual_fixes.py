"""Workarounds for Textual bugs, in one place so each can go when Textual (pinned exactly
in pyproject.toml) fixes it. The first three were found by the monkey test
(benchmarks/monkey.py), the last by benchmarks/ui_latency.py.

- A click on a widget that has just left the screen (a notification the click before
  dismissed, the keys panel of a closing help screen) reaches Textual's text selection
  before the screen is arranged again, which reads the gone widget's parent
  (AttributeError): such a mouse-down is dropped, and toasts are made unselectable;
  there is nothing in one worth selecting.
- PageUp/PageDown in the command palette before its list is laid out raises
  KeyError in OptionList._move_page: the key does nothing until the list is drawn.
- The footer rebuilds itself on every pane switch and kept the removed bindings'
  reactive watchers (~55 per switch; 9,858 after 180 switches, the slowest switch
  0.95 s → 2.76 s): after each rebuild the footer resets its watchers.
- The screen's 60 fps update timer, woken after a pause, skips a frame too many: its next
  tick falls one to two frames (17-33 ms) after the last, so a key pressed just after any
  other repaint (a training event, a stream flush) waited up to 33 ms to be drawn, which
  was most of the key → screen p99. FrameTimer draws at once when a frame has passed
  since the last tick, and never more often than once a frame.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from textual import events
from textual._time import get_time
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer
from textual.widgets import Footer, OptionList
from textual.widgets._toast import Toast

_applied = False


def frame_delay(last_tick: float, now: float, interval: float) -> float:
    """Seconds to wait before the next frame: none once a whole frame has passed."""
    return max(0.0, last_tick + interval - now)


class FrameTimer(Timer):
    """A paused-until-needed timer that ticks at most once per interval, and at once
    when resumed if a whole interval has passed since its last tick (or it was hurried)."""

    _now = staticmethod(get_time)
    _wait = staticmethod(asyncio.sleep)
    _last = -math.inf

    def hurry(self) -> None:
        """Let the next tick come without waiting out the frame of the last one: for what
        a person just did (a key), which comes at human rates; the rest stays at most
        once a frame. A frame already being waited out still is."""
        self._last = -math.inf

    async def _run(self) -> None:
        while True:
            await self._active.wait()  # paused until the screen has something to draw
            delay = frame_delay(self._last, self._now(), self._interval)
            if delay > 0:
                await self._wait(delay)
                continue  # paused meanwhile (a layout drew it): wait to be woken again
            self._reset = False
            self._last = self._now()
            try:
                await self._tick(next_timer=self._last, count=0)
            except EventTargetGone:
                break


def _screen_update_timer(self: Screen) -> Timer:
    timer: Timer | None = self._Screen__update_timer  # type: ignore[attr-defined]
    if timer is None:
        timer = FrameTimer(self, UPDATE_PERIOD, name="screen_update", callback=self._on_timer_update, pause=True)
        timer._start()
        self._timers.add(timer)
        self._Screen__update_timer = timer  # type: ignore[attr-defined]
    return timer


def apply() -> None:
    """Patch them all (once; the app calls it at import)."""
    global _applied
    if _applied:
        return
    _applied = True
    Toast.ALLOW_SELECT = False

    forward = Screen._forward_event

    def _forward_event_past_gone_widgets(self: Screen, event: events.Event) -> None:
        try:
            forward(self, event)
        except AttributeError:
            if not isinstance(event, events.MouseDown):
                raise
            try:
                widget = self.get_widget_at(event.screen_x, event.screen_y)[0]
            except Exception:  # noqa: BLE001 - nothing under the pointer any more
                return
            if widget.parent is not None and widget.is_attached:
                raise  # not the gone-widget case: a real error
            # the widget under the pointer is gone: the click has nothing to select

    Screen._forward_event = _forward_event_past_gone_widgets  # type: ignore[method-assign]

    move_page = OptionList._move_page

    def _move_page_when_laid_out(self: OptionList, direction: Any) -> None:
        if (self.highlighted or 0) not in self._index_to_line:  # not drawn yet
            return
        move_page(self, direction)

    OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]

    recompose = Footer.recompose

    async def _recompose_dropping_watchers(self: Footer) -> None:
        await recompose(self)
        self.mutate_reactive(Footer.compact)  # the removed keys' watchers go

    Footer.recompose = _recompose_dropping_watchers  # type: ignore[method-assign]

    Screen._update_timer = property(_screen_update_timer)  # type: ignore[assignment, method-assign]
