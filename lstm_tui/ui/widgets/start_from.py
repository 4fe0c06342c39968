"""Where the Train pane's next run starts: resume a saved run, or begin a new one from
scratch, from the bundled base or from a saved run.

Two pickers: "resume" (new run, or one of the user's saved runs) and "from" (scratch,
base-ja where it is bundled, or a saved run as the parent). The widget reads run.json
of what is chosen and posts what that means; the pane fills the form and the chart from
the messages, and tells the widget the corpus's language, the base's zero-shot figure
and whether a run is training.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select

from lstm_tui import paths
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.runfiles import list_runs
from lstm_tui.errors import UserError
from lstm_tui.paths import user_models_dir
from lstm_tui.ui.saved_runs import read_saved_run

NEW_RUN = "new"
SCRATCH = "scratch"
BASE = "base-ja"  # the bundled pretrained base (core/run_plan.py's BASE_RUNS["ja"])


def base_run() -> Path | None:
    """The bundled base's folder, or None where this install has none."""
    folder = paths.bundled_models_dir() / BASE  # through the module: tests point it elsewhere
    return folder if (folder / "run.json").is_file() else None


class StartFrom(Vertical):
    """The "resume" and "from" pickers; posts NewRunChosen, ResumeChosen and ParentChosen."""

    DEFAULT_CSS = """
    StartFrom {
        height: auto;
    }
    """

    @dataclass
    class NewRunChosen(Message):
        """Resume was set back to a new run (a ParentChosen for its start follows)."""

    @dataclass
    class ResumeChosen(Message):
        """A saved run was chosen under resume: the settings to show (its own, with the
        budget as resuming treats it) and a note on what resuming it will do."""

        run: Path
        settings: TrainConfig
        note: str

    @dataclass
    class ParentChosen(Message):
        """A new run's start: the parent's settings, or None for scratch."""

        parent: TrainConfig | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.language = "und"  # the corpus's: a Japanese one starts from the base by default
        self.base_test_loss: float | None = None  # the base's zero-shot test loss on the corpus
        self.training = False  # no choice is announced while a run trains

    def compose(self) -> ComposeResult:
        with Horizontal(id="resume-row"):
            yield Label("resume")
            yield Select([("new run", NEW_RUN)], value=NEW_RUN, allow_blank=False, compact=True, id="resume")
        with Horizontal(id="start-from-row"):
            yield Label("from")
            yield Select([("scratch", SCRATCH)], value=SCRATCH, allow_blank=False, compact=True, id="start-from")

    def on_mount(self) -> None:
        self.refresh_runs()

    @property
    def resume_choice(self) -> Path | None:
        """The saved run chosen under resume, or None for a new run."""
        value = self.query_one("#resume", Select).value
        return None if value == NEW_RUN or value is Select.NULL else Path(str(value))

    @property
    def start_choice(self) -> str:
        """A new run's start: SCRATCH, BASE or a saved run's folder."""
        return str(self.query_one("#start-from", Select).value)

    def set_training(self, training: bool) -> None:
        """Freeze both pickers while a run trains; "from" also while a run is resumed."""
        self.training = training
        resume = self.query_one("#resume", Select)
        resume.disabled = training
        self.query_one("#start-from", Select).disabled = training or resume.value != NEW_RUN

    def fit_to_corpus(self, language: str) -> None:
        """A corpus was counted: re-list (the default start depends on its language) and
        announce the start again, as the form was just refilled for the corpus."""
        self.language = language
        self.refresh_runs()
        self._announce_start()

    def choose_resume(self, run: Path) -> bool:
        """Pick a saved run under resume; False, with a notification, when it is not one
        of the user's runs (the only ones the resume picker lists)."""
        self.refresh_runs()
        if run not in list_runs(user_models_dir()):
            self.notify(f"{run.name} is not in your models folder, so it cannot be resumed here", severity="warning")
            return False
        self.query_one("#resume", Select).value = str(run)  # Select.Changed posts ResumeChosen
        return True

    def refresh_runs(self) -> None:
        """Re-list saved runs in both pickers (keeping each choice if it still exists)."""
        select = self.query_one("#resume", Select)
        current = select.value
        runs = list_runs(user_models_dir())
        select.set_options([("new run", NEW_RUN)] + [(p.name, str(p)) for p in runs])
        select.value = current if current in {str(p) for p in runs} else NEW_RUN
        starts = self.query_one("#start-from", Select)
        chosen = starts.value
        options = [("scratch (random weights)", SCRATCH)]
        if base_run() is not None:
            test = self.base_test_loss
            figure = f", zero-shot test {test:.3f}" if test is not None else ""
            options.insert(0, (f"{BASE} (pretrained{figure})", BASE))
        options += [(p.name, str(p)) for p in runs]
        # Re-listing is not a choice: the form keeps what it shows.
        with starts.prevent(Select.Changed):
            starts.set_options(options)
            values = {v for _, v in options}
            default = BASE if self.language == "ja" and BASE in values else SCRATCH
            starts.value = chosen if chosen in values and chosen != SCRATCH else default

    @on(Select.Changed, "#resume")
    def _resume_changed(self, event: Select.Changed) -> None:
        # Select.BLANK is a flag (False) in Textual 8, not the empty value: NULL is.
        if event.value == NEW_RUN or event.value is Select.NULL:
            self.query_one("#start-from", Select).disabled = self.training
            self.post_message(self.NewRunChosen())
            self._announce_start()
            return
        run = Path(str(event.value))
        try:
            saved = read_saved_run(run)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.query_one("#start-from", Select).disabled = True  # a resumed run keeps its start
        # Two meanings of resume, as on the command line: with no budget typed it finishes
        # the budget it was stopped in (the same lr curve); a budget extends it (a warm restart).
        no_budget = dataclasses.replace(saved.config, steps=None, time_limit=None)
        settings = no_budget if saved.finishable else no_budget.with_(time_limit=60.0)
        how = (
            "finishes its budget; type a time limit or steps to extend it instead"
            if saved.finishable
            else "extends it by the budget below, a warm restart"
        )
        note = f"resumes at step {saved.step:,}, corpus {saved.corpus.get('name', '?')}: {how}"
        self.post_message(self.ResumeChosen(run, settings, note))

    @on(Select.Changed, "#start-from")
    def _start_changed(self) -> None:
        self._announce_start()

    def _announce_start(self) -> None:
        """Post the chosen start of a new run (nothing while resuming or training)."""
        if self.query_one("#resume", Select).value != NEW_RUN or self.training:
            return
        value = self.query_one("#start-from", Select).value
        if value == SCRATCH or value is Select.NULL:
            self.post_message(self.ParentChosen(None))
            return
        folder = base_run() if value == BASE else Path(str(value))
        if folder is None:
            return
        try:
            parent = read_saved_run(folder)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(self.ParentChosen(parent.config))
