"""The Morphemes pane: adjective tables by base form, generated text beside the corpus, export."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from lstm_tui.ui.panes.morphemes import MorphemesPane
from tests.ui.harness import Harness
from tests.ui.helpers import wait_for

SIZE = (120, 36)
CORPUS = "昨日は楽しかった。写真を撮ってくださいました。今日も楽しい一日でした。美しい花が咲いた。\n" * 5
GENERATED = "楽しかったです。新しい花を撮った。ぴかぴかしい猫。\n" * 3


def _idle(pane: MorphemesPane) -> bool:
    return not pane.busy


async def _adjectives(pilot, pane: MorphemesPane, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    pane.query_one("#morph-pos", Select).value = "adjective"
    pane.set_corpus("tiny", corpus)
    await wait_for(pilot, lambda: _idle(pane) and pane.rows("corpus"), what="corpus table")


async def test_adjectives_by_base_form_and_generated_side_by_side(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _adjectives(pilot, pane, corpus)
        assert pane.rows("corpus")[0] == "楽しい"  # 楽しかった and 楽しい count as one base form
        assert "美しい" in pane.rows("corpus")
        assert "楽しかっ" not in pane.rows("corpus")
        pane.set_generated(GENERATED, "tiny-run")
        await wait_for(pilot, lambda: _idle(pane) and pane.rows("generated"), what="generated table")
        assert "楽しい" in pane.rows("generated")
        summary = str(pane.query_one("#morph-comparison").render())
        assert "Spearman" in summary and "Jensen" in summary
        # surface forms: the conjugated form appears as written
        pane.query_one("#morph-surface", Checkbox).value = True
        await wait_for(pilot, lambda: _idle(pane) and "楽しかっ" in pane.rows("corpus"), what="surface forms")


async def test_export_writes_a_file_and_says_where(tmp_path: Path, isolated_home: Path) -> None:
    corpus = tmp_path / "tiny.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _adjectives(pilot, pane, corpus)
        pane.query_one("#morph-format", Select).value = "json"
        await pilot.click("#morph-export")
        assert len(pane.exported) == 1
        path = pane.exported[0]
        assert path.parent == isolated_home / "exports" and path.suffix == ".json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["pos"] == "adjective" and data["rows"][0]["word"] == "楽しい"
        assert any(str(path) in msg for _, msg in app.notes)
        pane.query_one("#morph-format", Select).value = "seed"
        await pilot.press("ctrl+s")
        assert pane.exported[0].read_text(encoding="utf-8").startswith("'楽しい': ")


async def test_bad_filters_and_files_never_crash(tmp_path: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await pilot.press("ctrl+s")  # nothing yet: a warning, not an error
        assert any(sev == "warning" for sev, _ in app.notes)
        pane.set_corpus("missing", tmp_path / "nope.txt")
        await wait_for(pilot, lambda: _idle(pane) and any(sev == "error" for sev, _ in app.notes), what="error note")
        top = pane.query_one("#morph-top", Input)
        top.value = "many"
        await wait_for(pilot, lambda: "filter" in str(pane.query_one("#morph-status").render()), what="filter warning")
        assert top.has_class("-invalid")


async def test_generate_and_compare_through_the_sample_pane(tmp_path: Path) -> None:
    from textual.containers import Horizontal

    from lstm_tui.paths import user_models_dir
    from lstm_tui.ui.panes.sample import SamplePane
    from tests.ui.helpers import save_tiny_run

    save_tiny_run(user_models_dir() / "tiny-run")
    corpus = tmp_path / "tiny.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    app = Harness(lambda: Horizontal(SamplePane(), MorphemesPane()))
    async with app.run_test(size=SIZE) as pilot:
        sample, pane = app.query_one(SamplePane), app.query_one(MorphemesPane)
        await wait_for(pilot, lambda: not sample.streaming, what="warm-start stream")
        pane.set_corpus("tiny", corpus)
        length = pane.query_one("#morph-gen-length", Input)
        length.value = "300"
        length.focus()
        await pilot.press("ctrl+g")  # the pane's key for "Generate & compare"
        await wait_for(
            pilot, lambda: pane._generated is not None and len(pane._generated[0]) == 300, what="300 generated chars"
        )
        await wait_for(pilot, lambda: _idle(pane), what="analysis")
        assert "tiny-run (300 chars)" in str(pane.query_one("#morph-generated").border_title)
