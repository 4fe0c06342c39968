"""Keyness: G² and log ratio against hand-computed values, both directions, the JSON shape."""

from __future__ import annotations

import json
import math

import pytest

from lstm_tui.errors import ConfigError
from lstm_tui.morph.keyness import format_csv, format_json, g2, keyness, log_ratio, summary


def test_g2_by_hand() -> None:
    # a=10 in 1000 tokens, b=2 in 1000: E = 6 each side
    # G² = 2 (10 ln(10/6) + 2 ln(2/6)) = 2 (5.108256 - 2.197225) = 5.822063
    assert g2(10, 2, 1000, 1000) == pytest.approx(5.822063, abs=1e-6)
    # unequal totals: a=20/5000, b=30/2000; E_a = 5000*50/7000 = 35.714286, E_b = 14.285714
    # G² = 2 (20 ln(20/35.714286) + 30 ln(30/14.285714)) = 2 (-11.596370 + 22.258120) = 21.323501
    assert g2(20, 30, 5000, 2000) == pytest.approx(21.323501, abs=1e-5)
    # a zero count: its term is 0. a=0, b=8 in 100/100: 2 (8 ln(8/4)) = 11.090355
    assert g2(0, 8, 100, 100) == pytest.approx(11.090355, abs=1e-6)
    assert g2(5, 5, 100, 100) == 0.0  # the same rate: nothing key


def test_log_ratio_by_hand() -> None:
    assert log_ratio(10, 5, 1000, 1000) == pytest.approx(1.0)  # twice as frequent in A
    assert log_ratio(10, 20, 1000, 2000) == pytest.approx(0.0)
    assert log_ratio(0, 8, 100, 100) == pytest.approx(math.log2(0.5 / 8))  # zero taken as 0.5


def test_both_directions_and_rows_that_recompute() -> None:
    a = {"猫": 50, "犬": 5, "鳥": 10, "魚": 0}
    b = {"猫": 5, "犬": 40, "鳥": 10, "魚": 12}
    k = keyness(a, b, label_a="漱石", label_b="賢治")
    assert (k.total_a, k.total_b) == (65, 67)
    assert {r.word for r in k.of_a} == {"猫"} and {r.word for r in k.of_b} == {"犬", "魚"}
    assert [r.g2 for r in k.rows] == sorted((r.g2 for r in k.rows), reverse=True)
    data = json.loads(format_json(k))
    assert set(data) == {"total_a", "total_b", "rows"}
    for row in data["rows"]:
        assert set(row) == {"word", "a", "b", "g2", "log_ratio"}
        assert row["g2"] == pytest.approx(g2(row["a"], row["b"], data["total_a"], data["total_b"]))
    assert "鳥" not in {r["word"] for r in data["rows"]}  # below p < 0.05
    assert summary(k) == "漱石 uses more 猫; 賢治 uses more 犬, 魚."
    assert format_csv(k).splitlines()[0] == "word,a,b,g2,log_ratio"


def test_the_model_sentence_names_overuse_and_never_says() -> None:
    corpus = {"先生": 80, "私": 60, "猫": 10}
    model = {"先生": 5, "私": 60, "猫": 40}
    k = keyness(corpus, model, label_a="corpus", label_b="model")
    text = summary(k, generated=True)
    assert text.startswith("Against corpus, the model overuses 猫;")
    k2 = keyness({"先生": 80, "私": 60}, {"私": 60, "猫": 3})
    assert "never says 先生" in summary(k2, generated=True)


def test_a_clause_with_no_significant_word_is_left_out() -> None:
    # A tester read "…underuses nothing significant; never says nothing significant."
    k = keyness({"先生": 100, "私": 100}, {"先生": 50, "私": 150}, label_a="corpus", label_b="model")
    assert summary(k, generated=True) == "Against corpus, the model overuses 私; underuses 先生."
    same = keyness({"私": 60}, {"私": 60}, label_a="A", label_b="B")
    assert summary(same, generated=True) == "Against A, the model uses no word significantly more or less."
    assert summary(same) == "A and B use no word significantly more than the other."


def test_top_keeps_that_many_each_way_and_empty_texts_are_refused() -> None:
    a = {f"a{i}": 30 + i for i in range(5)} | {"x": 1}
    b = {f"b{i}": 30 + i for i in range(5)} | {"x": 1}
    k = keyness(a, b, top=2)
    assert len(k.of_a) == 2 and len(k.of_b) == 2
    with pytest.raises(ConfigError, match="B has none"):
        keyness(a, {})
