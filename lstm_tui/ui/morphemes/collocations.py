"""CollocationsScreen: the words within ±N of a word, ranked by logDice, with a frequency floor.

The window (1–10) and the floor are fields; a value out of range is refused with its
valid range (the field turns red and a notification names the range), and the table
keeps what it showed.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import DataTable, Footer, Input, Label, Static

from lstm_tui.errors import ConfigError
from lstm_tui.morph.collocations import DEFAULT_MIN_FREQ, DEFAULT_WINDOW, WINDOW_RANGE, check_window
from lstm_tui.morph.frequency import FreqOptions
from lstm_tui.ui.messages import CollocationsReady
from lstm_tui.ui.workers.morph import CollocationsRequest, compute_collocations


def _window(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ConfigError(f"window must be a whole number {WINDOW_RANGE[0]}–{WINDOW_RANGE[1]}") from None
    return check_window(value)


def _floor(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ConfigError("the floor must be a whole number ≥ 1") from None
    if value < 1:
        raise ConfigError(f"the floor must be ≥ 1, not {value}")
    return value


def _ok(parse) -> Function:  # noqa: ANN001 - a parser above
    def check(text: str) -> bool:
        try:
            parse(text)
        except ConfigError:
            return False
        return True

    return Function(check)


class CollocationsScreen(ModalScreen[None]):
    """Collocates of one word in the corpus."""

    BINDINGS = [Binding("escape", "dismiss_screen", "Close")]

    def __init__(
        self,
        word: str,
        options: FreqOptions,
        corpus_path: Path | None,
        generated: str = "",
        compounds: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.word = word
        self.options = options
        self.corpus_path = corpus_path
        self.generated = generated
        self.compounds = compounds
        self.result: CollocationsReady | None = None
        self._job = 0

    def compose(self) -> ComposeResult:
        where = self.corpus_path.stem if self.corpus_path else "the generated text"
        with Vertical(id="coll-box"):
            yield Static(f"collocates of {self.word} in {where}", id="coll-title", markup=False)
            with Horizontal(classes="coll--row"):
                yield Label(f"window ±({WINDOW_RANGE[0]}–{WINDOW_RANGE[1]})")
                yield Input(str(DEFAULT_WINDOW), id="coll-window", compact=True, validators=[_ok(_window)])
                yield Label("floor")
                yield Input(str(DEFAULT_MIN_FREQ), id="coll-floor", compact=True, validators=[_ok(_floor)])
            yield Static("", id="coll-status", markup=False)
            yield DataTable(id="coll-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the first count."""
        table = self.query_one(DataTable)
        table.add_columns("word", "together", "freq", "logDice", "MI", "t")
        self.recount()

    def recount(self) -> bool:
        """Start the worker with the fields' values; False (and a notice) when one is bad."""
        try:
            window = _window(self.query_one("#coll-window", Input).value)
            floor = _floor(self.query_one("#coll-floor", Input).value)
        except ConfigError as exc:
            self.query_one("#coll-status", Static).update(f"⚠ {exc}")
            self.notify(str(exc), title="Collocations", severity="warning")
            return False
        self.result = None
        request = CollocationsRequest(
            self.word, self.options, self.corpus_path, self.generated, window, floor, self.compounds
        )
        self.query_one("#coll-status", Static).update("counting…")
        self._count(request)
        return True

    @work(thread=True, group="collocations", exclusive=True, exit_on_error=False)
    def _count(self, request: CollocationsRequest) -> None:
        compute_collocations(request, self.post_message)

    def on_collocations_ready(self, message: CollocationsReady) -> None:
        """Fill the table."""
        self.result = message
        status = self.query_one("#coll-status", Static)
        if message.error or message.result is None:
            status.update(f"⚠ {message.error}")
            self.notify(str(message.error), title="Collocations", severity="error")
            return
        c = message.result
        table = self.query_one(DataTable)
        table.clear()
        for r in c.rows:
            table.add_row(r.word, r.together, r.frequency, f"{r.log_dice:.2f}", f"{r.mi:.2f}", f"{r.t_score:.2f}")
        status.update(
            f"{c.word}: {c.node_frequency} occurrences · {len(c.rows)} collocates within ±{c.window} words, "
            "ranked by logDice"
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.recount()

    def action_dismiss_screen(self) -> None:
        """Back."""
        self.dismiss(None)

    def rows(self) -> list[str]:
        """The collocates shown, strongest first."""
        table = self.query_one(DataTable)
        return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
