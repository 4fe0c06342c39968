"""Workarounds for three Textual bugs the monkey test (benchmarks/monkey.py) found, in one
place so each can go when Textual (pinned exactly in pyproject.toml) fixes it.

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
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets._toast import Toast

_applied = False


def apply() -> None:
    """Patch the three (once; the app calls it at import)."""
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
