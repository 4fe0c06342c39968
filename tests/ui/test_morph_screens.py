"""The Morphemes pane's screens: Enter on a row → KWIC → the sentence, sorting, keyness and
its export, collocations, compounds and stop-list fields, bad word-list files."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from lstm_tui.ui.morphemes.collocations import CollocationsScreen
from lstm_tui.ui.morphemes.keyness import KeynessScreen
from lstm_tui.ui.morphemes.kwic import KwicScreen
from lstm_tui.ui.panes.morphemes import MorphemesPane
from tests.ui.harness import Harness
from tests.ui.helpers import wait_for

SIZE = (120, 36)
CORPUS = (
    "吾輩は猫である。名前はまだ無い。\n"
    "白い猫が庭で鳴いた。黒い猫は屋根で眠った。\n"
    "赤シャツは猫が嫌いだ。赤シャツの猫は白い。\n"
) * 3
GENERATED = "猫がぴかぴかしい。赤シャツの犬は走った。\n"


async def _ready(pilot, pane: MorphemesPane, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    pane.query_one("#morph-pos", Select).value = "noun"
    pane.set_corpus("tiny", corpus)
    await wait_for(pilot, lambda: not pane.busy and "猫" in pane.rows("corpus"), what="noun table")


def _corpus_file(tmp_path: Path) -> Path:
    corpus = tmp_path / "tiny.txt"
    corpus.write_text(CORPUS, encoding="utf-8")
    return corpus


async def test_row_then_kwic_then_sentence_and_sort(tmp_path: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, _corpus_file(tmp_path))
        pane.set_generated(GENERATED, "tiny-run")
        await wait_for(pilot, lambda: not pane.busy and pane.rows("generated"), what="generated table")
        table = pane.query_one("#morph-corpus", DataTable)
        table.focus()
        table.move_cursor(row=pane.rows("corpus").index("猫"))
        await pilot.press("enter")  # Enter on the row
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen) and not app.screen.busy, what="KWIC")
        screen = app.screen
        assert isinstance(screen, KwicScreen)
        corpus_lines = screen.shown["corpus"]
        assert len(corpus_lines) == CORPUS.count("猫") == 15
        assert len(screen.shown["generated"]) == 1
        for ln in corpus_lines:
            start = ln.start - len(ln.left)
            assert CORPUS[start : ln.end + len(ln.right)] == ln.left + ln.match + ln.right
        title = str(screen.query_one("#kwic-title").render())
        assert "corpus 15" in title and "generated 1" in title
        await pilot.press("r")  # sort by the right context
        rights = [ln.right for ln in screen.shown["corpus"]]
        assert rights == sorted(rights) and "right context" in str(screen.query_one("#kwic-title").render())
        await pilot.press("l")
        lefts = [ln.left[::-1] for ln in screen.shown["corpus"]]
        assert lefts == sorted(lefts)
        kwic_table = screen.query_one("#kwic-corpus", DataTable)
        kwic_table.focus()
        kwic_table.move_cursor(row=0)
        await pilot.press("enter")  # Enter on a line: its sentence
        first = screen.shown["corpus"][0]
        assert screen.sentence_text and first.match in screen.sentence_text
        assert screen.sentence_text in CORPUS and screen.sentence_text.endswith("。")
        await pilot.press("escape")
        assert not isinstance(app.screen, KwicScreen)


# Built so that, cut at CONTEXT_CHARS either side of 猫, a left context starts with 。
# (or っ) and a right context ends with 「: the lines kinsoku must not draw.
KINSOKU_LEFT = "。外は風もない日、白い"
KINSOKU_RIGHT = "が鳴いて、私に言った「"
KINSOKU_CORPUS = (
    f"昨日は雨が降った{KINSOKU_LEFT}猫{KINSOKU_RIGHT}おはよう」と。\n" + "雨はずっと前から降る夜の黒い猫だ。\n"
)


async def test_kwic_lines_keep_kinsoku_no_closing_punctuation_first_no_opening_bracket_last(
    tmp_path: Path,
) -> None:
    from lstm_tui.core.kinsoku import NO_LINE_END, NO_LINE_START
    from lstm_tui.ui.morphemes.kwic import CONTEXT_CHARS

    corpus = tmp_path / "kinsoku.txt"
    corpus.write_text(KINSOKU_CORPUS, encoding="utf-8")
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, corpus)
        assert pane.open_kwic("猫")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen) and not app.screen.busy, what="KWIC")
        screen = app.screen
        assert isinstance(screen, KwicScreen)
        lines = screen.shown["corpus"]
        # the text provokes it: the raw contexts start and end where no line may
        assert len(lines) == 2 and len(lines[0].left) == CONTEXT_CHARS
        assert {ln.left[0] for ln in lines} <= NO_LINE_START and lines[0].right[-1] in NO_LINE_END
        table = screen.query_one("#kwic-corpus", DataTable)
        for row in range(table.row_count):
            left, match, right = (str(cell) for cell in table.get_row_at(row))
            line = (left + match + right).strip()
            assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, line
            # trimmed, never rewritten: what is shown is still a span of the text
            assert line in KINSOKU_CORPUS.replace("\n", " ")


async def test_an_invented_word_shows_0_and_the_nearest_corpus_forms(tmp_path: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, _corpus_file(tmp_path))
        pane.set_generated("白いねこがいた。白いねこ。\n", "tiny-run")
        await wait_for(pilot, lambda: not pane.busy and "ねこ" in pane.rows("generated"), what="generated")
        assert pane.open_kwic("ねこ")
        await wait_for(pilot, lambda: isinstance(app.screen, KwicScreen) and not app.screen.busy, what="KWIC")
        screen = app.screen
        assert isinstance(screen, KwicScreen)
        note = str(screen.query_one("#kwic-corpus-count").render())
        assert note.startswith("0 occurrences in tiny") and "猫 (15)" in note  # ねこ reads as 猫: ネコ
        assert len(screen.shown["generated"]) == 2  # where the model wrote it


async def test_keyness_against_the_generated_text_and_export(tmp_path: Path, isolated_home: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, _corpus_file(tmp_path))
        pane.set_generated("犬が走った。犬が走った。犬が走った。犬は走る。\n" * 3, "tiny-run")
        await wait_for(pilot, lambda: not pane.busy and pane.rows("generated"), what="generated")
        pane.query_one("#morph-corpus", DataTable).focus()
        await pilot.press("k")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, KeynessScreen) and app.screen.result is not None,
            what="keyness",
        )
        screen = app.screen
        assert isinstance(screen, KeynessScreen)
        assert screen.rows()[0] in {"犬", "猫"}
        sentence = str(screen.query_one("#key-sentence").render())
        assert "the model overuses 犬" in sentence and "never says 猫" in sentence
        await pilot.click("#key-csv")
        await pilot.click("#key-json")
        assert len(screen.exported) == 1 and screen.exported[0].suffix == ".json"
        data = json.loads(screen.exported[0].read_text(encoding="utf-8"))
        assert set(data) == {"total_a", "total_b", "rows"}
        csvs = list((isolated_home / "exports").glob("keyness-*.csv"))
        assert len(csvs) == 1 and csvs[0].read_text(encoding="utf-8").startswith("word,a,b,g2,log_ratio")


async def test_compounds_and_stop_list_fields_and_bad_files(tmp_path: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, _corpus_file(tmp_path))
        assert "赤シャツ" not in pane.rows("corpus") and "シャツ" in pane.rows("corpus")
        field = pane.query_one("#morph-compounds", Input)
        field.value = "赤シャツ"
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: not pane.busy and "赤シャツ" in pane.rows("corpus"), what="compound row")
        assert "シャツ" not in pane.rows("corpus")
        before = pane.rows("corpus")
        sjis = tmp_path / "sjis.txt"
        sjis.write_bytes("赤シャツ\n".encode("cp932"))
        field.value = str(sjis)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(sev == "error" for sev, _ in app.notes), what="refusal")
        assert "not UTF-8" in app.notes[-1][1]
        assert pane.rows("corpus") == before  # the counts stay as they were
        field.value = "赤シャツ"  # while a field holds a bad file, nothing is recounted
        stop = pane.query_one("#morph-stopwords", Input)
        stop.value = "猫"
        stop.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: not pane.busy and "猫" not in pane.rows("corpus"), what="stop-listed")


async def test_collocations_window_out_of_range_is_refused(tmp_path: Path) -> None:
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        corpus = _corpus_file(tmp_path)
        await _ready(pilot, pane, corpus)
        from lstm_tui.morph.frequency import FreqOptions

        screen = CollocationsScreen("猫", FreqOptions(pos="content"), corpus)
        await app.push_screen(screen)
        await wait_for(pilot, lambda: screen.result is not None, what="collocates")
        assert "白い" in screen.rows()
        window = screen.query_one("#coll-window", Input)
        window.value = "11"
        window.focus()
        await pilot.press("enter")
        assert any("1–10" in msg for _, msg in app.notes)
        assert "白い" in screen.rows()  # the table keeps what it showed


def test_workers_turn_bad_input_into_messages(tmp_path: Path) -> None:
    """A missing corpus or an empty second text comes back as a message with an error."""
    from lstm_tui.morph.frequency import FreqOptions
    from lstm_tui.ui.messages import KeynessReady, KwicReady
    from lstm_tui.ui.workers.morph import KeynessRequest, KwicRequest, compute_keyness, compute_kwic

    posted: list[object] = []
    compute_kwic(KwicRequest("猫", corpus_path=tmp_path / "gone.txt"), posted.append)
    corpus = _corpus_file(tmp_path)
    compute_keyness(KeynessRequest(FreqOptions(), corpus, "tiny", generated="  "), posted.append)
    kwic, key = posted
    assert isinstance(kwic, KwicReady) and kwic.error and "gone.txt" in kwic.error
    assert isinstance(key, KeynessReady) and key.error and "nothing to compare" in key.error


def test_the_stop_list_field_starts_as_the_default_stop_list() -> None:
    from lstm_tui.morph.compounds import words_or_file
    from lstm_tui.morph.frequency import DEFAULT_STOPWORDS
    from lstm_tui.ui.panes.morphemes import DEFAULT_STOP_FIELD

    assert frozenset(words_or_file(DEFAULT_STOP_FIELD, "stop-list")) == DEFAULT_STOPWORDS


async def test_keyness_against_a_second_corpus_picked_in_the_screen(tmp_path: Path, bundle: Path) -> None:
    """No generated text: the screen lists the corpora; picking one compares the two."""
    app = Harness(MorphemesPane)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(MorphemesPane)
        await _ready(pilot, pane, _corpus_file(tmp_path))
        pane.action_keyness()
        await wait_for(
            pilot, lambda: isinstance(app.screen, KeynessScreen) and app.screen.is_mounted, what="keyness screen"
        )
        screen = app.screen
        assert isinstance(screen, KeynessScreen)
        select = screen.query_one("#key-other", Select)
        await wait_for(pilot, lambda: len(screen.others) == 2, what="corpus list")  # the bundle's two
        select.value = str(bundle / "corpora" / "tiny-ja.txt")
        await wait_for(pilot, lambda: screen.result is not None, what="keyness")
        assert screen.result is not None and screen.result.error is None
        sentence = str(screen.query_one("#key-sentence").render())
        assert sentence.startswith("tiny uses more 猫") and "tiny-ja uses more" in sentence
        select.clear()  # back to no choice: nothing is recounted, nothing fails
        await pilot.pause()
        assert not any(sev == "error" for sev, _ in app.notes)
