"""Corpus facts for the Corpus pane."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstm_tui.core.facts import (
    SCRIPTS,
    LineCounter,
    corpus_facts,
    count_lines,
    first_lines,
    guess_language,
    script_mix,
    script_of,
    top_chars,
)


def test_script_of() -> None:
    assert [script_of(c) for c in "漢々かカｶaéＡ5５!😀"] == [
        "kanji",
        "kanji",
        "hiragana",
        "katakana",
        "katakana",
        "latin",
        "latin",
        "latin",
        "digits",
        "digits",
        "other",
        "other",
    ]


def test_script_mix_shares() -> None:
    mix = script_mix("漢字かなカナab12!! \n")
    assert list(mix) == list(SCRIPTS)
    assert mix["kanji"] == pytest.approx(2 / 12)
    assert mix["other"] == pytest.approx(2 / 12)
    assert sum(mix.values()) == pytest.approx(1.0)
    assert set(script_mix(" \n").values()) == {0.0}


def test_lines_first_lines_top() -> None:
    assert count_lines("") == 0
    assert count_lines("a") == 1
    assert count_lines("a\nb\n") == 2
    assert first_lines("\n\none\n  \ntwo\nthree", n=2) == ["one", "two"]
    assert first_lines("x" * 500, max_len=10) == ["x" * 10]
    assert top_chars("aabbbc", 2) == [("b", 3), ("a", 2)]
    assert top_chars("a a a b", 1, skip_space=True) == [("a", 3)]


def test_corpus_facts_and_language() -> None:
    f = corpus_facts("こんにちは世界\nhello\n")
    assert (f.chars, f.lines, f.first_lines) == (14, 2, ["こんにちは世界", "hello"])
    assert f.distinct == len(set("こんにちは世界\nhello\n"))
    assert len(f.top_chars) <= 20
    assert guess_language(f.script_mix) == "ja"
    assert guess_language(script_mix("To be or not to be")) == "en"
    assert guess_language(script_mix("1234 !!")) == "und"


def test_fast_on_a_few_megabytes() -> None:
    text = "吾輩は猫である。名前はまだ無い。Cats and dogs 123\n" * 60_000  # ~2.6 M chars
    start = time.perf_counter()
    corpus_facts(text)
    assert time.perf_counter() - start < 3.0


@given(st.lists(st.text(alphabet="ab\n", max_size=6), max_size=6))
def test_streamed_line_count_equals_whole(pieces: list[str]) -> None:
    # the importer counts lines piece by piece; the catalog and corpus stats count whole texts
    counter = LineCounter()
    for piece in pieces:
        counter.add(piece)
    assert counter.lines == count_lines("".join(pieces))
