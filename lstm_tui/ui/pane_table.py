"""The six panes, in one table: the tabs, the number keys, the command palette's pane
entries and the help screen's key row are all derived from it, so adding or renaming a
pane is one edit."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.widget import Widget

from lstm_tui.ui.panes.corpus import CorpusPane
from lstm_tui.ui.panes.inspect import InspectPane
from lstm_tui.ui.panes.morphemes import MorphemesPane
from lstm_tui.ui.panes.runs import RunsPane
from lstm_tui.ui.panes.sample import SamplePane
from lstm_tui.ui.panes.train import TrainPane


@dataclass(frozen=True)
class Pane:
    """One pane: its tab id, key, title, what the palette says it shows, its widget
    class and the id that widget is mounted with (None: none needed)."""

    id: str
    key: str
    title: str
    shows: str
    widget: type[Widget]
    widget_id: str | None = None

    @property
    def tab_label(self) -> str:
        """The tab's label: its key, then its title ("1 Corpus")."""
        return f"{self.key} {self.title}"

    @property
    def action(self) -> str:
        """The app action that shows it."""
        return f"show_pane('{self.id}')"


PANES: tuple[Pane, ...] = (
    Pane("corpus", "1", "Corpus", "Show the corpora", CorpusPane, "corpus-pane"),
    Pane("train", "2", "Train", "Show the training settings and live run", TrainPane, "train-pane"),
    Pane("sample", "3", "Sample", "Show the sampler", SamplePane),
    Pane("morphemes", "4", "Morphemes", "Show the morpheme tables", MorphemesPane),
    Pane("inspect", "5", "Inspect", "Colour a text by surprisal, rank or an LSTM unit", InspectPane),
    Pane("runs", "6", "Runs", "Compare saved runs; open, replay, rename or delete them", RunsPane, "runs-pane"),
)
PANE_IDS: tuple[str, ...] = tuple(p.id for p in PANES)


def pane_bindings() -> list[Binding]:
    """The number keys, one per pane. Not in the footer: the tab bar shows each pane's
    number already, and listing them there pushed Import and Help off a 120-column footer."""
    return [Binding(p.key, p.action, p.title, key_display=p.key, show=False) for p in PANES]


def palette_entries() -> list[tuple[str, str, str]]:
    """(title, help, action) for the command palette, one per pane."""
    return [(f"{p.title} pane", f"{p.shows} ({p.key})", p.action) for p in PANES]


def help_key_row() -> str:
    """The help screen's key-table row for the panes."""
    keys = " ".join(f"`{p.key}`" for p in PANES)
    return f"| {keys} | {' · '.join(p.title for p in PANES)} pane |"
