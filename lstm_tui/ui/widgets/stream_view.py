"""A scrolling, wrapping text view fed character by character, refreshed at most 20 times a second.

Lines are wrapped here, not by Rich, with the Japanese line-breaking rules
(core/kinsoku.py): a line never starts with 。、」 or a small kana, never ends with 「.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Static

from lstm_tui.core.kinsoku import line_ranges

FLUSH_INTERVAL_S = 0.05  # ≤ 20 repaints a second however fast characters arrive
BLOCK_CHARS = 800  # past this, finished lines move into a block that is never re-wrapped


class StreamView(VerticalScroll):
    """Streamed text that wraps and follows its end.

    `append` only buffers; a one-shot timer moves the buffer into the view, so a burst
    of chunks costs one repaint. Only the last block of text is re-rendered on a flush:
    once it grows past BLOCK_CHARS its finished lines are frozen into a block of their
    own, so a 20,000-character stream costs no more per flush than a short one.
    `text` is everything appended since the last `reset`.
    """

    DEFAULT_CSS = """
    StreamView {
        height: 1fr;
        width: 1fr;
        border: round $primary 40%;
        padding: 0 1;
    }
    StreamView:focus { border: round $primary; }
    StreamView > Static { width: 100%; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._prefix = ""  # shown dimmed before the text, not part of `text`
        self._shown = ""  # text already flushed into the view
        self._tail = ""  # the part of _shown in the live (last) block
        self._blocks = 0  # frozen blocks above the live one
        self._frozen: list[str] = []  # their texts, wrapped again when the width changes
        self._wrapped_at = 0  # the width the view was last wrapped for
        self._pending: list[str] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # markup off: generated text may hold "[" and must never be read as markup
        yield Static(self._styled(self._tail), markup=False, classes="stream--tail")

    @property
    def text(self) -> str:
        """Everything appended since the last reset, flushed or not."""
        return self._shown + "".join(self._pending)

    def reset(self, prefix: str = "") -> None:
        """Clear the view; `prefix` (the sampling prefix) is shown dimmed before the text."""
        self._pending.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._prefix, self._shown, self._tail, self._blocks = prefix, "", "", 0
        self._frozen = []
        self.query(".stream--block").remove()
        self._paint(follow=True)

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
        follow = self.scroll_y >= self.max_scroll_y - 1
        new = "".join(self._pending)
        self._pending.clear()
        self._shown += new
        self._tail += new
        cut = self._tail.rfind("\n")
        if len(self._tail) > BLOCK_CHARS and cut > 0:
            # the boundary between two Statics is the line break itself
            frozen, self._tail = self._tail[:cut], self._tail[cut + 1 :]
            block = Static(self._styled(frozen, first=self._blocks == 0), markup=False, classes="stream--block")
            self._frozen.append(frozen)
            try:
                self.mount(block, before=self.query_one(".stream--tail"))
            except NoMatches:
                pass  # not composed yet; the text is still in `text`
            self._blocks += 1
        self._paint(follow)

    def _styled(self, text: str, first: bool | None = None) -> Text:
        """The text wrapped to the view's width by the Japanese rules; the prefix,
        dimmed, leads the first block only."""
        lead = self._prefix if (self._blocks == 0 if first is None else first) else ""
        whole = lead + text
        width = self.scrollable_content_region.width if self.is_mounted else 0
        if width < 2:  # not laid out yet: Rich wraps until the width is known
            body = Text(lead, style="dim")
            body.append(text)
            return body
        body = Text(no_wrap=True, overflow="crop")
        for n, (a, b) in enumerate(line_ranges(whole, width)):
            if n and not whole[a - 1 : a] == "\n":
                body.append("\n")  # a wrap, not a line break of the text
            cut = min(max(len(lead), a), b)
            body.append(whole[a:cut], style="dim")
            body.append(whole[cut:b])
        return body

    def on_resize(self) -> None:
        """Wrap every block again at the new width."""
        if self.scrollable_content_region.width == self._wrapped_at:
            return
        for i, (block, text) in enumerate(zip(self.query(".stream--block").results(Static), self._frozen)):
            block.update(self._styled(text, first=i == 0))
        self._paint(follow=False)

    def _paint(self, follow: bool) -> None:
        try:
            tail = self.query_one(".stream--tail", Static)
        except NoMatches:
            return  # not composed yet: compose shows the state on mount
        self._wrapped_at = self.scrollable_content_region.width
        tail.update(self._styled(self._tail))
        if follow:
            self.scroll_end(animate=False)
