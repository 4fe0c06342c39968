"""The Corpus pane: the corpora list, facts and a preview of the highlighted one, and
an import box. Listing, counting and importing run in `@work` thread workers that post
messages; the handlers here fill the widgets."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from lstm_tui.catalog import CorpusInfo, list_corpora
from lstm_tui.core.facts import CorpusFacts, corpus_facts
from lstm_tui.errors import UserError
from lstm_tui.ui.corpus_card import describe, facts_text, preview_text
from lstm_tui.ui.messages import CorporaListed, CorpusFactsReady, CorpusImported, CorpusSelected

FACTS_LIMIT_CHARS = 5_000_000  # facts of a bigger file are computed from its first 5M characters


class CorpusPane(Container):
    """Pick the corpus to train on and analyse; import a new one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpora: dict[str, CorpusInfo] = {}
        self.facts: dict[str, CorpusFacts] = {}
        self.active: str | None = None
        self.highlighted: str | None = None
        self._want: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="corpus-left"):
                yield Label("Corpora — Enter or click to use one", classes="section")
                yield OptionList(id="corpus-list")
                yield Label("Import a text file or Aozora Bunko .zip", classes="section")
                yield Input(placeholder="path/to/file.txt", id="import-path")
                with Horizontal(id="import-row"):
                    yield Input(placeholder="name (optional)", id="import-name", compact=True)
                    yield Checkbox("wakati", id="import-wakati", compact=True)
                    yield Button("Import", id="import", compact=True, variant="primary")
            with VerticalScroll(id="corpus-right"):
                yield Static("", id="corpus-facts", markup=False)
                yield Static("", id="corpus-preview", markup=False)

    # ---- public API ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Re-list the corpora in a worker; then highlight (and use) `select` if given."""
        self._want = select
        self._list_corpora(select)

    def focus_import(self) -> None:
        """Put the cursor in the import path box."""
        self.query_one("#import-path", Input).focus()

    # ---- workers (post messages only) ---------------------------------------------------------
    @work(thread=True, exclusive=True, group="corpus-list", exit_on_error=False)
    def _list_corpora(self, select: str | None) -> None:
        try:
            self.post_message(CorporaListed(list_corpora(), select))
        except Exception as exc:  # an odd file in the user folder must not crash the app
            self.post_message(CorporaListed([], select, error=f"cannot list corpora: {exc}"))

    @work(thread=True, exclusive=True, group="corpus-facts", exit_on_error=False)
    def _count(self, info: CorpusInfo) -> None:
        from lstm_tui.core.encoding import read_text

        try:
            text = read_text(info.path)[:FACTS_LIMIT_CHARS]
            facts = corpus_facts(text, top=20, n_lines=8)
        except (UserError, OSError) as exc:
            self.post_message(CorpusFactsReady(info.name, None, error=str(exc)))
            return
        self.post_message(CorpusFactsReady(info.name, facts))

    @work(thread=True, exclusive=True, group="corpus-import", exit_on_error=False)
    def _import(self, path: str, name: str | None, wakati: bool) -> None:
        from lstm_tui.importing import import_corpus

        try:
            info = import_corpus(path, name=name, wakati=wakati)
        except UserError as exc:
            self.post_message(CorpusImported(None, error=str(exc)))
            return
        except Exception as exc:
            self.post_message(CorpusImported(None, error=f"import failed: {exc}"))
            return
        self.post_message(CorpusImported(info))

    # ---- handlers ----------------------------------------------------------------------------
    def on_corpora_listed(self, message: CorporaListed) -> None:
        """Fill the list; highlight and use the corpus asked for, else keep the active one."""
        if message.error:
            self.notify(message.error, title="corpora", severity="error", timeout=10)
        self.corpora = {c.name: c for c in message.corpora}
        self._fill_list()
        want = message.select if message.select in self.corpora else self.active
        if want is None and message.corpora:
            want = message.corpora[0].name
        if want is not None:
            self._highlight(want)
            if message.select is not None or self.active is None:
                self._use(want)

    def _fill_list(self) -> None:
        options = self.query_one("#corpus-list", OptionList)
        options.clear_options()
        for info in self.corpora.values():
            mark = "● " if info.name == self.active else "  "
            options.add_option(Option(Text(mark + describe(info)), id=info.name))

    def _highlight(self, name: str) -> None:
        options = self.query_one("#corpus-list", OptionList)
        try:
            options.highlighted = options.get_option_index(name)
        except Exception:
            pass
        self._show(name)

    def _show(self, name: str) -> None:
        info = self.corpora.get(name)
        if info is None:
            return
        self.highlighted = name
        facts = self.facts.get(name)
        self.query_one("#corpus-facts", Static).update(facts_text(info, facts))
        self.query_one("#corpus-preview", Static).update(preview_text(facts))
        if facts is None:
            self._count(info)

    def _use(self, name: str) -> None:
        info = self.corpora.get(name)
        if info is None:
            return
        self.active = name
        self._fill_list()
        self._highlight(name)
        self.post_message(CorpusSelected(info.name, info.path))

    @on(OptionList.OptionHighlighted, "#corpus-list")
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.highlighted:
            self._show(event.option.id)

    @on(OptionList.OptionSelected, "#corpus-list")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._use(event.option.id)

    def on_corpus_facts_ready(self, message: CorpusFactsReady) -> None:
        if message.error:
            self.notify(message.error, title="corpus", severity="error")
            return
        self.facts[message.name] = message.facts
        if message.name == self.highlighted:
            self._show(message.name)

    @on(Button.Pressed, "#import")
    @on(Input.Submitted, "#import-path")
    @on(Input.Submitted, "#import-name")
    def _import_pressed(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.notify("type the path of a text file to import", title="import", severity="error")
            return
        name = self.query_one("#import-name", Input).value.strip() or None
        wakati = self.query_one("#import-wakati", Checkbox).value
        self.query_one("#import", Button).disabled = True
        self.notify(f"importing {Path(path).name} …", title="import")
        self._import(str(Path(path).expanduser()), name, wakati)

    def on_corpus_imported(self, message: CorpusImported) -> None:
        self.query_one("#import", Button).disabled = False
        if message.error or message.info is None:
            self.notify(message.error or "import failed", title="import failed", severity="error", timeout=10)
            return
        info = message.info
        self.notify(f"imported {info.name}: {info.chars:,} characters", title="import")
        self.query_one("#import-path", Input).value = ""
        self.query_one("#import-name", Input).value = ""
        self.reload(select=info.name)
        # out of the path box: number keys typed into it, not switching panes
        self.query_one("#corpus-list", OptionList).focus()
