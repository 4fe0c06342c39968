"""core/cell_search.py: predicates, correlation, and finding a hand-made 「」 unit."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_tui.core.cell_search import (
    after_sentence_end,
    correlations,
    find_cells,
    inside_any,
    inside_pair,
    inside_quotes,
    line_position,
    regex_mask,
    script_of,
)
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.inspection import inspect_text
from tests.core.bracket_model import BRACKET_TEXT, UNIT, bracket_model


def test_inside_pair_counts_the_opening_not_the_closing() -> None:
    assert inside_pair("a「bc」d", "「", "」").tolist() == [0, 1, 1, 1, 0, 0]
    assert inside_pair("「「x」y」z", "「", "」").tolist() == [1, 1, 1, 1, 1, 0, 0]
    assert inside_pair("」x", "「", "」").tolist() == [0, 0]  # a stray closing is ignored


def test_brackets_quotes_and_positions() -> None:
    assert inside_any("a(b【c)d】e", {"(": ")", "【": "】"}).tolist() == [0, 1, 1, 1, 1, 0, 0, 0, 0]
    assert inside_quotes('a"bc"d').tolist() == [0, 1, 1, 1, 0, 0]
    assert inside_quotes('"ab\ncd').tolist() == [1, 1, 1, 0, 0, 0]  # a newline ends an open quote
    assert inside_quotes("x“y”z").tolist() == [0, 1, 1, 0, 0]
    assert line_position("ab\ncd").tolist() == [0, 1, 2, 0, 1]
    assert after_sentence_end("a。b.").tolist() == [0, 1, 0, 1]
    assert regex_mask("晴れと雨と晴れ", "晴れ").tolist() == [1, 1, 0, 0, 0, 1, 1]


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        ("漢", "kanji"),
        ("々", "kanji"),
        ("ひ", "hiragana"),
        ("カ", "katakana"),
        ("ｶ", "katakana"),
        ("ー", "katakana"),
        ("a", "latin"),
        ("Ｚ", "latin"),
        ("7", "digit"),
        ("７", "digit"),
        ("。", "punctuation"),
        ("・", "punctuation"),
        ("!", "punctuation"),
        ("？", "punctuation"),
        (" ", None),
        ("😊", None),
    ],
)
def test_script_classes(ch: str, script: str | None) -> None:
    assert script_of(ch) == script


def test_correlation_matches_numpy_and_a_constant_unit_is_zero() -> None:
    rng = np.random.default_rng(0)
    values = (rng.random(200) > 0.5).astype(np.float32)
    acts = rng.standard_normal((200, 4)).astype(np.float32)
    acts[:, 3] = 0.5
    r = correlations(values, acts)
    for j in range(3):
        assert r[j] == pytest.approx(np.corrcoef(values, acts[:, j])[0, 1], abs=1e-5)
    assert r[3] == 0.0


def test_the_hand_made_bracket_unit_is_found_first() -> None:
    vocab = Vocab.from_text(BRACKET_TEXT)
    readout = inspect_text(bracket_model(vocab), vocab, BRACKET_TEXT, states=True)
    results = {r.name: r for r in find_cells(readout, top=3, regex="晴れ")}
    best = results["inside 「」"].units[0]
    assert (best.unit, best.layer) == (UNIT, 0)
    assert best.corr > 0.99
    assert results["inside 『』"].units == [] and results["inside 『』"].note  # none in the text
    assert "regex: 晴れ" in results and results["regex: 晴れ"].positive == 2 * 2 * 12
    assert all(abs(u.corr) <= 1.0 + 1e-6 for r in results.values() for u in r.units)


def test_a_bad_regex_fails_before_any_work() -> None:
    vocab = Vocab.from_text(BRACKET_TEXT)
    readout = inspect_text(bracket_model(vocab), vocab, BRACKET_TEXT[:50], states=True)
    from lstm_tui.core.user_pattern import PatternError

    with pytest.raises(PatternError, match="not a valid regular expression"):
        find_cells(readout, regex="(")
