"""The Inspect pane: a text coloured per character by the model's surprisal, GLTR rank
or one LSTM unit; a cursor with the character's figures and the model's top 10; a cell
search that lists the units tracking brackets, script, position or a regex.

The text is a slice of the model's held-out test split (by default), a typed text, or
the last sample the Sample pane finished. Reading happens in the inspect worker
(workers/inspect.py), which only posts messages; the live training run is read from a
fresh snapshot each time the user asks (Read / Ctrl+R), never continuously. The figures
are the pure LSTM's: an LSTM + n-gram mixture, where a run has one, is not shown here.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from lstm_tui.core.heat import text_colour
from lstm_tui.core.runfiles import RUN_FILE
from lstm_tui.ui.inspect.cell_list import cell_options, parse_unit_id
from lstm_tui.ui.inspect.colouring import MODES, Colouring, legend
from lstm_tui.ui.inspect.detail import describe
from lstm_tui.ui.inspect.export import export_html
from lstm_tui.ui.inspect.heat_text import HeatText
from lstm_tui.ui.messages import CellsFound, InspectCursorMoved, InspectReady
from lstm_tui.ui.saved_runs import model_prompt, run_label, saved_runs
from lstm_tui.ui.workers.inspect import InspectRequest, run_find_cells, run_inspect
from lstm_tui.ui.workers.sample import ModelStore

if TYPE_CHECKING:
    from lstm_tui.core.readout import Readout
    from lstm_tui.core.training import Trainer

LIVE = "live"
LIVE_LABEL = "live: training run"
SOURCES = [("held-out test split", "split"), ("typed text", "typed"), ("last sample", "sample")]


class InspectPane(Vertical):
    """Model and text pickers, the coloured text, the cursor detail and the cell list."""

    BINDINGS = [
        Binding("ctrl+r", "read", "Read again"),
        Binding("m", "cycle_mode", "Mode"),
        Binding("left_square_bracket", "unit(-1)", "Unit−", key_display="["),
        Binding("right_square_bracket", "unit(1)", "Unit+", key_display="]"),
        Binding("f", "find_cells", "Find cells"),
        Binding("ctrl+s", "export", "Export HTML"),
        Binding("escape", "close_cells", "Close cells", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._store = ModelStore(keep=2)
        self._trainer: Trainer | None = None
        self._extra_runs: list[Path] = []  # chosen runs that live outside the scanned folders
        self._sample: tuple[str, str] | None = None  # (text, model) of the last finished sample
        self._job = 0
        self._cells_job = 0
        self.readout: Readout | None = None
        self.colouring = Colouring()
        self.label = ""
        self.busy = False
        self.seconds = 0.0  # how long the last reading took in the worker
        self.exported: Path | None = None
        self._ready = False
        self._shown = False  # set the first time the pane is displayed

    # ---- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(classes="inspect--row"):
            yield Label("model", classes="inspect--label")
            yield Select[str]([], prompt="no saved runs yet", id="inspect-model", compact=True)
            yield Label("text", classes="inspect--label inspect--gap")
            yield Select[str](SOURCES, value="split", allow_blank=False, id="inspect-source", compact=True)
            yield Button("Read", id="inspect-read", variant="primary", compact=True)
        with Horizontal(classes="inspect--row"):
            yield Input(placeholder="type a text, Enter reads it", id="inspect-input", compact=True)
            yield Input(placeholder="regex for Find cells", id="inspect-regex", compact=True)
        yield Static("", id="inspect-header")
        with Horizontal(id="inspect-body"):
            yield HeatText(id="inspect-view")
            with Vertical(id="inspect-side"):
                yield Static("", id="inspect-detail")
                yield OptionList(id="inspect-cells")
        yield Static("", id="inspect-status", markup=False)

    def on_mount(self) -> None:
        self._ready = True
        self.refresh_models()
        self.query_one("#inspect-cells", OptionList).display = False
        self._status("press Read (or Ctrl+R) to colour the text; the pane reads it when first shown")

    def on_show(self) -> None:
        """Shown: the text takes the focus; the first time, read the default text so the
        pane opens coloured."""
        self._shown = True
        # the keys (arrows, m, [ ], f) work at once, without tabbing into the text first
        self.call_after_refresh(self.query_one(HeatText).focus)
        if self.readout is None and not self.busy and self._model_value() is not None:
            self.read()

    @on(Select.Changed, "#inspect-model")
    @on(Select.Changed, "#inspect-source")
    def _choice_changed(self, event: Select.Changed) -> None:
        """Another model or text: read it at once (once the pane has been seen; the app
        never loads torch for a pane nobody opened)."""
        if not self._shown:
            return
        if event.select.id == "inspect-source" and event.value == "typed":
            box = self.query_one("#inspect-input", Input)
            if not box.value.strip():
                box.focus()
                return
        self.read()

    # ---- the contract with the app ---------------------------------------------------------
    def set_live_trainer(self, trainer: Trainer | None) -> None:
        """Offer (or withdraw) the run being trained; read through trainer.snapshot()."""
        previous = self._trainer
        self._trainer = trainer
        self.refresh_models(select=LIVE if trainer is not None and previous is None else None)

    def set_sample(self, text: str, model: str) -> None:
        """The Sample pane finished a text: offered as the "last sample" source."""
        self._sample = (text, model)

    def refresh_models(self, select: str | None = None) -> None:
        """Rescan the saved runs (plus the live run); keep the choice when still offered."""
        if not self._ready:
            return
        picker = self.query_one("#inspect-model", Select)
        options = [(LIVE_LABEL, LIVE)] if self._trainer is not None else []
        runs = saved_runs()
        if select not in (None, LIVE) and Path(select) not in runs and (Path(select) / RUN_FILE).exists():
            self._extra_runs.append(Path(select))  # a run outside the scanned folders stays offered
        runs += [p for p in self._extra_runs if p not in runs and (p / RUN_FILE).exists()]
        options += [(run_label(p), str(p)) for p in runs]
        current = select or self._model_value()
        picker.prompt = model_prompt(options)
        picker.set_options(options)
        values = [v for _, v in options]
        if current in values:
            picker.value = current
        elif values:
            picker.value = values[0]

    # ---- reading -------------------------------------------------------------------------
    def _model_value(self) -> str | None:
        value = self.query_one("#inspect-model", Select).value
        return value if isinstance(value, str) else None

    def read(self) -> bool:
        """Read the chosen text with the chosen model in the worker; False if nothing to read."""
        value = self._model_value()
        if value is None:
            self._status("no model: train one (2) or save a run to models/")
            return False
        if value == LIVE:
            if self._trainer is None:
                self._status("the live run has ended: pick a saved run")
                return False
            source: Path | Trainer = self._trainer
            name = "live run (snapshot)"
        else:
            source, name = Path(value), Path(value).name
        kind = self.query_one("#inspect-source", Select).value
        text: str | None = None
        label = "held-out test split"
        if kind == "typed":
            text = self.query_one("#inspect-input", Input).value
            label = "typed text"
            if not text.strip():
                self.notify("type a text to inspect first", title="Inspect", severity="warning")
                self.query_one("#inspect-input", Input).focus()
                return False
        elif kind == "sample":
            if self._sample is None or not self._sample[0]:
                self.notify(
                    "no finished sample yet: stream one in the Sample pane (3)", title="Inspect", severity="warning"
                )
                return False
            text, label = self._sample[0], f"last sample of {self._sample[1]}"
        self._job += 1
        self.busy = True
        self._status(f"reading {label} with {name} …")
        self._run(InspectRequest(self._job, source, name, text, label))  # type: ignore[arg-type]
        return True

    @work(thread=True, exclusive=True, group="inspect")
    def _run(self, request: InspectRequest) -> None:
        run_inspect(request, self._store, self.post_message)

    @work(thread=True, exclusive=True, group="inspect-cells")
    def _find(self, job: int, readout: Readout, regex: str) -> None:
        run_find_cells(job, readout, regex, self.post_message)

    def on_inspect_ready(self, message: InspectReady) -> None:
        if message.job != self._job:
            return  # a newer reading is on its way
        self.busy = False
        if message.error is not None or message.readout is None:
            self._status(message.error or "nothing read")
            self.notify(message.error or "nothing read", title="Inspect", severity="error")
            return
        self.readout, self.label = message.readout, f"{message.label} · {message.model}"
        hidden = self.readout.layers * self.readout.hidden
        if self.colouring.unit >= hidden:
            self.colouring = Colouring(self.colouring.mode, 0)
        self.query_one(HeatText).show(self.readout, self.colouring)
        self.query_one("#inspect-cells", OptionList).clear_options()
        self._header()
        notes = "; ".join(message.notes or [])
        self.seconds = message.seconds  # kept out of the status line, which snapshots picture
        self._status(f"read {len(self.readout):,} characters" + (f" · {notes}" if notes else ""))
        if message.notes and any("cut at" in n for n in message.notes):
            self.notify(notes, title="Inspect", severity="warning")

    # ---- the cursor, modes and units ---------------------------------------------------
    def on_inspect_cursor_moved(self, message: InspectCursorMoved) -> None:
        message.stop()
        self._detail(message.index)

    def _detail(self, index: int) -> None:
        widget = self.query_one("#inspect-detail", Static)
        if self.readout is None or not len(self.readout):
            content: str | Text = ""
        else:
            content = describe(self.readout, min(index, len(self.readout) - 1), self.colouring)
        # The box is `height: auto`, and a layout is of the whole screen (10-20 ms a key
        # with training on the other core): only a change in its number of lines needs one.
        width = widget.content_size.width
        lines = widget.visual.get_height(widget.styles, width) if width else None
        widget.update(content, layout=False)
        if lines is None or widget.visual.get_height(widget.styles, width) != lines:
            widget.refresh(layout=True)

    def set_colouring(self, colouring: Colouring) -> None:
        """Colour by another mode or unit (the header and the detail follow)."""
        self.colouring = colouring
        view = self.query_one(HeatText)
        view.set_colouring(colouring)
        self._header()
        self._detail(view.cursor)

    def action_cycle_mode(self) -> None:
        """m: surprisal → rank → unit h → unit c → surprisal."""
        mode = MODES[(MODES.index(self.colouring.mode) + 1) % len(MODES)]
        self.set_colouring(Colouring(mode, self.colouring.unit))

    def action_unit(self, step: int) -> None:
        """[ and ]: the previous or next unit (switching to unit h from surprisal or rank)."""
        if self.readout is None:
            return
        units = max(1, self.readout.layers * self.readout.hidden)
        mode = self.colouring.mode if self.colouring.mode in ("h", "c") else "h"
        self.set_colouring(Colouring(mode, (self.colouring.unit + step) % units))

    def action_read(self) -> None:
        self.read()

    def action_find_cells(self) -> None:
        """f: rank every unit against the predicates (and the regex box) in a worker."""
        if self.readout is None:
            self.notify("read a text first", title="Inspect", severity="warning")
            return
        self._cells_job += 1
        self._status("finding cells …")
        self._find(self._cells_job, self.readout, self.query_one("#inspect-regex", Input).value.strip())

    def on_cells_found(self, message: CellsFound) -> None:
        if message.job != self._cells_job or self.readout is None:
            return
        if message.error is not None or message.results is None:
            self._status(message.error or "no result")
            self.notify(message.error or "no result", title="Inspect", severity="error")
            return
        cells = self.query_one("#inspect-cells", OptionList)
        cells.clear_options()
        cells.add_options(cell_options(message.results, self.readout.hidden, self.readout.layers))
        cells.display = True
        self.query_one("#inspect-side").add_class("-cells")
        cells.focus()
        self._status(
            f"cell search over {len(self.readout):,} characters in {message.seconds:.2f} s: pick a unit to colour by it"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc closes the cell list while it is open; otherwise it goes on to the app."""
        if action == "close_cells":
            return any(cells.display for cells in self.query("#inspect-cells"))
        return True

    def action_close_cells(self) -> None:
        """Esc: put the cell list away; the detail shows its top 10 again."""
        cells = self.query_one("#inspect-cells", OptionList)
        if cells.display:
            cells.display = False
            self.query_one("#inspect-side").remove_class("-cells")
            self.query_one(HeatText).focus()

    @on(OptionList.OptionSelected, "#inspect-cells")
    def _unit_chosen(self, event: OptionList.OptionSelected) -> None:
        parsed = parse_unit_id(event.option.id or "")
        if parsed is not None:
            self.set_colouring(Colouring(parsed[0], parsed[1]))  # type: ignore[arg-type]

    def action_export(self) -> None:
        """Ctrl+S: the coloured text as a standalone HTML page in the exports folder."""
        if self.readout is None:
            self.notify("nothing to export yet", title="Inspect", severity="warning")
            return
        try:
            self.exported = export_html(self.readout, self.colouring, f"lstm-tui inspect: {self.label}")
        except OSError as exc:
            self.notify(f"export failed: {exc}", title="Inspect", severity="error")
            return
        self.notify(f"wrote {self.exported}", title="Inspect")

    # ---- buttons and inputs --------------------------------------------------------------
    @on(Button.Pressed, "#inspect-read")
    def _read_pressed(self) -> None:
        self.read()

    @on(Input.Submitted, "#inspect-input")
    def _typed(self) -> None:
        self.query_one("#inspect-source", Select).value = "typed"
        self.read()

    @on(Input.Submitted, "#inspect-regex")
    def _regex(self) -> None:
        self.action_find_cells()

    # ---- lines ---------------------------------------------------------------------------
    def _header(self) -> None:
        if self.readout is None:
            return
        mean = self.readout.mean_surprisal
        figure = f"{mean:.3f} nats/char" if math.isfinite(mean) else "—"
        line = Text()
        line.append(f"mean {figure}", style="bold")
        line.append(f" · {self.colouring.label(self.readout)} ")
        for label, bg in legend(self.colouring):
            line.append(f" {label} ", style=f"{text_colour(bg)} on {bg}")
        self.query_one("#inspect-header", Static).update(line)
        self.query_one(HeatText).border_title = self.label

    def _status(self, text: str) -> None:
        self.query_one("#inspect-status", Static).update(text)
