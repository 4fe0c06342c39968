"""The Runs pane (6): the list with broken runs, sort and filter, overlaid curves,
open in other panes, replay, rename and delete after confirming, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TabbedContent

from lstm_tui.paths import user_models_dir
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.dialogs import ConfirmScreen, NameScreen
from lstm_tui.ui.panes.runs import RunsPane
from lstm_tui.ui.panes.sample import SamplePane
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.replay import ReplayScreen
from lstm_tui.ui.widgets.curves_chart import CurvesChart
from tests.ui.helpers import save_tiny_run, settle, wait_for

SIZE = (120, 36)


def _run_with_history(name: str, val: list[float]) -> Path:
    """A tiny saved run whose metrics.jsonl holds validation points and two previews."""
    run = save_tiny_run(user_models_dir() / name)
    lines = []
    for i, loss in enumerate(val, start=1):
        lines.append({"event": "progress", "step": 10 * i, "train_loss": loss + 0.1, "lr": 0.01})
        lines.append({"event": "evaluated", "step": 10 * i, "val_loss": loss, "train_loss": loss + 0.1})
        lines.append({"event": "sampled", "step": 10 * i, "prefix": "", "text": f"text at {10 * i}"})
    (run / "metrics.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    meta["progress"].update(step=10 * len(val), best_val_loss=min(val))
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    return run


@pytest.fixture
def runs(bundle: Path) -> list[Path]:
    """Two good runs (alpha, beta) and a broken one in the user models folder."""
    alpha = _run_with_history("alpha", [3.0, 2.5, 2.2])
    beta = _run_with_history("beta", [3.1, 2.9])
    broken = user_models_dir() / "gamma"
    broken.mkdir()
    (broken / "run.json").write_text("{not json", encoding="utf-8")
    return [alpha, beta, broken]


async def _open_runs(pilot) -> RunsPane:
    await settle(pilot)
    await pilot.press("6")
    pane = pilot.app.query_one(RunsPane)
    await wait_for(pilot, lambda: len(pane.rows) == 3, what="the runs list")
    await settle(pilot)
    pilot.app.query_one("#runs-table", DataTable).focus()
    await pilot.pause()
    return pane


def _cursor_to(pilot, pane: RunsPane, name: str) -> None:
    index = [r.name for r in pane.shown].index(name)
    pilot.app.query_one("#runs-table", DataTable).move_cursor(row=index)


async def test_lists_runs_with_a_broken_one_and_the_reason(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        assert app.query_one(TabbedContent).active == "runs"
        assert {r.name for r in pane.shown} == {"alpha", "beta", "gamma"}
        assert pane.shown[-1].name == "gamma"  # broken runs go last in any sort
        _cursor_to(pilot, pane, "gamma")
        await pilot.pause()
        detail = str(app.query_one("#runs-detail").render())
        assert "cannot be loaded" in detail and "not valid JSON" in detail
        assert app.query_one("#runs-sample").disabled and not app.query_one("#runs-delete").disabled


async def test_sort_and_filter(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        await pilot.press("s")  # saved → run name, A to Z
        assert pane.sort_key == "name" and [r.name for r in pane.shown] == ["alpha", "beta", "gamma"]
        while pane.sort_key != "val":
            await pilot.press("s")
        assert [r.name for r in pane.shown][:2] == ["alpha", "beta"]  # lowest validation loss first
        app.query_one("#runs-filter", Input).value = "broken"
        await pilot.pause()
        assert [r.name for r in pane.shown] == ["gamma"]
        app.query_one("#runs-filter", Input).value = "ALPHA"
        await pilot.pause()
        assert [r.name for r in pane.shown] == ["alpha"]


async def test_marked_runs_overlay_their_validation_curves(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        chart = app.query_one(CurvesChart)
        for name in ("alpha", "beta"):
            _cursor_to(pilot, pane, name)
            await pilot.press("space")
        await wait_for(pilot, lambda: len(chart.curves) == 2, what="two curves")
        assert [label for label, _ in chart.curves] == ["alpha", "beta"]
        assert chart.curves[0][1] == [(10, 3.0), (20, 2.5), (30, 2.2)]
        _cursor_to(pilot, pane, "gamma")
        await pilot.press("space")  # a broken run cannot be marked
        assert len(pane.marked) == 2 and any("cannot be loaded" in m for _, m in app.notices)
        _cursor_to(pilot, pane, "alpha")
        await pilot.press("space")
        await wait_for(pilot, lambda: [label for label, _ in chart.curves] == ["beta"], what="one curve")


async def test_open_a_run_in_sample_train_and_inspect(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        _cursor_to(pilot, pane, "beta")
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "sample"
        assert app.query_one(SamplePane).chosen_run() == runs[1]
        await pilot.press("6")
        app.query_one("#runs-table", DataTable).focus()
        _cursor_to(pilot, pane, "alpha")
        await pilot.press("r")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "train"
        assert app.query_one("#resume").value == str(runs[0])
        await pilot.press("6")
        app.query_one("#runs-table", DataTable).focus()
        _cursor_to(pilot, pane, "beta")
        await pilot.press("i")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "inspect"
        assert app.query_one("#inspect-model").value == str(runs[1])


async def test_replay_scrubs_through_the_previews(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        _cursor_to(pilot, pane, "alpha")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), what="the replay")
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and len(screen.frames) == 3 and screen.index == 2
        assert "step 30" in str(screen.query_one("#replay-figures").render())
        # the slider counts previews from 1, as "preview 3 of 3" does (it read 2 there)
        assert str(screen.query_one("#replay-slider").render()).rstrip().endswith("3")
        await pilot.press("left")
        assert screen.index == 1
        assert "text at 20" in str(screen.query_one("#replay-text").render())
        assert "val loss 2.500" in str(screen.query_one("#replay-figures").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, ReplayScreen)


async def test_delete_needs_a_yes_and_rename_renames(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        _cursor_to(pilot, pane, "beta")
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert runs[1].exists()
        await pilot.press("delete")
        await pilot.press("y")
        await wait_for(pilot, lambda: len(pane.rows) == 2, what="the list without beta")
        assert not runs[1].exists()
        _cursor_to(pilot, pane, "alpha")
        await pilot.press("f2")
        assert isinstance(app.screen, NameScreen)
        field = app.screen.query_one(Input)
        # a refused name keeps the dialog open, saying why (it closed, and F2 and the
        # typing had to be done again; found by a power-user walkthrough)
        for refused in ("../evil", "gamma"):  # a bad name; a taken one (the broken run's)
            field.value = refused
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, NameScreen), refused
            assert "✗" in str(app.screen.query_one("#dialog-error").render())
        field.value = "alpha-renamed"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "alpha-renamed" in {r.name for r in pane.rows}, what="the renamed run")
        assert (user_models_dir() / "alpha-renamed" / "run.json").exists() and not runs[0].exists()


async def test_refuses_to_delete_or_rename_the_run_in_use(runs: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        # the Sample pane streaming from alpha (a real stream of a tiny model ends too fast to race)
        monkeypatch.setattr(SamplePane, "streaming_from", lambda self: runs[0])
        _cursor_to(pilot, pane, "alpha")
        await pilot.press("delete", "y")
        await settle(pilot)
        assert runs[0].exists()
        assert any(s == "error" and "streaming from it" in m for s, m in app.notices)
        await pilot.press("f2")
        app.screen.query_one(Input).value = "other"
        await pilot.press("enter")
        await settle(pilot)
        assert runs[0].exists() and not (user_models_dir() / "other").exists()


async def test_refuses_to_delete_the_run_being_trained(runs: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        # the Train pane resuming beta (training a tiny run would end before the keys land)
        monkeypatch.setattr(TrainPane, "is_training", property(lambda self: True))
        app.query_one(TrainPane).out = runs[1]
        _cursor_to(pilot, pane, "beta")
        await pilot.press("delete", "y")
        await settle(pilot)
        assert runs[1].exists()
        assert any(s == "error" and "it is training" in m for s, m in app.notices)


async def test_slash_filters_and_enter_returns_to_the_table(runs: list[Path]) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _open_runs(pilot)
        await pilot.press("slash", "b", "e", "t", "a", "enter")
        assert [r.name for r in pane.shown] == ["beta"]
        assert app.focused is app.query_one("#runs-table", DataTable)


async def test_at_80x24_every_button_and_the_whole_detail_show_and_the_base_reads_pretrained(
    runs: list[Path], bundle: Path
) -> None:
    # At 80 columns Button's own min-width (16) pushed Rename and Delete off the row, the
    # detail's figures wrapped into a hidden third line, and base-ja was listed "(demo)".
    save_tiny_run(bundle / "models" / "base-ja")
    save_tiny_run(bundle / "models" / "demo-tiny")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        pane = app.query_one(RunsPane)
        await wait_for(pilot, lambda: len(pane.rows) == 5, what="the runs list")
        await settle(pilot)
        screen = "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())
        assert "base-ja (pretrained)" in screen and "demo-tiny (demo)" in screen, screen
        buttons = next(line for line in screen.splitlines() if "Resume" in line)
        assert all(b in buttons for b in ("Sample", "Inspect", "Replay", "Rename", "Delete")), buttons
        assert "n-gram baseline not computed yet" in screen or "margin" in screen, screen  # the detail's end
        app.query_one("#runs-filter", Input).value = "pretrained"  # the filter finds what the list says
        await wait_for(pilot, lambda: [r.name for r in pane.shown] == ["base-ja"], what="the base alone")
