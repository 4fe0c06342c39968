"""The Inspect pane over a tiny saved run: opens coloured, cursor, modes, units, find
cells, export, typed and sampled text, and the bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from textual.widgets import Input, OptionList, Select, Static

from lstm_tui.core.checkpoint import RunProgress, build_model, load_run, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.encoding import sha256_text
from lstm_tui.core.evaluation import evaluate
from lstm_tui.core.held_out import split_text
from lstm_tui.paths import user_corpora_dir, user_models_dir
from lstm_tui.ui.inspect.detail import describe
from lstm_tui.ui.inspect.heat_text import HeatText, wrap
from lstm_tui.ui.panes.inspect import InspectPane
from lstm_tui.ui.workers import inspect as inspect_worker
from tests.conftest import TINY_JA
from tests.ui.harness import Harness
from tests.ui.helpers import settle, wait_for

SIZE = (120, 36)


def _save_run(folder: Path, corpus: dict[str, str]) -> Path:
    torch.manual_seed(0)
    vocab = Vocab.from_text(TINY_JA)
    config = TrainConfig(embed=8, hidden=16).validate()
    save_run(folder, build_model(config, len(vocab)), vocab, config, corpus, RunProgress())
    return folder


@pytest.fixture
def tiny_run() -> Path:
    """A tiny run in the user models folder whose corpus (an imported name) is here."""
    corpora = user_corpora_dir()
    corpora.mkdir(parents=True, exist_ok=True)
    (corpora / "tiny-ja.txt").write_text(TINY_JA, encoding="utf-8")
    return _save_run(user_models_dir() / "tiny-run", {"name": "tiny-ja", "sha256": sha256_text(TINY_JA)})


async def _opened(pilot, app: Harness) -> InspectPane:  # noqa: ANN001
    pane = app.query_one(InspectPane)
    await wait_for(pilot, lambda: pane.readout is not None, what="the first reading")
    await settle(pilot)
    return pane


async def test_opens_coloured_by_surprisal_on_the_test_split(tiny_run: Path) -> None:
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        view = pane.query_one(HeatText)
        assert pane.colouring.mode == "surprisal"
        assert pane.readout is not None and len(pane.readout) == len(TINY_JA) // 20  # 5% of the text
        assert "mean" in str(pane.query_one("#inspect-header").render())
        backgrounds = {
            seg.style.bgcolor
            for y in range(view.size.height)
            for seg in view.render_line(y)
            if seg.style and seg.style.bgcolor
        }
        assert len(backgrounds) >= 3  # continuous: an untrained model still gives several shades
        assert "test split" in view.border_title


async def test_the_test_split_is_read_as_eval_reads_it() -> None:
    # The pane read the split as one stream: 3.810 nats/char where eval said 3.935 on 舞姫.
    text = TINY_JA * 2  # a test split of 174 characters: eval reads it in two stretches
    corpora = user_corpora_dir()
    corpora.mkdir(parents=True, exist_ok=True)
    (corpora / "tiny-ja2.txt").write_text(text, encoding="utf-8")
    folder = _save_run(user_models_dir() / "tiny-run2", {"name": "tiny-ja2", "sha256": sha256_text(text)})
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        run = load_run(folder)
        split = split_text(text, run.vocab.chars, "test")
        assert pane.readout is not None and len(pane.readout) == len(split)
        assert pane.readout.mean_surprisal == pytest.approx(evaluate(run.model, run.vocab.encode(split)), abs=1e-5)


async def test_cursor_by_keys_and_mouse(tiny_run: Path) -> None:
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        view = pane.query_one(HeatText)
        view.focus()
        start = view.cursor
        await pilot.press("right", "right")
        assert view.cursor == start + 2
        detail = str(pane.query_one("#inspect-detail").render())
        assert "rank" in detail and "surprisal" in detail and "top 10" in detail
        await pilot.press("down")
        assert view.cursor > start + 2
        await pilot.press("end")
        assert view.cursor == len(pane.readout) - 1
        await pilot.press("home")
        assert view.cursor == 0
        assert "no prediction" in str(pane.query_one("#inspect-detail").render())
        # a click lands on the character drawn there: wide characters take two cells
        await pilot.click(HeatText, offset=(1 + 2 * 3, 1))  # border, then the 4th wide character
        assert view.cursor == 3


async def test_cursor_moves_lay_out_the_screen_only_when_the_detail_changes_height(tiny_run: Path) -> None:
    # A layout of the whole screen takes 10-20 ms with training on the other core: the
    # detail box (height: auto) needs one only when its number of lines changes.
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        view = pane.query_one(HeatText)
        detail = pane.query_one("#inspect-detail", Static)
        view.focus()
        await pilot.press("home")  # the first character: a note of a few lines, no prediction
        await settle(pilot)
        short = detail.size.height

        def shown_whole() -> bool:
            """Every word of the cursor's detail, in order, is on the screen: none cut off."""
            rows = ["".join(seg.text for seg in detail.render_line(y)) for y in range(detail.size.height)]
            return " ".join(rows).split() == describe(pane.readout, view.cursor, pane.colouring).plain.split()

        assert shown_whole()
        screen = app.screen
        layouts: list[int] = []
        refresh_layout = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), refresh_layout(*a, **k))[1]
        await pilot.press("right")  # a predicted character: figures and the top 10, more lines
        await settle(pilot)
        tall = detail.size.height
        assert layouts and tall > short and shown_whole()
        layouts.clear()
        for _ in range(5):  # predicted characters, all with details of that same height
            await pilot.press("right")
            await pilot.pause()
            assert detail.size.height == tall and shown_whole()
        await settle(pilot)
        assert view.cursor == 6 and f"#{view.cursor}" in str(detail.render())
        assert layouts == []
        await pilot.press("home")  # back to fewer lines: the box shrinks to fit them again
        await settle(pilot)
        assert layouts and detail.size.height == short and shown_whole()


