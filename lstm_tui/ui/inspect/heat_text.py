"""HeatText: a text with one background colour per character and a cursor.

A ScrollView drawing lines itself (Textual's line API), so a few thousand characters
repaint only the lines that change when the cursor moves. Lines are wrapped by terminal
cells, not characters, so wide (CJK) characters take two cells and stay aligned; a
newline is drawn as ↵ (it is a predicted character too) and then breaks the line.
Each character's segment carries its index as style meta, so a click lands on the
character under the mouse whatever its width.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from lstm_tui.core.kinsoku import line_ranges
from lstm_tui.core.readout import Readout
from lstm_tui.ui.inspect.colouring import Colouring
from lstm_tui.ui.messages import InspectCursorMoved

CURSOR = Style(reverse=True, bold=True, underline=True)


def shown(ch: str) -> str:
    """How a character is drawn: ↵ for a newline, → for a tab, · for control characters."""
    if ch == "\n":
        return "↵"
    if ch == "\t":
        return "→"
    # isprintable() is False for every space but ASCII's: the ideographic space U+3000,
    # common in Japanese text, is drawn as itself (two cells, blank but coloured)
    return ch if ch.isprintable() or ch.isspace() and ch not in "\r\x0b\x0c\x1c\x1d\x1e\x1f\x85" else "·"


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) character ranges of each drawn line at `width` cells, broken by the
    Japanese rules (core/kinsoku.py); a newline is drawn as ↵, one cell."""
    return line_ranges(text, width, lambda ch: cell_len(shown(ch)), newline_cells=1)


class HeatText(ScrollView, can_focus=True):
    """The coloured text; arrows, Home/End, PgUp/PgDn and the mouse move the cursor."""

    # A stable gutter: the vertical scrollbar appearing must not narrow the lines the
    # text was wrapped for (no Resize event says so); lines never scroll sideways.
    DEFAULT_CSS = """
    HeatText {
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "←", show=False),
        Binding("right", "move(1)", "→", show=False),
        Binding("up", "line(-1)", "↑", show=False),
        Binding("down", "line(1)", "↓", show=False),
        Binding("pageup", "line(-10)", "PgUp", show=False),
        Binding("pagedown", "line(10)", "PgDn", show=False),
        Binding("home", "to(0)", "Home", show=False),
        Binding("end", "to(-1)", "End", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.readout: Readout | None = None
        self.colouring = Colouring()
        self.cursor = 0
        self._lines: list[tuple[int, int]] = []
        self._line_of: list[int] = []  # character index → line number
        self._width = 0
        self._styles: dict[tuple[str, str] | None, Style] = {}

    # ---- what the pane calls ------------------------------------------------------------
    def show(self, readout: Readout | None, colouring: Colouring | None = None) -> None:
        """Show a new readout (None clears); the cursor goes to the first predicted character."""
        self.readout = readout
        if colouring is not None:
            self.colouring = colouring
        self.cursor = 0
        if readout is not None and readout.scored.any():
            self.cursor = int(readout.scored.argmax())
        self._relayout()
        self.scroll_home(animate=False)
        self.refresh()
        self._announce()

    def set_colouring(self, colouring: Colouring) -> None:
        """Repaint in another mode or unit."""
        self.colouring = colouring
        self.refresh()

    def move_to(self, index: int) -> None:
        """Put the cursor on a character (clamped) and scroll it into view."""
        if self.readout is None or not len(self.readout):
            return
        index = max(0, min(index, len(self.readout) - 1))
        if index == self.cursor:
            return
        old = self.cursor
        self.cursor = index
        self._refresh_char(old)
        self._refresh_char(index)
        if self._line_of:
            line = self._line_of[index]
            self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True)
        self._announce()

    # ---- keys and mouse ------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_to(self, where: int) -> None:
        if self.readout is not None:
            self.move_to(where if where >= 0 else len(self.readout) - 1)

    def action_line(self, step: int) -> None:
        """The character at the same column `step` lines up or down."""
        if self.readout is None or not self._lines:
            return
        line = self._line_of[self.cursor]
        target = max(0, min(line + step, len(self._lines) - 1))
        start, _ = self._lines[line]
        column = self._column(start, self.cursor)
        t_start, t_end = self._lines[target]
        index, col = t_start, 0
        for i in range(t_start, max(t_start + 1, t_end)):
            w = cell_len(shown(self.readout.text[i])) if i < len(self.readout) else 1
            index = i
            if col + w > column:
                break
            col += w
        self.move_to(min(index, len(self.readout) - 1))

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("i")
        if isinstance(index, int):
            self.focus()
            self.move_to(index)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    # ---- drawing -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = y + scroll_y
        width = self.scrollable_content_region.width
        if width != self._width:  # the region changed without a Resize: wrap again first
            self._relayout()
        if self.readout is None or line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        start, end = self._lines[line]
        text = self.readout.text
        segments = []
        for i in range(start, end):
            style = self._style(self.colouring.colours(self.readout, i)) + Style(meta={"i": i})
            if i == self.cursor:
                style += CURSOR
            segments.append(Segment(shown(text[i]), style))
        strip = Strip(segments).extend_cell_length(width, self.rich_style)
        return strip.crop(scroll_x, scroll_x + width)

    def _style(self, colours: tuple[str, str] | None) -> Style:
        style = self._styles.get(colours)
        if style is None:
            style = self.rich_style if colours is None else Style(color=colours[0], bgcolor=colours[1])
            self._styles[colours] = style
        return style

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        text = self.readout.text if self.readout is not None else ""
        self._width = width
        self._lines = wrap(text, width) if text else []
        self._line_of = [0] * len(text)
        for n, (start, end) in enumerate(self._lines):
            for i in range(start, end):
                self._line_of[i] = n
        self.virtual_size = Size(width, len(self._lines))
        self._styles.clear()  # rich_style may have changed with the theme
        self.refresh()

    def _column(self, start: int, index: int) -> int:
        assert self.readout is not None
        return sum(cell_len(shown(c)) for c in self.readout.text[start:index])

    def _refresh_char(self, index: int) -> None:
        if self._line_of and index < len(self._line_of):
            line = self._line_of[index] - self.scroll_offset.y
            self.refresh(Region(0, line, self.size.width, 1))

    def _announce(self) -> None:
        self.post_message(InspectCursorMoved(self.cursor))
