"""The app's part of the bad-input matrix (issue 7): what a person sees for each bad input.

Train fields: every field × "nan", "inf", "-1", "1e309", "", "abc" and a huge number →
the field marked -invalid, Start disabled, the reason on the line under the form.
Sample fields: length / top-k / seed × bad text → a warning line, no crash; the slider
cannot leave 0.0–2.0. Imports of a folder, a missing file and a PNG → an error
notification. Start pressed twice → one run. Quitting mid-import → prompt, nothing
half-written. A prefix of only unknown characters → a warning, and text still streams.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from lstm_tui import paths
from lstm_tui.catalog import list_corpora
from lstm_tui.core.sampling_options import MAX_SEED, MAX_TEMPERATURE, MAX_TOP_K, MIN_TEMPERATURE
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.panes.sample import SamplePane
from lstm_tui.ui.panes.train import TrainPane
from lstm_tui.ui.widgets.slider import Slider
from lstm_tui.ui.widgets.train_form import FIELDS, Field
from tests.ui.helpers import fill_tiny, save_tiny_run, settle, wait_for

SIZE = (120, 36)
HUGE = "1" + "0" * 20
BAD_TEXT = ("nan", "inf", "-1", "1e309", "", "abc", HUGE)


def expected_reason(field: Field, text: str) -> str | None:
    """The exact reason the form gives for `text` in `field` (None: the value is fine)."""
    whole = field.kind is int
    hi = f"{int(field.hi):,}" if whole else f"{field.hi:g}"
    between = f"{field.label} must be between {field.lo:g} and {hi}"
    if text == "":
        return None if field.optional else f"{field.label} is required"
    if whole and text in ("nan", "inf", "1e309", "abc"):
        return f"{field.label} must be a whole number, not {text!r}"
    if text in ("nan", "inf", "1e309"):
        return f"{field.label} must be a finite number, not {text}"
    if text == "abc":
        return f"{field.label} must be a number, not 'abc'"
    return between  # "-1" and HUGE are out of range for every field


async def test_every_train_field_refuses_bad_text(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        fill_tiny(app)
        await pilot.pause()
        start, reason = app.query_one("#start", Button), app.query_one("#train-errors", Static)
        checked = 0
        for field in FIELDS:
            box = app.query_one(f"#f-{field.name}", Input)
            good = box.value
            for text in BAD_TEXT:
                box.value = text
                await pilot.pause()
                want = expected_reason(field, text)
                if want is None:
                    assert not start.disabled and not box.has_class("-invalid"), (field.name, text)
                    continue
                assert start.disabled, (field.name, text)
                assert box.has_class("-invalid"), (field.name, text)
                assert str(reason.render()) == f"✗ {want}", (field.name, text)
                checked += 1
            box.value = good
            await pilot.pause()
            assert not start.disabled, field.name
        assert checked >= 60
        # the key cannot start a run past a bad value either: it says why instead
        app.query_one("#f-lr", Input).value = "nan"
        await pilot.pause()
        await pilot.press("f5")
        assert not app.query_one(TrainPane).is_training
        assert ("error", "learning rate must be a finite number, not nan") in app.notices


@pytest.fixture
def tiny_demo(bundle: Path) -> Path:
    """A tiny saved run as the bundled demo model, so the Sample pane streams at once."""
    return save_tiny_run(bundle / "models" / "tiny")


SAMPLE_BAD = [
    ("sample-length", "nan", "length must be a whole number, not 'nan'"),
    ("sample-length", "-5", "length must be from 1 to 20000, not -5"),
    ("sample-length", "1e12", "length must be a whole number, not '1e12'"),
    ("sample-length", "", "length must be a whole number, not ''"),
    ("sample-length", HUGE, f"length must be from 1 to 20000, not {HUGE}"),
    ("sample-top-k", "nan", "top-k must be a whole number, not 'nan'"),
    ("sample-top-k", "-5", f"top-k must be from 1 to {MAX_TOP_K}, not -5"),
    ("sample-top-k", "0", f"top-k must be from 1 to {MAX_TOP_K}, not 0"),  # off is the empty field, only
    ("sample-top-k", "1e12", "top-k must be a whole number, not '1e12'"),
    ("sample-seed", "inf", "seed must be a whole number, not 'inf'"),
    ("sample-seed", "-5", f"seed must be from 0 to {MAX_SEED}, not -5"),
    ("sample-seed", "abc", "seed must be a whole number, not 'abc'"),
]


async def test_sample_fields_warn_and_never_crash(tiny_demo: Path) -> None:
    app = LstmTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await wait_for(pilot, lambda: bool(pane.texts[0]), what="the warm-start stream")
        for box_id, text, message in SAMPLE_BAD:
            box = app.query_one(f"#{box_id}", Input)
            good = box.value
            box.focus()
            box.value = text
            await pilot.pause()
            assert pane.warning_text == f"⚠ {message}", (box_id, text)
            assert box.has_class("-invalid"), (box_id, text)
            app.notices.clear()
            await pilot.press("ctrl+r")  # asking to sample says why not
            assert app.notices == [("warning", f"⚠ {message}")], (box_id, text)
            box.value = good
            await pilot.pause()
            assert pane.warning_text == ""
        # the temperature is a slider: keys cannot push it outside the bounds core sets
        slider = app.query_one("#sample-temperature", Slider)
        slider.focus()
        await pilot.press("home", "left", "left")
        assert slider.value == MIN_TEMPERATURE
        await pilot.press("end", "right", "pageup")
        assert slider.value == MAX_TEMPERATURE
        await settle(pilot)
        assert app.is_running


async def test_prefix_of_only_unknown_characters_warns_and_still_streams(tiny_demo: Path) -> None:
    app = LstmTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(SamplePane)
        await settle(pilot)
        app.query_one("#sample-length", Input).value = "30"
        app.query_one("#sample-prefix", Input).value = "🦜Ω"
        app.query_one("#sample-prefix", Input).focus()
        await pilot.press("enter")  # Enter in the prefix box starts the stream
        await wait_for(
            pilot,
            lambda: "vocabulary" in pane.warning_text and not pane.streaming and len(pane.texts[0]) == 30,
            what="the stream",
        )
        warning = "⚠ not in tiny's vocabulary, skipped: '🦜' 'Ω'"
        assert pane.warning_text == warning
        assert ("warning", warning) in app.notices
        assert app.query_one("#stream-1").border_subtitle == "30 chars"  # it still streamed


async def test_import_of_a_folder_a_missing_file_and_a_png(bundle: Path, tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    folder = tmp_path / "a folder"
    folder.mkdir()
    cases = {
        str(folder): f"{folder} is a directory; give a text file",
        str(tmp_path / "missing.txt"): f"no such file: {tmp_path / 'missing.txt'}; check the path",
        str(png): f"{png}: the file looks binary (an image, archive or program), not text",
    }
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for path in cases:
            app.notices.clear()
            app.query_one("#import-path", Input).value = path
            await pilot.click("#import")
            await settle(pilot)
            assert app.notices[0] == ("information", f"importing {Path(path).name} …")
            assert app.notices[-1] == ("error", cases[path]), app.notices
        folder = paths.user_corpora_dir()
        assert not (folder.exists() and any(folder.iterdir()))  # nothing was written


async def test_start_pressed_twice_quickly_makes_one_run(bundle: Path) -> None:
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        fill_tiny(app)  # no budget: it runs until stopped
        await pilot.pause()
        await pilot.press("f5", "f5")
        await pilot.click("#start")  # the button too (disabled by now: the click does nothing)
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.step > 0, what="training")
        await pilot.press("f7")
        await wait_for(pilot, lambda: not pane.is_training, what="the run to end")
        runs = [p.name for p in paths.user_models_dir().iterdir() if p.is_dir()]
        assert runs == [pane.out.name]
        assert ("warning", "training is already running") in app.notices
        assert sum(m.startswith("saved step") for _, m in app.notices) == 1


async def test_quit_mid_import_is_prompt_and_leaves_nothing_half_written(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lstm_tui.importing as importing

    # A big file is read in chunks; these come slowly, so quit surely lands mid-import
    # (the delay is the condition under test, not a wait for something).
    real_chunks = importing.encoding.iter_text_chunks

    def slow_chunks(path, codec, chunk_bytes: int = 256 * 1024):  # type: ignore[no-untyped-def]
        for piece in real_chunks(path, codec, 256 * 1024):
            time.sleep(0.2)
            yield piece

    monkeypatch.setattr(importing, "WHOLE_FILE_LIMIT", 1024 * 1024)
    monkeypatch.setattr(importing.encoding, "iter_text_chunks", slow_chunks)
    big = tmp_path / "big.txt"
    line = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n"
    big.write_text(line * 30_000, encoding="utf-8")  # 3 MB: a dozen slow chunks
    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one("#import-path", Input).value = str(big)
        await pilot.click("#import")
        await pilot.pause()
        assert any(w.group == "corpus-import" and w.state.name == "RUNNING" for w in app.workers), app.notices
        started = time.monotonic()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, timeout=3.0, what="the app to exit")
    assert time.monotonic() - started < 3.0
    # no corpus is listed half-written: either none yet, or the whole text
    listed = {c.name: c for c in list_corpora()}
    assert "big" not in listed or listed["big"].chars == len(line) * 30_000
    # the import thread may still be finishing in the background: once it has, the
    # folder holds the complete pair and no temporary file
    folder = paths.user_corpora_dir()
    names = lambda: sorted(p.name for p in folder.iterdir()) if folder.exists() else []  # noqa: E731
    deadline = time.monotonic() + 60
    while any(n.endswith(".tmp") for n in names()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert names() in ([], ["big.json", "big.txt"]), names()
