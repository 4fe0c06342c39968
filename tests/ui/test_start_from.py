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
        await pilot.pause()
        # the pane that called it fills the form itself, at once: nothing is posted
        assert picker.start_choice == BASE and not app.seen
        chosen = picker.chosen_parent()
        assert chosen is not None and chosen[0] == BASE and chosen[1].hidden == 16


async def test_a_re_listing_keeps_the_chosen_start_scratch_included(bundle: Path) -> None:
    # After a scratch run on a Japanese corpus was saved, the re-listing put base-ja back
    # in "from" while the form kept scratch's architecture: the next Start was refused.
    save_tiny_run(bundle / "models" / BASE)
    app = PickerApp()
    async with app.run_test() as pilot:
        picker = await ready(pilot, app)
        picker.fit_to_corpus("ja")
        await pilot.pause()
        assert picker.start_choice == BASE
        app.query_one("#start-from", Select).value = SCRATCH
        await wait_for(pilot, lambda: StartFrom.ParentChosen(None) in app.seen, what="scratch chosen")
        app.seen.clear()
        save_tiny_run(user_models_dir() / "just-saved")  # a run finished: the app re-lists
        picker.refresh_runs()
        await pilot.pause()
        assert picker.start_choice == SCRATCH and not app.seen  # nothing to refill
        listed = {str(v) for _, v in app.query_one("#start-from", Select)._options}
        assert str(user_models_dir() / "just-saved") in listed
        picker.fit_to_corpus("ja")  # a corpus was counted: its language's default again
        await pilot.pause()
        assert picker.start_choice == BASE


async def test_a_gone_parent_gives_way_to_the_default_and_says_so(bundle: Path) -> None:
    parent = save_tiny_run(user_models_dir() / "parent")
    app = PickerApp()
    async with app.run_test() as pilot:
        picker = await ready(pilot, app)
        app.query_one("#start-from", Select).value = str(parent)
        await wait_for(pilot, lambda: len(app.seen) == 1, what="ParentChosen for the run")
        app.seen.clear()
        for file in parent.iterdir():  # deleted in the Runs pane
            file.unlink()
        parent.rmdir()
        picker.refresh_runs()
        await wait_for(pilot, lambda: len(app.seen) == 1, what="ParentChosen for scratch")
        assert picker.start_choice == SCRATCH and app.seen[0] == StartFrom.ParentChosen(None)


def _run_from(folder: Path, parent: dict[str, object] | None) -> Path:
    """A tiny saved run whose run.json says where it started."""
    import torch

    from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
    from lstm_tui.core.config import TrainConfig
    from lstm_tui.core.corpus import Vocab
    from tests.conftest import TINY_JA

    torch.manual_seed(0)
    vocab = Vocab.from_text(TINY_JA)
    config = TrainConfig(embed=8, hidden=16).validate()
    save_run(folder, build_model(config, len(vocab)), vocab, config, {"name": "tiny-ja"}, RunProgress(), parent=parent)
    return folder


async def test_from_shows_where_a_resumed_run_started_and_gives_the_choice_back(bundle: Path) -> None:
    save_tiny_run(bundle / "models" / BASE)
    models = user_models_dir()
    parent = save_tiny_run(models / "the-parent")
    tuned = _run_from(models / "tuned", {"name": BASE, "path": str(bundle / "models" / BASE), "added": 0})
    child = _run_from(models / "child", {"name": "the-parent", "path": str(parent), "added": 0})
    elsewhere = _run_from(models / "child-of-gone", {"name": "gone-run", "path": "/nowhere/gone-run", "added": 0})
    app = PickerApp()
    async with app.run_test(size=(120, 36)) as pilot:
        picker = await ready(pilot, app)
        picker.fit_to_corpus("ja")
        await pilot.pause()
        starts = app.query_one("#start-from", Select)
        starts.value = SCRATCH  # the user's choice for new runs
        await pilot.pause()
        for run, shown, label in (
            (tuned, BASE, f"{BASE} (pretrained)"),
            (child, str(parent), "the-parent"),
            (elsewhere, "/nowhere/gone-run", "gone-run"),
            (parent, SCRATCH, "scratch (random weights)"),  # run.json has no "from"
        ):
            assert picker.choose_resume(run)
            await wait_for(pilot, lambda: starts.value == shown, what=f"{run.name}'s start")  # noqa: B023
            assert starts.disabled and label in {str(p) for p, v in starts._options if v == shown}
            app.seen.clear()
            picker.refresh_runs()  # a re-listing while resuming keeps showing it, and posts nothing
            await pilot.pause()
            assert starts.value == shown and not app.seen
        app.query_one("#resume", Select).value = NEW_RUN
        await wait_for(pilot, lambda: not starts.disabled, what="new run")
        assert starts.value == SCRATCH  # the new run's start came back
        assert "/nowhere/gone-run" not in {str(v) for _, v in starts._options}
