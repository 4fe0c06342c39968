"""KwicScreen: every occurrence of a word in the corpus and in the generated text, side by side.

Opened by Enter on a row of the Morphemes pane's tables. The left context is
right-aligned so the word sits in one column on every line (wide characters count
two), and each line follows Japanese line breaking (禁則, core/kinsoku.py): it never
starts with 。、」 or a small kana, nor ends with 「. l / r / t sort both sides by left
context, right context or text order; Enter on a line shows its whole sentence
below; c opens the word's collocations.
A side with no occurrence says "0 occurrences" and lists the nearest forms that do
occur (for a word the model made up: its nearest corpus forms by spelling and
reading, while the generated side shows where it appeared).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from lstm_tui.core.kinsoku import trim_line_end, trim_line_start
from lstm_tui.morph.frequency import FreqOptions
from lstm_tui.morph.kwic import Concordance, KwicLine, sentence_at, sort_lines
from lstm_tui.ui.messages import KwicReady
from lstm_tui.ui.workers.morph import KwicRequest, compute_kwic

CONTEXT_CHARS = 11  # characters each side: two 22-column contexts fit a half of 120 columns
SIDES = ("corpus", "generated")
SORT_NAMES = {"text": "text order", "left": "left context", "right": "right context"}


class KwicScreen(ModalScreen[None]):
    """A concordance of one word, corpus | generated."""

    BINDINGS = [
        Binding("escape", "dismiss_screen", "Close"),
        Binding("l", "sort('left')", "Sort left"),
        Binding("r", "sort('right')", "Sort right"),
        Binding("t", "sort('text')", "Text order"),
        Binding("c", "collocations", "Collocates"),
    ]

    def __init__(
        self,
        request: KwicRequest,
        corpus_label: str = "corpus",
        generated_label: str = "generated",
        options: FreqOptions | None = None,
    ) -> None:
        super().__init__()
        self.request = request
        self.labels = {"corpus": corpus_label, "generated": generated_label}
        self.options = options or FreqOptions()
        self.sort = "text"
        self.result: KwicReady | None = None
        self.shown: dict[str, list[KwicLine]] = {"corpus": [], "generated": []}
        self.sentence_text = ""  # the sentence last shown (tests read it)

    def compose(self) -> ComposeResult:
        with Vertical(id="kwic-box"):
            yield Static(f"KWIC {self.request.word} ({self.request.by}) · looking…", id="kwic-title", markup=False)
            yield Static("", id="kwic-note", markup=False)
            with Horizontal():
                for side in SIDES:
                    with Vertical(classes="kwic--side"):
                        yield Static("", id=f"kwic-{side}-count", classes="kwic--count", markup=False)
                        yield DataTable(id=f"kwic-{side}", cursor_type="row", zebra_stripes=True)
            yield Static("Enter on a line shows its whole sentence here.", id="kwic-sentence", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the worker."""
        width = 2 * CONTEXT_CHARS
        for side in SIDES:
            table = self.query_one(f"#kwic-{side}", DataTable)
            table.add_column("left", width=width, key="left")
            table.add_column("word", key="word")
            table.add_column("right", width=width, key="right")
            table.border_title = self.labels[side]
        self.query_one("#kwic-corpus", DataTable).loading = True
        self._look()

    @work(thread=True, group="kwic", exclusive=True, exit_on_error=False)
    def _look(self) -> None:
        compute_kwic(self.request, self.post_message)

    @property
    def busy(self) -> bool:
        """Whether the concordance is still being made."""
        return self.result is None

    def on_kwic_ready(self, message: KwicReady) -> None:
        """Fill both sides (or report the error)."""
        self.result = message
        self.query_one("#kwic-corpus", DataTable).loading = False
        if message.error:
            self.query_one("#kwic-title", Static).update(f"KWIC {message.word}: {message.error}")
            self.notify(message.error, title="KWIC", severity="error")
            return
        self.query_one("#kwic-note", Static).update(message.note)
        self._fill()
        self.query_one("#kwic-corpus" if message.corpus and message.corpus.count else "#kwic-generated").focus()

    def _concordance(self, side: str) -> Concordance | None:
        if self.result is None:
            return None
        return self.result.corpus if side == "corpus" else self.result.generated

    def _fill(self) -> None:
        """(Re)fill both tables in the current sort order, with the counts above them."""
        counts = []
        for side in SIDES:
            conc = self._concordance(side)
            table = self.query_one(f"#kwic-{side}", DataTable)
            table.clear()
            count = self.query_one(f"#kwic-{side}-count", Static)
            if conc is None:
                self.shown[side] = []
                count.update(f"{self.labels[side]}: no text")
                continue
            lines = sort_lines(conc.lines, self.sort)
            self.shown[side] = lines
            for i, ln in enumerate(lines):
                # each row is a line of text: the left context is its start, the right its end
                table.add_row(
                    Text(trim_line_start(_flat(ln.left)), justify="right", no_wrap=True, overflow="crop"),
                    Text(ln.match, style="bold"),
                    Text(trim_line_end(_flat(ln.right)), no_wrap=True, overflow="crop"),
                    key=str(i),
                )
            counts.append(f"{side} {conc.count}")
            near = None
            if self.result is not None:
                near = self.result.corpus_near if side == "corpus" else self.result.generated_near
            if conc.count:
                count.update(f"{conc.count} occurrence{'s' if conc.count != 1 else ''} in {self.labels[side]}")
            else:
                forms = ", ".join(f"{w} ({n})" for w, n in near or []) or "none"
                count.update(f"0 occurrences in {self.labels[side]} · nearest forms that occur: {forms}")
        word = f"{self.request.word} ({self.request.by})"
        title = f"KWIC {word} · {' · '.join(counts)} · sorted by {SORT_NAMES[self.sort]}"
        self.query_one("#kwic-title", Static).update(title)

    # ---- actions ---------------------------------------------------------------------------
    def action_sort(self, how: str) -> None:
        """Sort both sides by left context, right context, or text order."""
        if how in SORT_NAMES and self.result is not None and how != self.sort:
            self.sort = how
            self._fill()

    def action_dismiss_screen(self) -> None:
        """Back to the tables."""
        self.dismiss(None)

    def action_collocations(self) -> None:
        """The words near this one, in the corpus (or the generated text when alone)."""
        from lstm_tui.ui.morphemes.collocations import CollocationsScreen

        self.app.push_screen(
            CollocationsScreen(
                self.request.word,
                self.options,
                self.request.corpus_path,
                self.request.generated,
                self.request.compounds,
            )
        )

    @on(DataTable.RowSelected)
    def _line_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a line: its whole sentence, the word in bold."""
        side = "corpus" if event.data_table.id == "kwic-corpus" else "generated"
        lines = self.shown[side]
        index = int(str(event.row_key.value))
        if self.result is None or not 0 <= index < len(lines):
            return
        ln = lines[index]
        text = self.result.corpus_text if side == "corpus" else self.result.generated_text
        s, e = sentence_at(text, ln.start, ln.end)
        raw = text[s:e]
        shown = Text(f"{self.labels[side]}, line {index + 1}: ")
        lead = len(raw) - len(raw.lstrip())
        body = Text(raw.strip())
        body.stylize("bold reverse", ln.start - s - lead, ln.end - s - lead)
        shown.append_text(body)
        self.sentence_text = raw.strip()
        self.query_one("#kwic-sentence", Static).update(shown)


def _flat(s: str) -> str:
    """Context on one screen line: control characters (a tab) as spaces."""
    return "".join(" " if c < " " else c for c in s)


def corpus_path_label(path: Path | None) -> str:
    """The name a side is shown under when only a path is known."""
    return path.stem if path is not None else "corpus"
