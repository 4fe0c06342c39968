"""The Train pane's start pickers on their own (widgets/start_from.py): what each choice
posts, and that nothing is announced while a run trains. The pane's use of the messages
is tested through the app in test_train_pane.py and test_train_start_from.py."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Select

from lstm_tui.paths import user_models_dir
from lstm_tui.ui.widgets.start_from import BASE, NEW_RUN, SCRATCH, StartFrom
from tests.ui.helpers import save_tiny_run, settle, wait_for


class PickerApp(App[None]):
    """Just the pickers, keeping every message they post after `ready`."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield StartFrom()

    def on_start_from_new_run_chosen(self, message: StartFrom.NewRunChosen) -> None:
        self.seen.append(message)

    def on_start_from_resume_chosen(self, message: StartFrom.ResumeChosen) -> None:
        self.seen.append(message)

    def on_start_from_parent_chosen(self, message: StartFrom.ParentChosen) -> None:
        self.seen.append(message)


async def ready(pilot: Pilot[None], app: PickerApp) -> StartFrom:
    """The pickers once mounted, with what their first values posted forgotten (Select
    posts Changed for its initial value, so the pane's form starts from the choice)."""
    await settle(pilot)
    app.seen.clear()
    return app.query_one(StartFrom)


async def test_resuming_a_run_posts_its_settings_and_new_run_posts_the_start(bundle: Path) -> None:
    run = save_tiny_run(user_models_dir() / "tiny-run")
    app = PickerApp()
    async with app.run_test() as pilot:
        picker = await ready(pilot, app)
        assert picker.choose_resume(run)
        await wait_for(pilot, lambda: len(app.seen) == 1, what="ResumeChosen")
        chosen = app.seen[0]
        assert isinstance(chosen, StartFrom.ResumeChosen) and chosen.run == run
        assert chosen.settings.hidden == 16 and chosen.settings.time_limit == 60.0  # a finished run is extended
        assert "warm restart" in chosen.note
        assert picker.resume_choice == run and app.query_one("#start-from", Select).disabled
        app.query_one("#resume", Select).value = NEW_RUN
        await wait_for(pilot, lambda: len(app.seen) == 3, what="NewRunChosen and ParentChosen")
        assert isinstance(app.seen[1], StartFrom.NewRunChosen)
        assert app.seen[2] == StartFrom.ParentChosen(None)  # scratch
        assert picker.resume_choice is None and not app.query_one("#start-from", Select).disabled


async def test_only_the_users_runs_can_be_resumed(bundle: Path, tmp_path: Path) -> None:
    elsewhere = save_tiny_run(tmp_path / "elsewhere")
    app = PickerApp()
    async with app.run_test() as pilot:
        assert not (await ready(pilot, app)).choose_resume(elsewhere)
        await pilot.pause()
        assert app.query_one("#resume", Select).value == NEW_RUN and not app.seen


async def test_a_japanese_corpus_starts_from_the_base_unless_training(bundle: Path) -> None:
    save_tiny_run(bundle / "models" / BASE)
    app = PickerApp()
    async with app.run_test() as pilot:
        picker = await ready(pilot, app)
        assert picker.start_choice == SCRATCH  # the language is not known yet
        picker.set_training(True)
        picker.fit_to_corpus("ja")
        await pilot.pause()
        assert picker.start_choice == BASE and not app.seen  # the form shows the running settings
        assert app.query_one("#resume", Select).disabled and app.query_one("#start-from", Select).disabled
        picker.set_training(False)
        picker.fit_to_corpus("ja")
        await wait_for(pilot, lambda: len(app.seen) == 1, what="ParentChosen")
        parent = app.seen[0]
        assert isinstance(parent, StartFrom.ParentChosen) and parent.parent is not None
        assert parent.parent.hidden == 16
