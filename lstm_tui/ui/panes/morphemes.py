"""The Morphemes pane: word-frequency tables of the corpus and of generated text, side by side.

MeCab runs in the morph worker (workers/morph.py, started with `@work`), which posts
progress and one result; handlers here fill the tables. Filter changes are debounced
and, thanks to the morph cache, only re-derive the tables from counts already made.
"Generate & compare" posts GenerateRequested: the app has the Sample pane write the
text, which comes back through set_generated.

Enter on a row opens the word's concordance (ui/morphemes/kwic.py), corpus and
generated side by side; k opens keyness against the generated text or a second corpus.
The stop-list and the compounds (words MeCab splits, kept whole) are fields: words, or
the path of a UTF-8 file with one word per line; a bad file is refused with a
notification and the tables stay as they were.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.validation import Function
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static
from textual.worker import get_current_worker

from lstm_tui.core.sampling_options import MAX_APP_LENGTH
from lstm_tui.errors import ConfigError, UserError
from lstm_tui.morph.compare import Comparison
from lstm_tui.morph.compounds import user_compounds_file, words_or_file
from lstm_tui.morph.frequency import POS_CHOICES, FreqOptions, FreqTable
from lstm_tui.ui.messages import GenerateRequested, MorphProgress, MorphResult
from lstm_tui.ui.morph_export import EXTENSIONS, export_tables
from lstm_tui.ui.morphemes.keyness import KeynessScreen
from lstm_tui.ui.morphemes.kwic import CONTEXT_CHARS, KwicScreen
from lstm_tui.ui.workers.morph import STAGES, KwicRequest, MorphRequest, compute

RECOMPUTE_DELAY_S = 0.3  # debounce typing in the number fields
DEFAULT_GENERATE = 2000  # characters for "generate and compare"
SHOW_SECONDS_FROM = 1.0  # analysis times below this are not shown
IDLE_HINT = "pick a corpus in the Corpus pane; sample text in the Sample pane"
HINTS = {
    "hiragana": "hide words written only in hiragana",
    "surface": "count surface forms (撮っ) instead of base forms (撮る)",
    "stop": "drop the words in the stop-list field",
    "stopwords": "stop-list: words (comma-separated) or the path of a UTF-8 file, one word per line",
    "compounds": "words MeCab splits to count as one (赤シャツ, 野だ): words or a UTF-8 file path",
    "gen": "characters to generate with the Sample pane's model and settings",
}
ROW_HINT = "Enter: in context · k: keyness"
# the default stop-list as the field shows it (formal nouns that say nothing)
DEFAULT_STOP_FIELD = "こと, もの, ところ, ため, はず, わけ, よう, とき"
POS_LABELS = {
    "adjective": "adjectives 形容詞",
    "noun": "nouns 名詞",
    "verb": "verbs 動詞",
    "content": "content words",
    "all": "all words",
}


def _whole(text: str, low: int) -> int:
    """A whole number ≥ low from a field, or ConfigError."""
    try:
        value = int(text.strip())
    except ValueError:
        raise ConfigError(f"{text.strip()!r} is not a whole number") from None
    if value < low:
        raise ConfigError(f"{value} is below {low}")
    return value


def _valid(low: int) -> Function:
    """An Input validator: a whole number ≥ low (a bad value marks the field red)."""

    def check(text: str) -> bool:
        try:
            _whole(text, low)
        except ConfigError:
            return False
        return True

    return Function(check)


class MorphemesPane(Vertical):
    """Filters, two frequency tables (corpus | generated), the comparison, export."""

    BINDINGS = [
        Binding("ctrl+r", "recompute", "Recount"),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+g", "generate", "Generate & compare"),
        Binding("k", "keyness", "Keyness"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._corpus: tuple[str, Path] | None = None
        self._generated: tuple[str, str] | None = None  # (text, model)
        self._job = 0
        self._timer: Timer | None = None
        self._tables: dict[str, FreqTable] = {}
        self._comparison: Comparison | None = None
        self.exported: list[Path] = []  # the files the last export wrote
        self._ready = False  # set in on_mount (is_mounted is still False there)

    # ---- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(classes="morph--row"):
            yield Label("show", classes="morph--label -first")
            yield Select(
                [(POS_LABELS[p], p) for p in POS_CHOICES],
                value="content",
                allow_blank=False,
                id="morph-pos",
                compact=True,
            )
            yield Label("top", classes="morph--label")
            yield Input("20", id="morph-top", compact=True, validators=[_valid(0)], tooltip="rows shown (0 = all)")
            yield Label("min", classes="morph--label")
            yield Input("1", id="morph-min", compact=True, validators=[_valid(1)], tooltip="minimum frequency")
            yield Label("export", classes="morph--label")
            yield Select.from_values(EXTENSIONS, value="csv", allow_blank=False, id="morph-format", compact=True)
            yield Button("Export", id="morph-export", compact=True)
            yield Button("Keyness", id="morph-keyness", compact=True)
        with Horizontal(classes="morph--row"):
            yield Checkbox("hide hiragana", id="morph-hide-hiragana", compact=True, tooltip=HINTS["hiragana"])
            yield Checkbox("surface", id="morph-surface", compact=True, tooltip=HINTS["surface"])
            yield Checkbox("stop-list", value=True, id="morph-stoplist", compact=True, tooltip=HINTS["stop"])
            yield Input(
                str(DEFAULT_GENERATE), id="morph-gen-length", compact=True, validators=[_valid(1)], tooltip=HINTS["gen"]
            )
            yield Button("Generate & compare", id="morph-generate", compact=True)
        with Horizontal(classes="morph--row"):
            yield Label("stop-list", classes="morph--label -first")
            yield Input(DEFAULT_STOP_FIELD, id="morph-stopwords", compact=True, tooltip=HINTS["stopwords"])
            yield Label("compounds", classes="morph--label")
            yield Input(
                "", id="morph-compounds", compact=True, placeholder="赤シャツ, 野だ", tooltip=HINTS["compounds"]
            )
        yield Static(IDLE_HINT, id="morph-status", markup=False)
        yield Static("", id="morph-comparison", markup=False)
        with Horizontal(id="morph-tables"):
            yield DataTable(id="morph-corpus", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="morph-generated", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        """Set up the table columns; analyse anything set before mounting."""
        self._ready = True
        corpus = self.query_one("#morph-corpus", DataTable)
        corpus.add_columns("#", "word", "count", "‰")
        corpus.border_title = "corpus"
        generated = self.query_one("#morph-generated", DataTable)
        generated.add_columns("#", "word", "count", "‰", "corpus ‰")
        generated.border_title = "generated"
        for view in (corpus, generated):
            view.border_subtitle = ROW_HINT  # what Enter does is not obvious from a table
        self._titles()
        if self._corpus is not None or self._generated is not None:
            self._schedule(now=True)  # set_* arrived before the pane was mounted

    # ---- the contract with the app ---------------------------------------------------------
    def set_corpus(self, name: str, path: Path) -> None:
        """Analyse this corpus (read with encoding.read_text, in the worker)."""
        self._corpus = (name, Path(path))
        if self._ready:
            self._offer_compounds(name)
            self._titles()
            self._schedule(now=True)

    def set_generated(self, text: str, model: str) -> None:
        """Analyse this generated text beside the corpus."""
        self._generated = (text, model)
        if self._ready:
            self._titles()
            self._schedule(now=True)

    def _offer_compounds(self, name: str) -> None:
        """An empty compounds field takes the user's file for this corpus (or the global one)."""
        field = self.query_one("#morph-compounds", Input)
        if not field.value.strip():
            found = user_compounds_file(name)
            if found is not None:
                with self.prevent(Input.Changed):
                    field.value = str(found)

    def compounds(self) -> tuple[str, ...] | None:
        """The compounds field's words, or None (with a notification) for a bad file."""
        try:
            return words_or_file(self.query_one("#morph-compounds", Input).value, "compounds")
        except ConfigError as exc:
            self._word_list_refused(exc)
            return None

    def _word_list_refused(self, exc: ConfigError) -> None:
        self._status(f"⚠ {exc}; the tables keep the last good list")
        self.notify(str(exc), title="Morphemes", severity="error")

    def _titles(self) -> None:
        """Name the sources above the two tables."""
        if self._corpus is not None:
            self.query_one("#morph-corpus", DataTable).border_title = f"corpus: {self._corpus[0]}"
        if self._generated is not None:
            text, model = self._generated
            self.query_one("#morph-generated", DataTable).border_title = f"generated: {model} ({len(text)} chars)"

    # ---- reading the filters ---------------------------------------------------------------
    def options(self) -> FreqOptions | None:
        """The filters as FreqOptions, or None (with a notification) when a field is bad."""
        try:
            top = _whole(self.query_one("#morph-top", Input).value, 0)
            min_freq = _whole(self.query_one("#morph-min", Input).value, 1)
        except ConfigError as exc:
            self._status(f"⚠ filter: {exc}")
            return None
        stopwords: frozenset[str] = frozenset()
        if self.query_one("#morph-stoplist", Checkbox).value:
            try:
                stopwords = frozenset(words_or_file(self.query_one("#morph-stopwords", Input).value, "stop-list"))
            except ConfigError as exc:
                self._word_list_refused(exc)
                return None
        try:
            return FreqOptions(
                pos=str(self.query_one("#morph-pos", Select).value),
                top=top,
                min_freq=min_freq,
                stopwords=stopwords,
                hide_hiragana=self.query_one("#morph-hide-hiragana", Checkbox).value,
                use_surface=self.query_one("#morph-surface", Checkbox).value,
            )
        except ConfigError as exc:
            self._status(f"⚠ filter: {exc}")
            return None

    # ---- computing -------------------------------------------------------------------------
    def _schedule(self, now: bool = False) -> None:
        """Recompute now, or after RECOMPUTE_DELAY_S of quiet (typing in a field)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if now:
            self.recompute()
        else:
            self._timer = self.set_timer(RECOMPUTE_DELAY_S, self.recompute)

    def recompute(self) -> bool:
        """Start the worker for the current corpus, generated text and filters."""
        self._timer = None
        opts = self.options()
        compounds = self.compounds() if opts is not None else None
        if opts is None or compounds is None or (self._corpus is None and self._generated is None):
            return False
        self._job += 1
        request = MorphRequest(
            self._job,
            opts,
            self._corpus[1] if self._corpus else None,
            self._generated[0] if self._generated else "",
            compounds,
        )
        self.query_one("#morph-tables").loading = True
        self._status("analysing…")
        self._compute(request)
        return True

    # exclusive: a newer request (a filter change) marks the older one cancelled
    @work(thread=True, group="morph", exclusive=True, exit_on_error=False)
    def _compute(self, request: MorphRequest) -> None:
        worker = get_current_worker()
        compute(request, self.post_message, lambda: worker.is_cancelled)

    @property
    def busy(self) -> bool:
        """Whether the tables are being computed."""
        return bool(self.query_one("#morph-tables").loading)

    def on_morph_progress(self, message: MorphProgress) -> None:
        """Name the stage being computed."""
        if message.job == self._job:
            self._status(f"{message.stage}… ({message.done}/{STAGES})")

    def on_morph_result(self, message: MorphResult) -> None:
        """Fill both tables and the comparison line (or report the error)."""
        if message.job != self._job:
            return  # superseded by a newer request
        self.query_one("#morph-tables").loading = False
        if message.error:
            self._status(f"⚠ {message.error}")
            self.notify(message.error, title="Morphemes", severity="error")
            return
        self._tables = {k: t for k, t in (("corpus", message.corpus), ("generated", message.generated)) if t}
        self._comparison = message.comparison
        self._fill_corpus(message.corpus)
        self._fill_generated(message.generated, message.comparison)
        self._show_comparison(message.comparison)
        parts = []
        if message.corpus is not None and self._corpus is not None:
            parts.append(f"corpus {self._corpus[0]}: {message.corpus.total} tokens, {message.corpus.distinct} words")
        if message.generated is not None and self._generated is not None:
            parts.append(f"generated: {message.generated.total} tokens, {message.generated.distinct} words")
        # the time only when it is worth knowing (it also keeps snapshots of small corpora stable)
        took = f" · {message.seconds:.1f} s" if message.seconds >= SHOW_SECONDS_FROM else ""
        self._status(" · ".join(parts) + took)

    # ---- filling the widgets -----------------------------------------------------------------
    def _fill_corpus(self, table: FreqTable | None) -> None:
        view = self.query_one("#morph-corpus", DataTable)
        view.clear()
        if table is None:
            return
        for i, (word, n) in enumerate(table.rows, 1):
            view.add_row(i, word, n, _per_mille(n, table.total), key=word)

    def _fill_generated(self, table: FreqTable | None, comparison: Comparison | None) -> None:
        view = self.query_one("#morph-generated", DataTable)
        view.clear()
        if table is None:
            return
        corpus_share = {r.word: r.corpus_per_mille for r in comparison.rows} if comparison else {}
        invented = {w for w, _ in comparison.invented} if comparison else set()
        for i, (word, n) in enumerate(table.rows, 1):
            if word in invented:
                theirs = "new"  # a word the corpus never has: the model made it up
            elif word in corpus_share:
                theirs = f"{corpus_share[word]:.1f}"
            else:
                theirs = "·"
            view.add_row(i, word, n, _per_mille(n, table.total), theirs, key=word)

    def _show_comparison(self, comparison: Comparison | None) -> None:
        line = self.query_one("#morph-comparison", Static)
        if comparison is None:
            line.update("")
            return
        words = ", ".join(w for w, _ in comparison.invented[:12])
        line.update(comparison.summary() + (f"\nnot in the corpus: {words}" if words else ""))

    # ---- actions -------------------------------------------------------------------------
    def action_recompute(self) -> None:
        """Recount with the current filters (ctrl+r)."""
        if not self.recompute() and self._corpus is None and self._generated is None:
            self.notify("nothing to analyse yet: pick a corpus or sample some text", severity="warning")

    def action_export(self) -> None:
        """Write the shown tables to the user folder in the chosen format (ctrl+s)."""
        if not self._tables:
            self.notify("nothing to export yet", severity="warning")
            return
        fmt = str(self.query_one("#morph-format", Select).value)
        try:
            written = export_tables(self._tables, fmt)
        except (OSError, UserError) as exc:
            self.notify(f"export failed: {exc}", title="Morphemes", severity="error")
            return
        self.exported = written
        self.notify("wrote " + ", ".join(str(p) for p in written), title="Morphemes export")

    def open_kwic(self, word: str) -> bool:
        """The concordance of word (corpus | generated) in a screen; False when there is no text."""
        opts, compounds = self.options(), self.compounds()
        if opts is None or compounds is None:
            return False
        if self._corpus is None and self._generated is None:
            self.notify("nothing to look in yet: pick a corpus or sample some text", severity="warning")
            return False
        request = KwicRequest(
            word,
            "surface" if opts.use_surface else "base",
            CONTEXT_CHARS,
            self._corpus[1] if self._corpus else None,
            self._generated[0] if self._generated else "",
            compounds,
        )
        labels = (
            self._corpus[0] if self._corpus else "corpus",
            f"generated: {self._generated[1]}" if self._generated else "generated",
        )
        self.app.push_screen(KwicScreen(request, *labels, options=opts))
        return True

    def action_keyness(self) -> None:
        """Key words of the corpus against the generated text or a second corpus (k)."""
        opts, compounds = self.options(), self.compounds()
        if opts is None or compounds is None:
            return
        if self._corpus is None:
            self.notify("keyness needs a corpus: pick one in the Corpus pane", severity="warning")
            return
        self.app.push_screen(KeynessScreen(opts, self._corpus, self._generated, compounds))

    @on(DataTable.RowSelected, "#morph-corpus, #morph-generated")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: that word in context."""
        event.stop()
        word = event.row_key.value
        if word:
            self.open_kwic(str(word))

    def action_generate(self) -> None:
        """Ask for N generated characters (ctrl+g): the app has the Sample pane make them,
        and they come back through set_generated to compare."""
        try:
            length = _whole(self.query_one("#morph-gen-length", Input).value, 1)
        except ConfigError as exc:
            self.notify(f"generate: {exc}", severity="warning")
            return
        self.post_message(GenerateRequested(min(length, MAX_APP_LENGTH)))

    def generation_started(self, length: int) -> None:
        """The Sample pane is generating the text asked for."""
        self._status(f"generating {length:,} characters in the Sample pane…")

    # ---- widget events -------------------------------------------------------------------
    @on(Select.Changed, "#morph-pos")
    @on(Checkbox.Changed)
    def _filter_changed(self) -> None:
        self._schedule(now=True)

    @on(Input.Changed, "#morph-top, #morph-min")
    def _number_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._schedule()

    @on(Input.Submitted, "#morph-stopwords, #morph-compounds")
    def _list_submitted(self, event: Input.Submitted) -> None:
        """A word list takes effect on Enter (a half-typed path is not an error)."""
        event.stop()
        self._schedule(now=True)

    @on(Button.Pressed, "#morph-keyness")
    def _keyness_pressed(self) -> None:
        self.action_keyness()

    @on(Button.Pressed, "#morph-export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#morph-generate")
    def _generate_pressed(self) -> None:
        self.action_generate()

    def _status(self, text: str) -> None:
        self.query_one("#morph-status", Static).update(text)

    def rows(self, side: str) -> list[str]:
        """The words shown in one table (side: corpus or generated), top first."""
        view = self.query_one(f"#morph-{side}", DataTable)
        return [str(view.get_row_at(i)[1]) for i in range(view.row_count)]


def _per_mille(n: int, total: int) -> str:
    return f"{1000 * n / total:.1f}" if total else "0"
