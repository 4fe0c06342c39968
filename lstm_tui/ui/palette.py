"""The command palette's provider: every main action of the app by name (Ctrl+P).

Named palette.py, not commands.py, so it is never confused with lstm_tui/commands/,
the command-line sub-commands.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from lstm_tui.ui.pane_table import palette_entries

# (title, help, app action). The same actions are bound to keys in LstmTuiApp.BINDINGS;
# the panes' entries come from pane_table.py.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Start training", "Train on the selected corpus with the Train pane's settings (F5)", "start_training"),
    ("Pause or resume training", "Hold the running training, or continue it (F6)", "toggle_pause"),
    ("Stop training", "Stop, evaluate and save the run (F7)", "stop_training"),
    ("Sample", "Stream text from the chosen model in the Sample pane (F8)", "sample"),
    ("Replay the run's previews", "The training run's previews as a timeline, with the loss at each", "replay"),
    *palette_entries(),
    ("Import corpus", "Import a text file or Aozora Bunko work (Ctrl+O)", "import_corpus"),
    ("Help", "Keys and a short guide (F1)", "help"),
    ("Quit", "Save any running training and quit (Ctrl+Q)", "quit"),
)


class PaletteActions(Provider):
    """Offers ACTIONS; each runs the named app action."""

    async def discover(self) -> Hits:
        for title, help_text, action in ACTIONS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, action), help=help_text)
