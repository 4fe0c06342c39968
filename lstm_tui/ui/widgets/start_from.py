"""Where the Train pane's next run starts: resume a saved run, or begin a new one from
scratch, from the bundled base or from a saved run.

Two pickers: "resume" (new run, or one of the user's saved runs) and "from" (scratch,
base-ja where it is bundled, or a saved run as the parent). The widget reads run.json
of what is chosen and posts what that means; the pane fills the form and the chart from
the messages, and tells the widget the corpus's language and whether a run is training.

A re-listing (a run saved, renamed or deleted) keeps both choices while they exist; only
the first mount and a new corpus set "from" to the language's default. While a saved run
is chosen under resume, the disabled "from" shows where that run started.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select

from lstm_tui import paths
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.run_names import BASE_RUNS
from lstm_tui.core.runfiles import list_runs
from lstm_tui.errors import UserError
from lstm_tui.paths import user_models_dir
from lstm_tui.ui.saved_runs import read_saved_run

NEW_RUN = "new"
SCRATCH = "scratch"
BASE = BASE_RUNS["ja"]  # the bundled pretrained base


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
        self.training = False  # no choice is announced while a run trains
        self._runs: list[Path] = []  # the user's saved runs, as last listed
        # While a run is chosen under resume, "from" shows where that run started (its
        # value and label) and keeps the new run's start to give back afterwards.
        self._resumed_start: tuple[str, str] | None = None
        self._new_start = SCRATCH

    def compose(self) -> ComposeResult:
        with Horizontal(id="resume-row"):
            yield Label("resume")
            yield Select([("new run", NEW_RUN)], value=NEW_RUN, allow_blank=False, compact=True, id="resume")
        with Horizontal(id="start-from-row"):
            yield Label("from")
            yield Select([("scratch", SCRATCH)], value=SCRATCH, allow_blank=False, compact=True, id="start-from")

    def on_mount(self) -> None:
        self.refresh_runs(default=True)

    @property
    def resume_choice(self) -> Path | None:
        """The saved run chosen under resume, or None for a new run."""
        value = self.query_one("#resume", Select).value
        return None if value == NEW_RUN or value is Select.NULL else Path(str(value))

    @property
    def start_choice(self) -> str:
        """A new run's start: SCRATCH, BASE or a saved run's folder."""
        return str(self.query_one("#start-from", Select).value)

    def chosen_parent(self) -> tuple[str, TrainConfig] | None:
        """A new run's parent as (its name, its settings), None for scratch; a UserError
        says why its run.json cannot be read."""
        value = self.query_one("#start-from", Select).value
        if value == SCRATCH or value is Select.NULL:
            return None
        folder = base_run() if value == BASE else Path(str(value))
        if folder is None:
            raise UserError(f"{BASE} is not installed here; choose another start under from")
        return (BASE if value == BASE else folder.name), read_saved_run(folder).config

    def set_training(self, training: bool) -> None:
        """Freeze both pickers while a run trains; "from" also while a run is resumed."""
        self.training = training
        resume = self.query_one("#resume", Select)
        resume.disabled = training
        self.query_one("#start-from", Select).disabled = training or resume.value != NEW_RUN

    def fit_to_corpus(self, language: str) -> None:
        """A corpus was counted: re-list, as the default start depends on its language.
        Nothing is announced: the pane, which called this, fills the form itself."""
        self.language = language
        self.refresh_runs(default=True)

    def choose_resume(self, run: Path) -> bool:
        """Pick a saved run under resume; False, with a notification, when it is not one
        of the user's runs (the only ones the resume picker lists)."""
        self.refresh_runs()
        if run not in list_runs(user_models_dir()):
            self.notify(f"{run.name} is not in your models folder, so it cannot be resumed here", severity="warning")
            return False
        self.query_one("#resume", Select).value = str(run)  # Select.Changed posts ResumeChosen
        return True

    def refresh_runs(self, *, default: bool = False) -> None:
        """Re-list saved runs in both pickers, keeping each choice while it still exists
        (scratch included). `default` (first mount, a new corpus) sets a new run's start
        to the language's default instead."""
        select = self.query_one("#resume", Select)
        current = select.value
        self._runs = list_runs(user_models_dir())
        # Re-listing is not a choice: set_options alone would post Changed twice (its
        # first option, then the value set back), announcing "new run" and the run again.
        with select.prevent(Select.Changed):
            select.set_options([("new run", NEW_RUN)] + [(p.name, str(p)) for p in self._runs])
            select.value = current if current in {str(p) for p in self._runs} else NEW_RUN
        if select.value != current:  # the run chosen under resume is gone (renamed, deleted)
            self._new_run_chosen()
        starts = self.query_one("#start-from", Select)
        before = starts.value
        self._list_starts(str(before), default=default)
        if not default and starts.value != before:
            self._announce_start()  # the chosen parent is gone: the form follows the new start

    def _list_starts(self, chosen: str, *, default: bool = False) -> None:
        """Fill "from": a new run's start (`chosen` while it is listed, else the
        language's default), or, while resuming, the resumed run's own start."""
        starts = self.query_one("#start-from", Select)
        options = [("scratch (random weights)", SCRATCH)]
        if base_run() is not None:
            # short enough for the picker: the zero-shot figures are on the line below
            options.insert(0, (f"{BASE} (pretrained)", BASE))
        options += [(p.name, str(p)) for p in self._runs]
        values = {v for _, v in options}
        fallback = BASE if self.language == "ja" and BASE in values else SCRATCH
        if self._resumed_start is not None:
            shown, label = self._resumed_start
            if shown not in values:
                options.append((label, shown))
            if default or self._new_start not in values:
                self._new_start = fallback
        else:
            shown = fallback if default or chosen not in values else chosen
        # Re-listing is not a choice: the form keeps what it shows.
        with starts.prevent(Select.Changed):
            starts.set_options(options)
            starts.value = shown

    @on(Select.Changed, "#resume")
    def _resume_changed(self, event: Select.Changed) -> None:
        # Select.BLANK is a flag (False) in Textual 8, not the empty value: NULL is.
        if event.value == NEW_RUN or event.value is Select.NULL:
            self._new_run_chosen()
            return
        run = Path(str(event.value))
        try:
            saved = read_saved_run(run)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        starts = self.query_one("#start-from", Select)
        if self._resumed_start is None:
            self._new_start = str(starts.value)
        self._resumed_start = self._start_of(saved.parent)
        self._list_starts(self._new_start)
        starts.disabled = True  # a resumed run keeps its start, which "from" now shows
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

    def _new_run_chosen(self) -> None:
        if self._resumed_start is not None:  # "from" gets the new run's start back
            self._resumed_start = None
            self._list_starts(self._new_start)
        self.query_one("#start-from", Select).disabled = self.training
        self.post_message(self.NewRunChosen())
        self._announce_start()

    @staticmethod
    def _start_of(parent: dict[str, Any] | None) -> tuple[str, str]:
        """The "from" value and label of where a saved run started (run.json's "from")."""
        if parent is None:
            return SCRATCH, "scratch (random weights)"
        name = str(parent["name"])
        if name == BASE:
            return BASE, f"{BASE} (pretrained)"
        return str(parent.get("path") or name), name

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
