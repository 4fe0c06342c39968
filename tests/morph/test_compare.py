"""Comparison: Spearman, Jensen–Shannon, invented words."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_tui.morph.compare import compare_counts, compare_texts, js_divergence, rank, relative_frequencies, spearman


def test_rank_averages_ties() -> None:
    assert rank([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]


def test_spearman_known_values() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # textbook example with ties, checked by hand: rho = 0.9 * (Pearson on ranks)
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(0.9486832980505138)
    assert spearman([1], [1]) is None
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_js_divergence_bounds() -> None:
    assert js_divergence({"a": 3, "b": 1}, {"a": 6, "b": 2}) == pytest.approx(0.0)
    assert js_divergence({"a": 1}, {"b": 5}) == pytest.approx(1.0)
    assert js_divergence({}, {"a": 1}) is None


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefg"), st.integers(1, 50), min_size=1),
    st.dictionaries(st.sampled_from("abcdefg"), st.integers(1, 50), min_size=1),
)
def test_js_divergence_is_symmetric_and_bounded(p: dict[str, int], q: dict[str, int]) -> None:
    d = js_divergence(p, q)
    assert d is not None and 0.0 <= d <= 1.0
    assert math.isclose(d, js_divergence(q, p) or 0.0, abs_tol=1e-12)


def test_compare_counts_invented_and_relative() -> None:
    cmp = compare_counts({"猫": 8, "犬": 2}, {"猫": 1, "ぬぺら": 3}, top=10)
    assert cmp.invented == (("ぬぺら", 3),)
    assert cmp.invented_share == pytest.approx(0.75)
    # named for what it is: a fine-tuned model's such words are mostly real (read in pretraining)
    assert "not in the corpus: 1 words (75.0% of generated tokens)" in cmp.summary()
    row = {r.word: r for r in cmp.rows}["猫"]
    assert row.corpus_per_mille == pytest.approx(800) and row.generated_per_mille == pytest.approx(250)
    assert relative_frequencies({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    assert "Spearman" in cmp.summary()


def test_compare_texts_uses_base_forms() -> None:
    corpus = "写真を撮ってくださいました。今日は楽しかった。" * 5
    cmp = compare_texts(corpus, "写真を撮る。ぴょろもげを食べた。")
    invented = dict(cmp.invented)
    assert "撮る" not in invented and "写真" not in invented  # base form of 撮っ is in the corpus
    assert "食べる" in invented
    assert cmp.jsd is not None and 0 < cmp.jsd < 1


def test_compare_empty_generated_text() -> None:
    cmp = compare_texts("写真を撮った", "")
    assert cmp.jsd is None and cmp.generated_tokens == 0 and cmp.invented == ()