async def test_modes_units_and_find_cells(tiny_run: Path) -> None:
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        pane.query_one(HeatText).focus()
        modes = []
        for _ in range(4):
            await pilot.press("m")
            modes.append(pane.colouring.mode)
        assert modes == ["rank", "h", "c", "surprisal"]
        await pilot.press("]", "]", "[")
        assert (pane.colouring.mode, pane.colouring.unit) == ("h", 1)
        assert "unit 1" in str(pane.query_one("#inspect-header").render())
        pane.query_one("#inspect-regex", Input).value = "です"
        pane.query_one(HeatText).focus()
        await pilot.press("f")
        cells = pane.query_one("#inspect-cells", OptionList)
        await wait_for(pilot, lambda: cells.option_count > 0, what="cell list")
        ids = [cells.get_option_at_index(i).id for i in range(cells.option_count)]
        assert any(i and i.startswith(("h:", "c:")) for i in ids)
        first_unit = next(n for n, i in enumerate(ids) if i and i.startswith(("h:", "c:")))
        cells.highlighted = first_unit
        await pilot.press("enter")
        state, column = ids[first_unit].split("#")[0].split(":")
        assert (pane.colouring.mode, pane.colouring.unit) == (state, int(column))
        assert pane.query_one("#inspect-side").has_class("-cells")
        await pilot.press("escape")  # the list goes away, the detail gets its room back
        assert not cells.display and not pane.query_one("#inspect-side").has_class("-cells")


async def test_export_writes_a_standalone_page(tiny_run: Path) -> None:
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        pane.query_one(HeatText).focus()
        await pilot.press("ctrl+s")
        assert pane.exported is not None and pane.exported.suffix == ".html"
        page = pane.exported.read_text(encoding="utf-8")
        assert page.count("<span title=") == len(pane.readout)
        assert "rank" in page and "background:#" in page


async def test_typed_text_unknown_characters_and_the_limit(tiny_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inspect_worker, "MAX_CHARS", 50)
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        box = pane.query_one("#inspect-input", Input)
        box.value = "今日は☃晴れです。"
        box.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.readout is not None and pane.readout.text.startswith("今日"), what="typed")
        assert pane.readout.unknown_count == 1
        assert "not in the vocabulary" in str(pane.query_one("#inspect-status").render())
        box.value = "今日は晴れです。" * 20
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(pane.readout.text) == 50, what="cut text")
        assert any("cut at 50" in note for _, note in app.notes)
        box.value = "   "
        await pilot.press("enter")
        assert any("type a text" in note for _, note in app.notes)
        # the last sample, as the app routes it from the Sample pane
        pane.set_sample("おはようございます。", "tiny-run")
        pane.query_one("#inspect-source", Select).value = "sample"
        pane.read()
        await wait_for(pilot, lambda: pane.readout.text == "おはようございます。", what="the sample")


async def test_a_run_whose_corpus_is_missing_says_so() -> None:
    _save_run(user_models_dir() / "orphan", {"name": "nowhere", "sha256": "0" * 64})
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(InspectPane)
        await wait_for(pilot, lambda: any("nowhere" in n for _, n in app.notes), what="the error")
        assert pane.readout is None and "type a text" in str(pane.query_one("#inspect-status").render())


def test_wrap_counts_cells_not_characters() -> None:
    assert wrap("あいう", 4) == [(0, 2), (2, 3)]
    assert wrap("ab\ncd", 10) == [(0, 3), (3, 5)]
    assert wrap("abcdef", 3) == [(0, 3), (3, 6)]


async def test_the_live_run_is_read_from_a_snapshot(tiny_run: Path, tmp_path: Path) -> None:
    from lstm_tui.core.training import Trainer
    from tests.core.helpers import tiny_config, tiny_corpus

    trainer = Trainer(tiny_config(), tiny_corpus(), out=tmp_path / "live")
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        pane.set_live_trainer(trainer)
        assert pane.query_one("#inspect-model", Select).value == "live"
        pane.query_one(HeatText).focus()
        await pilot.press("ctrl+r")  # "refreshed on request"
        await wait_for(pilot, lambda: pane.readout is not None and "live" in pane.label, what="live reading")
        assert pane.readout.text == trainer.corpus.vocab.decode(trainer.corpus.test)
        pane.set_live_trainer(None)
        assert pane.query_one("#inspect-model", Select).value != "live"


async def test_a_run_outside_the_models_folders_can_be_chosen(tiny_run: Path, tmp_path: Path) -> None:
    elsewhere = _save_run(tmp_path / "elsewhere", {"name": "tiny-ja", "sha256": sha256_text(TINY_JA)})
    app = Harness(InspectPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = await _opened(pilot, app)
        pane.refresh_models(select=str(elsewhere))  # as the app does for the Runs pane's "inspect"
        await wait_for(pilot, lambda: pane.label.endswith("elsewhere"), what="the chosen run read")
        assert pane.query_one("#inspect-model", Select).value == str(elsewhere)
