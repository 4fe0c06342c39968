"""KWIC: exact lines on a small text, spans of the text, sorting, sentences, bad input."""

from __future__ import annotations

import json

import pytest

from lstm_tui.errors import ConfigError
from lstm_tui.morph.kwic import (
    concordance,
    format_json,
    format_lines,
    format_text,
    nearest_in,
    sentence,
    split_hint,
    tokens_for,
)
from lstm_tui.morph.tokens import tokenize

TEXT = "吾輩は猫である。名前はまだ無い。\n白い猫が鳴いた。黒い猫も鳴いた。\n"


def test_exact_lines_on_a_small_text() -> None:
    conc = concordance(tokenize(TEXT), "猫", width=4)
    assert conc.count == 3
    assert [(ln.left, ln.match, ln.right) for ln in conc.lines] == [
        ("吾輩は", "猫", "である。"),  # the left context stops at the start of the text
        ("白い", "猫", "が鳴いた"),  # and at the line break
        ("た。黒い", "猫", "も鳴いた"),  # 4 characters, across the full stop
    ]


def test_every_line_is_a_span_of_the_text() -> None:
    tok = tokenize(TEXT * 3)
    conc = concordance(tok, "鳴く", width=6)  # base form: 鳴い → 鳴く
    assert conc.count == 6
    for ln in conc.lines:
        assert ln.match == "鳴い"
        start = ln.start - len(ln.left)
        assert tok.text[start : ln.end + len(ln.right)] == ln.left + ln.match + ln.right


def test_by_surface_matches_the_written_form_only() -> None:
    tok = tokenize(TEXT)
    assert concordance(tok, "鳴く", by="surface").count == 0
    assert concordance(tok, "鳴い", by="surface").count == 2


def test_sort_by_right_and_by_left_context() -> None:
    tok = tokenize("猫がいる。\n猫もいる。\n猫がいた。\nあの猫。\n白い猫。\n")
    right = concordance(tok, "猫", sort="right")
    assert [ln.right for ln in right.lines] == sorted(ln.right for ln in right.lines)
    left = concordance(tok, "猫", sort="left")
    keys = [ln.left[::-1] for ln in left.lines]  # read from the word outward
    assert keys == sorted(keys)
    with pytest.raises(ConfigError, match="sort"):
        concordance(tok, "猫", sort="middle")


def test_the_whole_sentence_of_a_line() -> None:
    text = "　彼は言った。「吾輩は猫である。」それから黙った。\n"
    line = concordance(tokenize(text), "猫").lines[0]
    assert sentence(text, line) == "「吾輩は猫である。」"  # the quote it opens and closes


def test_width_out_of_range_names_the_range() -> None:
    tok = tokenize(TEXT)
    for bad in (0, 201):
        with pytest.raises(ConfigError, match="1–200"):
            concordance(tok, "猫", width=bad)


def test_aligned_on_the_word_with_wide_characters() -> None:
    conc = concordance(tokenize("ab猫c\n吾輩は猫だ\n"), "猫", width=5)
    lines = format_lines(conc.lines)
    # the bar before the match is in the same terminal column on every line
    from lstm_tui.morph.kwic import display_width

    cols = {display_width(line[: line.index("│")]) for line in lines}
    assert len(cols) == 1


def test_no_occurrence_says_0_and_offers_the_nearest_forms() -> None:
    tok = tokenize(TEXT)
    conc = concordance(tok, "猫又")
    near = nearest_in(tok, "猫又")
    assert conc.count == 0 and near[0][0] == "猫"
    assert format_text(conc, near).startswith("猫又 (base): 0 occurrences\nnearest forms that occur: 猫 (3)")
    data = json.loads(format_json(conc, near))
    assert data["count"] == 0 and data["lines"] == [] and data["nearest"][0] == {"word": "猫", "count": 3}


def test_a_split_word_is_named_and_found_as_a_compound() -> None:
    text = "赤シャツが来た。赤シャツは帰った。\n"
    assert concordance(tokens_for(text), "赤シャツ").count == 0
    assert "MeCab splits it" in split_hint(tokens_for(text), "赤シャツ")
    conc = concordance(tokens_for(text, ["赤シャツ"]), "赤シャツ")
    assert [ln.match for ln in conc.lines] == ["赤シャツ", "赤シャツ"]
