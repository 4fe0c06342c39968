"""The hybrid's arithmetic (core/hybrid.py): λ on validation, the mixture, run.json's entry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_tui.core.hybrid import HybridEntry, fit_lambda, mix, mix_probs, mixed_loss, ngram_targets
from lstm_tui.core.ngram import fit_baseline


def _pair(seed: int, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Log-probs of two models that are each better on a different half of the text."""
    rng = np.random.default_rng(seed)
    a = np.log(rng.uniform(0.01, 0.9, n))
    b = np.log(rng.uniform(0.01, 0.9, n))
    a[: n // 2] -= 2.0  # model a is bad on the first half
    b[n // 2 :] -= 2.0  # model b on the second
    return a, b


def _grid_best(a: np.ndarray, b: np.ndarray) -> float:
    grid = np.linspace(0, 1, 10_001)
    return float(grid[np.argmin([mixed_loss(a, b, lam) for lam in grid])])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lambda_is_the_optimum_in_range_and_never_worse_than_either_model(seed: int) -> None:
    a, b = _pair(seed)
    lam = fit_lambda(a, b)
    assert 0.0 <= lam <= 1.0
    best = mixed_loss(a, b, lam)
    assert best <= -a.mean() + 1e-12 and best <= -b.mean() + 1e-12
    # a mixture of two models each good where the other is bad is much better than either
    assert best < min(-a.mean(), -b.mean()) - 0.1
    assert lam == pytest.approx(_grid_best(a, b), abs=2e-4)  # and it is the optimum, not just "good"


def test_closed_form_optima() -> None:
    """Two characters with p_a = (1, 0.2) and p_b = (0.2, 1): by symmetry λ = 1/2. One
    character where one model is better: that model alone (λ at an end). And p_a =
    (0.9, 0.1), p_b = (0.5, 0.5): the slope 0.4/(0.5+0.4λ) − 0.4/(0.5−0.4λ) is zero at λ = 0."""
    a = np.log(np.array([1.0, 0.2]))
    b = np.log(np.array([0.2, 1.0]))
    assert fit_lambda(a, b) == pytest.approx(0.5, abs=1e-12)
    assert fit_lambda(np.log([0.5]), np.log([0.25])) == 1.0
    assert fit_lambda(np.log([0.25]), np.log([0.5])) == 0.0
    assert fit_lambda(np.log([0.9, 0.1]), np.log([0.5, 0.5])) == 0.0
    # p_a = (0.9, 0.3), p_b = (0.5, 0.5): the slope 0.4/(0.5 + 0.4λ) − 0.2/(0.5 − 0.2λ)
    # is zero where 0.2 − 0.08λ = 0.1 + 0.08λ, at λ = 0.625
    assert fit_lambda(np.log([0.9, 0.3]), np.log([0.5, 0.5])) == pytest.approx(0.625, abs=1e-12)


def test_identical_models_and_the_ends() -> None:
    a, _ = _pair(3)
    lam = fit_lambda(a, a)  # any λ is optimal; the loss must be that of the model
    assert mixed_loss(a, a, lam) == pytest.approx(-a.mean(), abs=1e-12)
    np.testing.assert_array_equal(mix(a, a - 1, 1.0), a)
    np.testing.assert_array_equal(mix(a, a - 1, 0.0), a - 1)


def test_mix_is_the_log_of_the_linear_mixture_and_stays_finite() -> None:
    a, b = np.log([0.3, 0.5, 1e-300]), np.log([0.6, 0.1, 0.2])
    got = mix(a, b, 0.25)
    want = np.log(0.25 * np.exp(a) + 0.75 * np.exp(b))
    np.testing.assert_allclose(got, want, rtol=1e-12)
    tiny = mix(np.array([-800.0]), np.array([-900.0]), 0.5)  # both underflow as probabilities
    assert math.isfinite(tiny[0]) and tiny[0] == pytest.approx(-800 + math.log(0.5))


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="different texts"):
        fit_lambda(np.zeros(3) - 1, np.zeros(4) - 1)
    with pytest.raises(ValueError, match="no log-probs"):
        fit_lambda(np.zeros(0), np.zeros(0))
    with pytest.raises(ValueError, match="≤ 0"):
        fit_lambda(np.array([0.5]), np.array([-1.0]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        mix(np.array([-1.0]), np.array([-1.0]), 1.5)


def test_mix_probs_is_a_distribution() -> None:
    p = mix_probs(np.array([2.0, 1.0, 1.0]), np.array([0.1, 0.1, 0.2]), 0.5)
    np.testing.assert_allclose(p, [0.5 * 0.5 + 0.5 * 0.25, 0.5 * 0.25 + 0.5 * 0.25, 0.5 * 0.25 + 0.5 * 0.5])
    assert p.sum() == pytest.approx(1.0)


def test_ngram_targets_align_with_an_lstm_evaluation_of_the_split() -> None:
    """Element i scores text[start + 1 + i] from everything before it, as evaluate does."""
    text = "the cat sat on the mat. the dog sat on the log.\n" * 20
    b = fit_baseline(text)
    start, end = 800, 900
    got = ngram_targets(b, text, start, end)
    assert len(got) == end - start - 1
    for i in (0, 1, 50, len(got) - 1):
        pos = start + 1 + i
        assert got[i] == pytest.approx(b.log_probs(text[pos], context=text[:pos])[0], abs=1e-12)
    assert len(ngram_targets(b, text, 5, 6)) == 0


def test_entry_round_trips_and_refuses_malformed_records() -> None:
    entry = HybridEntry(0.625, 7, "a" * 64, 1200)
    assert HybridEntry.from_json(entry.to_json()) == entry
    assert HybridEntry.from_json(None) is None
    for bad in (
        {"lambda": 1.5, "ngram_order": 7, "corpus_sha256": "a" * 64, "best_step": 1},
        {"lambda": 0.5, "ngram_order": 0, "corpus_sha256": "a" * 64, "best_step": 1},
        {"lambda": 0.5, "ngram_order": 3, "corpus_sha256": "abc", "best_step": 1},
        {"lambda": True, "ngram_order": 3, "corpus_sha256": "a" * 64, "best_step": 1},
        [0.5],
    ):
        with pytest.raises(ValueError):
            HybridEntry.from_json(bad)
