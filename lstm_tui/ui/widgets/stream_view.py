"""A scrolling, wrapping text view fed character by character, refreshed at most 20 times a second.

It draws its own lines (a ScrollView with `render_line`), so new text only repaints the
view: a Static that grew with every chunk made the whole screen lay out again each
time, and with all six panes mounted that held the event loop ~65 ms per chunk, which
capped the Sample pane near 200 chars/s (benchmarks/app_streaming.py). Lines are
wrapped here with the Japanese line-breaking rules (core/kinsoku.py): a line never
starts with 。、」 or a small kana, never ends with 「. Only the last line is wrapped
again when text arrives; everything is wrapped again when the width changes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from lstm_tui.core.kinsoku import line_ranges

FLUSH_INTERVAL_S = 0.05  # ≤ 20 repaints a second however fast characters arrive
# The scrollable height grows this many lines at a time: a change of virtual_size lays
# out the whole screen (~80 ms with every pane mounted), so it must be rare.
GROW_LINES = 64
# The prefix is the user's, not generated: underlined, as in the Train pane's previews.
# (Dimmed, it was too faint to read on a projector.)
PREFIX = Style(underline=True)


def _drawn(ch: str) -> str:
    """A control character other than a newline is drawn as a space, never sent raw."""
    return ch if ch.isprintable() or ch == "\u3000" else " "


class StreamView(ScrollView, can_focus=True):
    """Streamed text that wraps and follows its end.

    `append` only buffers; a one-shot timer moves the buffer into the view, so a burst
    of chunks costs one repaint. `text` is everything appended since the last `reset`;
    the prefix given to `reset` is drawn underlined before it.
    """

    DEFAULT_CSS = """
    StreamView {
        height: 1fr;
        width: 1fr;
        border: round $primary 40%;
        padding: 0 1;
        scrollbar-gutter: stable;  /* the wrap width never changes when a scrollbar appears */
    }
    StreamView:focus { border: round $primary; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._prefix = ""  # drawn underlined before the text, not part of `text`
        self._shown = ""  # prefix + the text already flushed into the view
        self._lines: list[tuple[int, int]] = []  # (start, end) in _shown of each drawn line
        self._width = 0  # the width _lines were wrapped for
        self._pending: list[str] = []
        self._timer: Timer | None = None

    @property
    def text(self) -> str:
        """Everything appended since the last reset, flushed or not."""
        return self._shown[len(self._prefix) :] + "".join(self._pending)

    @property
    def lines(self) -> list[str]:
        """The drawn lines (prefix included), as wrapped for the current width."""
        return [self._shown[a:b].rstrip("\n") for a, b in self._lines]

    def reset(self, prefix: str = "") -> None:
        """Clear the view; `prefix` (the sampling prefix) is shown underlined before the text."""
        self._pending.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._prefix = self._shown = prefix
        self._wrap_from(0)
        self.scroll_home(animate=False)

    def append(self, chunk: str) -> None:
        """Queue characters; they appear at the next flush (within 50 ms)."""
        if not chunk:
            return
        self._pending.append(chunk)
        if self._timer is None:
            self._timer = self.set_timer(FLUSH_INTERVAL_S, self.flush)

    def flush(self) -> None:
        """Show the queued characters now and scroll to the end."""
        self._timer = None
        if not self._pending:
            return
        # follow the end only if the reader has not scrolled up to read
        follow = self.scroll_y >= self._end_y() - 1
        self._shown += "".join(self._pending)
        self._pending.clear()
        # only the last line can change: wrap again from its start
        self._wrap_from(self._lines[-1][0] if self._lines else 0)
        if follow:
            self.scroll_to(y=self._end_y(), animate=False, immediate=True)

    def _end_y(self) -> int:
        """The scroll offset that shows the last line at the bottom (the height below it
        is room to grow into)."""
        return max(0, len(self._lines) - self.scrollable_content_region.height)

    def validate_scroll_y(self, value: float) -> float:
        """Never past the last line: End or the wheel scrolled the text out of view into
        the room left to grow into (a tester saw 23 empty rows)."""
        return min(super().validate_scroll_y(value), float(self._end_y()))

    def validate_scroll_target_y(self, value: float) -> float:
        return min(super().validate_scroll_target_y(value), float(self._end_y()))

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._wrap_from(0)

    def _wrap_from(self, start: int) -> None:
        """Wrap _shown from character `start` (a line start) to the end."""
        width = self.scrollable_content_region.width
        if width != self._width:
            start, self._width = 0, width
        keep = [r for r in self._lines if r[1] <= start] if start else []
        if width >= 2:
            tail = line_ranges(self._shown[start:], width) if start < len(self._shown) else []
            self._lines = keep + [(a + start, b + start) for a, b in tail]
        else:  # not laid out yet: one line, wrapped once the width is known
            self._lines = [(0, len(self._shown))] if self._shown else []
        lines, room = len(self._lines), self.scrollable_content_region.height
        # Past a screenful, room to grow into (a size change per 64 lines, not per line);
        # scrolling stops at the last line all the same (validate_scroll_y).
        height = lines if lines <= room else -(-lines // GROW_LINES) * GROW_LINES
        if self.virtual_size != Size(width, height):
            self.virtual_size = Size(width, height)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if line >= len(self._lines):
            return Strip.blank(width, style)
        a, b = self._lines[line]
        text = self._shown[a:b].rstrip("\n")
        lead = max(0, min(len(self._prefix) - a, len(text)))  # the prefix part
        segments = []
        if lead:
            segments.append(Segment("".join(map(_drawn, text[:lead])), style + PREFIX))
        if lead < len(text):
            segments.append(Segment("".join(map(_drawn, text[lead:])), style))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)
