"""The sampler: reproducible, greedy at 0, forgiving with prefixes, strict with settings."""

from __future__ import annotations

import threading

import pytest

from lstm_tui.core.sample_checks import split_prefix
from lstm_tui.core.sampling import sample_text, stream
from lstm_tui.core.sampling_options import SamplingOptions
from lstm_tui.core.training import Trainer
from lstm_tui.errors import ConfigError
from tests.core.helpers import tiny_config, tiny_corpus


@pytest.fixture(scope="module")
def trained():
    t = Trainer(tiny_config(steps=40), tiny_corpus(), None)
    t.run()
    return t.model.eval(), t.vocab


def test_same_seed_same_text(trained) -> None:
    model, vocab = trained
    a = sample_text(model, vocab, "the ", 80, 1.0, seed=7)
    b = sample_text(model, vocab, "the ", 80, 1.0, seed=7)
    c = sample_text(model, vocab, "the ", 80, 1.0, seed=8)
    assert a == b and len(a) == 80 and a != c


def test_temperature_zero_is_greedy(trained) -> None:
    model, vocab = trained
    assert sample_text(model, vocab, "the", 50, 0.0, seed=1) == sample_text(model, vocab, "the", 50, 0.0, seed=2)


def test_top_k_one_equals_greedy(trained) -> None:
    model, vocab = trained
    assert sample_text(model, vocab, "the", 30, 1.5, top_k=1, seed=3) == sample_text(model, vocab, "the", 30, 0.0)


def test_unknown_prefix_characters_are_reported_and_skipped(trained) -> None:
    model, vocab = trained
    check = split_prefix("the 猫 sat😀猫", vocab)
    assert check.unknown == ["猫", "😀"] and check.kept == "the  sat"
    assert len(sample_text(model, vocab, "猫😀", 10, 0.5, seed=1)) == 10  # all unknown: still samples


@pytest.mark.parametrize("temperature", [-1.0, float("nan"), float("inf"), 5.5])
def test_bad_temperature(trained, temperature: float) -> None:
    model, vocab = trained
    with pytest.raises(ConfigError, match="temperature"):
        sample_text(model, vocab, "a", 5, temperature)


def test_stop_event_ends_the_stream(trained) -> None:
    model, vocab = trained
    stop = threading.Event()
    got = []
    for ch in stream(model, vocab, "the", SamplingOptions(temperature=1.0, length=1000, seed=1), stop=stop):
        got.append(ch)
        if len(got) == 5:
            stop.set()
    assert len(got) == 5


def test_sampler_leaves_the_model_mode_alone(trained) -> None:
    model, vocab = trained
    model.train()
    sample_text(model, vocab, "a", 3)
    assert model.training
    model.eval()


@pytest.mark.parametrize(
    "layers,one_hot,cell,tie",
    [(1, False, "fused", False), (2, False, "fused", False), (1, True, "scratch", False), (2, False, "fused", True)],
)
def test_one_char_step_matches_the_module(layers: int, one_hot: bool, cell: str, tie: bool) -> None:
    import torch

    from lstm_tui.core.model import CharLSTM
    from lstm_tui.core.sampling import _one_char_step

    torch.manual_seed(0)
    model = CharLSTM(11, embed=5, hidden=7, layers=layers, cell=cell, one_hot=one_hot, tie=tie).eval()
    ids = [3, 1, 4, 1, 5]
    with torch.inference_mode():
        whole, _ = model(torch.tensor([ids]))
        step = _one_char_step(model)
        hs = [torch.zeros(7) for _ in range(layers)]
        cs = [torch.zeros(7) for _ in range(layers)]
        for t, idx in enumerate(ids):
            torch.testing.assert_close(step(idx, hs, cs), whole[0, t], atol=1e-5, rtol=0)


# ---- the hybrid: λ·LSTM + (1 − λ)·n-gram -------------------------------------------------------
@pytest.fixture(scope="module")
def ngram():
    from lstm_tui.core.ngram import fit_baseline

    return fit_baseline(tiny_corpus().text)


def _text(model, vocab, prefix, length, temperature, seed, pure=False, **hybrid) -> str:
    options = SamplingOptions(temperature=temperature, length=length, seed=seed, pure=pure)
    return "".join(stream(model, vocab, prefix, options, **hybrid))


def test_hybrid_at_lambda_one_is_the_lstm_and_is_reproducible(trained, ngram) -> None:
    model, vocab = trained
    pure = _text(model, vocab, "the ", 60, 1.0, 5)
    assert _text(model, vocab, "the ", 60, 1.0, 5, ngram=ngram, lam=1.0) == pure
    mixed = _text(model, vocab, "the ", 60, 1.0, 5, ngram=ngram, lam=0.5)
    assert mixed == _text(model, vocab, "the ", 60, 1.0, 5, ngram=ngram, lam=0.5) and len(mixed) == 60


def test_pure_options_stream_the_lstm_even_when_given_an_ngram(trained, ngram) -> None:
    model, vocab = trained
    lstm = _text(model, vocab, "the ", 60, 1.0, 5)
    assert _text(model, vocab, "the ", 60, 1.0, 5, ngram=ngram, lam=0.5) != lstm  # the mixture differs here
    assert _text(model, vocab, "the ", 60, 1.0, 5, pure=True, ngram=ngram, lam=0.5) == lstm


def test_hybrid_at_lambda_zero_greedy_follows_the_ngram(trained, ngram) -> None:
    """With all the weight on counting, greedy sampling picks the n-gram's argmax after
    the text so far, character by character."""
    model, vocab = trained
    got = _text(model, vocab, "the c", 40, 0.0, 0, ngram=ngram, lam=0.0)
    history = "the c"
    for ch in got:
        d = ngram.distribution(history, vocab.chars)
        assert ch == vocab.chars[int(d.argmax())]
        history += ch


def test_hybrid_temperature_applies_to_the_mixture(trained, ngram, monkeypatch) -> None:
    """What _pick receives is the log of the mixture (it then divides by T)."""
    import numpy as np

    from lstm_tui.core import sampling

    model, vocab = trained
    seen: list = []
    real = sampling._pick
    monkeypatch.setattr(sampling, "_pick", lambda z, *a: seen.append(np.asarray(z, dtype=float)) or real(z, *a))
    _text(model, vocab, "the ", 3, 0.7, 1, ngram=ngram, lam=0.3)
    for z in seen:
        assert np.exp(z).sum() == pytest.approx(1.0)  # a normalised mixture, not logits


def test_hybrid_weight_out_of_range_is_refused(trained, ngram) -> None:
    model, vocab = trained
    with pytest.raises(ValueError, match="mixing weight"):
        next(stream(model, vocab, "the", SamplingOptions(length=5), ngram=ngram, lam=1.5))
