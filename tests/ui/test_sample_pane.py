"""The Sample pane over a tiny saved run: streaming, stop, greedy repeats, warnings, compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from lstm_tui.paths import user_models_dir
from lstm_tui.ui.messages import GeneratedText
from lstm_tui.ui.panes.sample import SamplePane, compare_temperatures
from lstm_tui.ui.widgets.slider import Slider
from tests.ui.harness import Harness
from tests.ui.helpers import save_tiny_run, wait_for

SIZE = (120, 36)


@pytest.fixture
def tiny_run() -> Path:
    """A tiny run in the (isolated) user models folder, so the pane finds it on mount."""
    return save_tiny_run(user_models_dir() / "tiny-run")


def _done(pane: SamplePane) -> bool:
    return not pane.streaming


async def test_streams_on_mount_and_posts_generated_text(tiny_run: Path) -> None:
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: len(pane.texts[0]) == 500 and _done(pane), what="500 characters")
        await wait_for(pilot, lambda: any(isinstance(m, GeneratedText) for m in app.seen), what="GeneratedText")
        assert app.seen[-1].model == "tiny-run"
        assert str(pane.query_one("#sample-status").render()).startswith("done · ")  # the state first: cut last
        # the picker's blank entry no longer says "no saved runs yet" above the runs
        overlay = pane.query_one("#sample-model", Select).query_one(SelectOverlay)
        assert str(overlay.get_option_at_index(0).prompt) == "choose a model"


async def test_stop_ends_a_long_stream(tiny_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstm_tui.ui.workers.sample as worker

    monkeypatch.setattr(worker, "YIELD_EVERY_CHAR", True)  # the tiny model could finish 20,000 before Esc lands
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        pane.query_one("#sample-length").value = "20000"
        await pilot.click("#sample-start")
        await wait_for(pilot, lambda: len(pane.texts[0]) > 0, what="some text")
        await pilot.press("escape")  # the Stop key (the button does the same)
        await wait_for(pilot, lambda: "stopped" in str(pane.query_one("#sample-status").render()), what="stopped")
        assert 0 < len(pane.texts[0]) < 20000


async def test_temperature_zero_is_greedy_and_repeats(tiny_run: Path) -> None:
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        pane.query_one("#sample-length").value = "200"
        pane.query_one(Slider).focus()
        await pilot.press("home")  # temperature 0.00, restarts after the debounce
        assert pane.query_one(Slider).value == 0.0
        await wait_for(
            pilot, lambda: pane._request is not None and tuple(o.temperature for o in pane._request.columns) == (0.0,)
        )
        await wait_for(pilot, lambda: _done(pane) and len(pane.texts[0]) == 200, what="greedy text")
        first = pane.texts[0]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: _done(pane) and len(pane.texts[0]) == 200, what="second greedy text")
        assert pane.texts[0] == first


async def test_unknown_prefix_characters_warn(tiny_run: Path) -> None:
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        prefix = pane.query_one("#sample-prefix")
        prefix.focus()
        prefix.value = "今日はΩ"  # Ω is not in the tiny corpus
        await wait_for(pilot, lambda: "Ω" in pane.warning_text, what="warning line")
        assert any(sev == "warning" and "Ω" in msg for sev, msg in app.notes)
        await wait_for(pilot, lambda: _done(pane) and len(pane.texts[0]) == 500, what="stream despite warning")
        prefix.value = "今日は"
        await wait_for(pilot, lambda: "Ω" not in pane.warning_text, what="warning cleared")


async def test_bad_settings_are_shown_not_raised(tiny_run: Path) -> None:
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        length = pane.query_one("#sample-length")
        length.value = "lots"
        await pilot.pause()
        assert "length" in pane.warning_text
        assert length.has_class("-invalid")
        await pilot.press("ctrl+r")
        assert any(sev == "warning" and "length" in msg for sev, msg in app.notes)
        length.value = "50"
        await pilot.pause()
        assert pane.warning_text == ""


async def test_compare_mode_streams_three_temperatures(tiny_run: Path) -> None:
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        pane.query_one("#sample-length").value = "200"
        await pilot.click("#sample-compare")
        await wait_for(pilot, lambda: len(pane.texts) == 3 and _done(pane), what="three streams")
        assert all(len(t) == 200 for t in pane.texts)
        titles = [str(pane.query_one(f"#stream-{i}").border_title) for i in range(3)]
        assert titles == ["generated · T 0.20", "generated · T 0.80", "generated · T 1.20"]
        assert all(pane.query_one(f"#stream-{i}").display for i in range(3))


async def test_live_trainer_is_offered_and_sampled(tiny_run: Path) -> None:
    from lstm_tui.core.checkpoint import load_run

    run = load_run(tiny_run)

    class FakeTrainer:  # the two things the pane uses of a Trainer
        out = None
        snapshots = 0

        def snapshot(self):  # type: ignore[no-untyped-def]
            FakeTrainer.snapshots += 1
            return run.model

        @property
        def vocab(self):  # type: ignore[no-untyped-def]
            return run.vocab

    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: _done(pane), what="first stream")
        pane.set_live_trainer(FakeTrainer())  # type: ignore[arg-type]
        select = pane.query_one("#sample-model")
        assert pane.model_choices[0] == ("live: training run", "live")
        await pilot.pause()
        assert select.value == "live"  # a new training run is picked for sampling at once
        pane.start_stream()
        # each stream from the live run samples a fresh snapshot
        await wait_for(pilot, lambda: FakeTrainer.snapshots >= 1 and _done(pane), what="live stream")
        assert len(pane.texts[0]) == 500
        pane.set_live_trainer(None)
        assert all(v != "live" for _, v in pane.model_choices)


async def test_a_hybrid_run_streams_its_mixture_unless_lstm_alone_is_ticked(tiny_en_file: Path) -> None:
    """The pane streams what `lstm-tui sample` streams (core/run_sampling.py): the run's
    model as trained, and says which; "LSTM alone" is `--pure`."""
    from textual.widgets import Checkbox

    from lstm_tui.core.corpus import load_corpus
    from lstm_tui.core.training import Trainer
    from tests.core.helpers import tiny_config

    out = user_models_dir() / "hybrid-run"
    Trainer(tiny_config(hybrid=True, steps=5), load_corpus(tiny_en_file), out).run()
    app = Harness(SamplePane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        status = pane.query_one("#sample-status")
        await wait_for(pilot, lambda: "hybrid (λ" in str(status.render()) and _done(pane), what="the mixture")
        pane.query_one("#sample-pure", Checkbox).value = True
        await wait_for(pilot, lambda: "LSTM alone" in str(status.render()) and _done(pane), what="the LSTM alone")


def test_compare_temperatures_stay_distinct_and_in_order() -> None:
    # A tester saw "T 0.20 │ T 0.20 │ T 1.20" at T 0.2 and "T 0.20 │ T 1.40 │ T 1.20" at T 1.4.
    assert compare_temperatures(0.8) == (0.2, 0.8, 1.2)
    assert compare_temperatures(0.2) == (0.1, 0.2, 1.2)
    assert compare_temperatures(1.4) == (0.2, 1.4, 1.8)
    assert compare_temperatures(1.2) == (0.2, 1.2, 1.6)
