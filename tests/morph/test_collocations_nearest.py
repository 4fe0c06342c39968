"""Collocations within a window (logDice, frequency floor) and nearest forms by edit distance."""

from __future__ import annotations

import math

import pytest

from lstm_tui.errors import ConfigError
from lstm_tui.morph.collocations import collocations
from lstm_tui.morph.frequency import FreqOptions
from lstm_tui.morph.nearest import FormIndex, edit_distance
from lstm_tui.morph.tokens import tokenize

TEXT = "白い猫が鳴く。\n白い猫が眠る。\n黒い犬が鳴く。\n白い猫だ。\n"


def test_collocates_within_the_window_ranked_by_logdice() -> None:
    tok = tokenize(TEXT)
    c = collocations(tok, "猫", FreqOptions(pos="content"), window=2, min_freq=2)
    assert c.node_frequency == 3
    top = c.rows[0]
    assert top.word == "白い" and top.together == 3 and top.frequency == 3
    assert top.log_dice == pytest.approx(14 + math.log2(2 * 3 / (3 + 3)))
    assert "眠る" not in {r.word for r in c.rows}  # together once: below the floor
    assert "鳴く" not in {r.word for r in c.rows}  # within 2 of 猫 once only (the other 鳴く follows 犬)


def test_window_stops_at_line_breaks_and_is_range_checked() -> None:
    tok = tokenize("猫\n白い\n")
    assert collocations(tok, "猫", window=5, min_freq=1).rows == ()
    for bad in (0, 11):
        with pytest.raises(ConfigError, match="1–10"):
            collocations(tok, "猫", window=bad)


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert edit_distance("猫", "猫") == 0
    assert edit_distance("abcdef", "x", limit=2) == 3  # stopped early: more than the limit


def test_nearest_by_spelling_and_by_reading() -> None:
    readings = {"先生": "センセイ", "先月": "センゲツ", "学生": "ガクセイ", "船長": "センチョウ"}
    index = FormIndex({"先生": 10, "先月": 3, "学生": 5, "船長": 1}, readings)
    near = index.nearest("先正", reading="センセイ")
    assert near[0].word == "先生" and near[0].reading == 0  # same reading wins over spelling ties
    assert {n.word for n in near} >= {"先月"}
