"""The help screen (F1 or ?): keys, panes and what the app is doing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from lstm_tui.ui.pane_table import help_key_row

HELP = f"""\
# lstm-tui

Train a character-level LSTM on a corpus, watch its loss, sample from it and read
the morphemes of what it writes.

| Key | Action |
|---|---|
{help_key_row()}
| `F5` | start training (Train pane settings) |
| `F6` | pause / resume training |
| `F7` | stop training (evaluates, samples and saves the run) |
| `F8` | sample: stream text from the chosen model |
| `Ctrl+O` | import a corpus file |
| `Ctrl+P` | command palette: every action by name |
| `F1` `?` | this help |
| `Ctrl+Q` | quit (a running training is saved first) |

Number keys switch panes when the cursor is not in a text box; `Esc` leaves a text box
(in Sample it first stops a running stream); `Tab` moves between controls; every control
also works with the mouse.

**Corpus** lists bundled and imported corpora: highlight one for its facts, the
works it holds (底本, 入力, 校正) and its first lines; press Enter (or click) to train
on it. Import takes a path to a text file in any common Japanese encoding or an Aozora
Bunko .txt/.zip.

**Train** takes a preset (`default` or the `seed` recipe) and hyperparameters; a bad
value is marked and Start stays disabled until it is fixed. Runs are saved in your
models folder; pick one under *resume* to see its loss curve and continue it. The strip
at the top shows the loss on every pane.

**Sample** streams text from the run being trained or any saved run.
**Morphemes** compares MeCab part-of-speech tables of the corpus and of generated text;
`Ctrl+G` there has the Sample pane write text to compare.
**Inspect** (`5`) colours a text by how surprised the model was at each character
(`m` cycles surprisal, GLTR rank, one unit's h, its c; `[` `]` step through units),
with the cursor's probability, rank, entropy and the model's top 10 beside it. `f`
finds the units that track 「」, brackets, script, line position or the regex you
type; `Ctrl+R` reads again (the live run from a fresh snapshot); `Ctrl+S` exports
HTML. The figures are the pure LSTM's.
**Runs** (`6`) lists every saved run with its size, steps, training time, best
validation and test loss and its margin to the n-gram baseline; type in *filter*, `s`
(or a column header) sorts. `Space` marks runs to overlay their validation curves;
`Enter` samples a run, `r` resumes it, `i` inspects it, `p` replays its previews, `F2` renames and `Del`
deletes it (after a yes). The run being trained or sampled is never renamed or deleted.

While a run trains, *lr now* in the Train pane sets its learning rate from the next
step (marked on the chart, kept in the run). *Replay* shows its previews as a timeline:
`←` `→` step through them with the loss at each. The theme is in the palette
(`Ctrl+P`, "theme"); it, the corpus, the run and the sampling controls are remembered.

Press `Esc`, `F1` or `?` to close.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and a short guide; any of Esc, F1, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
