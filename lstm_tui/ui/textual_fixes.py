"""Workarounds for three Textual bugs the monkey test (benchmarks/monkey.py) found, in one
place so each can go when Textual (pinned exactly in pyproject.toml) fixes it.

- A second click on a notification that the first click is dismissing reaches
  Textual's text selection after the toast left the screen (AttributeError): toasts
  are made unselectable; there is nothing in one worth selecting.
- PageUp/PageDown in the command palette before its list is laid out raises
  KeyError in OptionList._move_page: the key does nothing until the list is drawn.
- The footer rebuilds itself on every pane switch and kept the removed bindings'
  reactive watchers (~55 per switch; 9,858 after 180 switches, the slowest switch
  0.95 s → 2.76 s): after each rebuild the footer resets its watchers.
"""

from __future__ import annotations

from typing import Any

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
