"""The Train pane's "from": a Japanese corpus starts from the bundled base (its zero-shot
line on the chart), a run from a parent keeps the parent's size, scratch brings the
preset back. A tiny stand-in base is bundled so this runs in seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from textual.widgets import Input, Select, Static

from lstm_tui.core.checkpoint import build_model, load_run, save_run
from lstm_tui.core.config import TrainConfig, finetune_lr
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.runfiles import RunProgress
from lstm_tui.core.unknown import UNKNOWN
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.messages import CorpusSized
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.widgets.loss_chart import LossChart
from lstm_tui.ui.widgets.train_form import TrainForm
from tests.conftest import TINY_JA
from tests.ui.helpers import settle, wait_for

SIZE = (120, 36)


def _tiny_base(models: Path) -> Path:
    """A very small 'base-ja' whose vocabulary lacks a few of the corpus's characters."""
    torch.manual_seed(0)
    chars = sorted(set(TINY_JA) | {UNKNOWN})
    vocab = Vocab("".join(chars[:-6] + [UNKNOWN]) if chars[-1] != UNKNOWN else "".join(chars[6:]))
    config = TrainConfig(embed=8, hidden=20, seq_len=16, batch_size=4, hybrid=False).validate()
    save_run(models / "base-ja", build_model(config, len(vocab)), vocab, config, {"name": "aozora"}, RunProgress())
    return models / "base-ja"


def _zero_shot_shown(app: LstmTuiApp) -> bool:
    return "zero-shot" in str(app.query_one("#zero-shot", Static).render())


async def test_a_japanese_corpus_fine_tunes_the_base_with_its_zero_shot_line(bundle: Path) -> None:
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.query_one(TrainPane)
        starts = app.query_one("#start-from", Select)
        await wait_for(pilot, lambda: starts.value == "base-ja", what="base-ja as the default start")
        await wait_for(pilot, lambda: _zero_shot_shown(app), what="the zero-shot figures")
        assert "base-ja zero-shot test " in str(app.query_one("#zero-shot", Static).render())
        chart = app.query_one(LossChart)
        assert chart.zero_shot is not None and chart.zero_shot[0] == "base-ja zero-shot"
        hidden = app.query_one("#f-hidden", Input)
        assert hidden.value == "20" and hidden.disabled  # the base's size, locked
        chars = app.query_one(TrainForm).corpus_size[1]  # the rate is fitted to the text's length
        assert app.query_one("#f-lr", Input).value == f"{finetune_lr(chars):g}"
        app.query_one("#f-time_limit", Input).value = ""
        app.query_one("#f-steps", Input).value = "3"
        await pilot.pause()
        await pilot.press("f5")
        done = lambda: pane.out is not None and (pane.out / "run.json").exists() and not pane.is_training  # noqa: E731
        await wait_for(pilot, done, timeout=60, what="the fine-tuned run to finish")
        run = load_run(pane.out)
        assert run.parent is not None and run.parent["name"] == "base-ja" and run.parent["added"] == 6
        assert run.config.hidden == 20
        # scratch: the preset's size again, unlocked
        starts.value = "scratch"
        await wait_for(pilot, lambda: not hidden.disabled and hidden.value == "256", what="the preset's size, unlocked")


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_start_and_the_zero_shot_note_are_readable(bundle: Path, size: tuple[int, int]) -> None:
    # The option was cut ("base-ja (pretrained,") and the note wrapped ("… (n-gram" / "3.677)").
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: _zero_shot_shown(app), what="the zero-shot figures")
        await settle(pilot)
        note = str(app.query_one("#zero-shot", Static).render())
        assert note.startswith("base-ja zero-shot test ") and ", n-gram " in note
        screen = ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]
        assert any("from    base-ja (pretrained) " in line for line in screen), screen
        assert any(note in line for line in screen), screen  # whole, on one line


async def test_start_waits_for_the_count_and_then_the_form_matches_the_start_at_once(bundle: Path) -> None:
    # In CI a Start pressed right after the Train pane showed its corpus was refused with
    # "embed, hidden, layers, tie differ from base-ja's": the count had put base-ja under
    # "from" while the form, still the preset's, waited for the message that refills it.
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.corpus_name is not None and not pane.is_training, what="a corpus")
        name, path = pane.corpus_name, pane.corpus_path
        assert name is not None and path is not None
        seen: list[str] = []
        app.notify = lambda message, **_: seen.append(str(message))  # type: ignore[method-assign]
        # no await in between: the count cannot arrive before Start
        pane.set_corpus(name, path)
        pane.start()
        assert not pane.is_training and seen and "still being counted" in seen[-1], seen
        assert app.query_one("#start").disabled and "counting" in str(app.query_one("#zero-shot", Static).render())
        # the count fills the form for base-ja in the same call: Start starts at once
        form = app.query_one(TrainForm)
        vocab, chars = form.corpus_size or (0, 0)
        pane.on_corpus_sized(CorpusSized(name, vocab, chars, "ja"))
        assert app.query_one("#f-hidden", Input).value == "20" and not app.query_one("#start").disabled
        app.query_one("#f-time_limit", Input).value = ""
        app.query_one("#f-steps", Input).value = "2"
        pane.start()
        assert pane.is_training, seen
        await wait_for(pilot, lambda: not pane.is_training, timeout=60, what="the run to finish")
        run = load_run(pane.out)
        assert run.parent is not None and run.parent["name"] == "base-ja"


async def test_the_preset_box_names_what_a_fill_for_the_base_holds(bundle: Path) -> None:
    # A teacher chose "seed" for Tiny Shakespeare, then a Japanese corpus: the fields took
    # base-ja's fine-tuning settings while the box still said "seed" (run.json: default).
    _tiny_base(bundle / "models")
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: _zero_shot_shown(app), what="the Japanese corpus counted")
        app.query_one("#start-from", Select).value = "scratch"
        preset = app.query_one("#f-preset", Select)
        await wait_for(pilot, lambda: not preset.disabled, what="the preset box free")
        preset.value = "seed"
        await wait_for(pilot, lambda: app.query_one("#f-hidden", Input).value == "256", what="the seed preset")
        app.query_one("#start-from", Select).value = "base-ja"
        await wait_for(pilot, lambda: app.query_one("#f-hidden", Input).value == "20", what="the base's size")
        assert preset.value == "default" and app.query_one(TrainForm).config().preset == "default"
