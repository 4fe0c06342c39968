"""The command palette's provider: every main action of the app by name (Ctrl+P).

Named palette.py, not commands.py, so it is never confused with lstm_tui/commands/,
the command-line sub-commands.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, help, app action). The same actions are bound to keys in LstmTuiApp.BINDINGS.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Start training", "Train on the selected corpus with the Train pane's settings (F5)", "start_training"),
    ("Pause or resume training", "Hold the running training, or continue it (F6)", "pause_training"),
    ("Stop training", "Stop, evaluate and save the run (F7)", "stop_training"),
    ("Sample", "Stream text from the chosen model in the Sample pane (F8)", "sample"),
    ("Corpus pane", "Show the corpora (1)", "show_pane('corpus')"),
    ("Train pane", "Show the training settings and live run (2)", "show_pane('train')"),
    ("Sample pane", "Show the sampler (3)", "show_pane('sample')"),
    ("Morphemes pane", "Show the morpheme tables (4)", "show_pane('morphemes')"),
    ("Inspect pane", "Colour a text by surprisal, rank or an LSTM unit (5)", "show_pane('inspect')"),
    ("Runs pane", "Compare saved runs; open, replay, rename or delete them (6)", "show_pane('runs')"),
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
