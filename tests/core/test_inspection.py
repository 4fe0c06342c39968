"""core/inspection.py: per-character figures, eval agreement, and h/c per step."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lstm_tui.core.corpus import Vocab, build_corpus
from lstm_tui.core.evaluation import evaluate
from lstm_tui.core.inspection import eval_segments, inspect_split, inspect_text
from lstm_tui.core.model import CharLSTM
from lstm_tui.errors import UserError
from tests.core.helpers import TEXT


def _model(vocab: Vocab, cell: str = "fused", layers: int = 1, seed: int = 0) -> CharLSTM:
    torch.manual_seed(seed)
    return CharLSTM(len(vocab), embed=8, hidden=12, layers=layers, cell=cell).eval()


def test_figures_are_consistent() -> None:
    vocab = Vocab.from_text(TEXT)
    r = inspect_text(_model(vocab), vocab, TEXT[:200], top_k=5)
    assert r.rank[0] == 0 and math.isnan(r.p[0])  # nothing read before the first character
    s = r.scored
    assert s.sum() == 199
    np.testing.assert_allclose(r.surprisal[s], -np.log(r.p[s]), rtol=1e-9)
    for i in np.flatnonzero(s):
        top = r.top(i)
        probs = [q for _, q in top]
        assert probs == sorted(probs, reverse=True)
        assert (r.rank[i] == 1) == (top[0][0] == r.text[i])
        if r.rank[i] <= 5:
            assert top[r.rank[i] - 1][0] == r.text[i]
        assert 0 <= r.entropy[i] <= math.log(len(vocab)) + 1e-6
    assert r.mean_surprisal == pytest.approx(float(r.surprisal[s].mean()))


def test_split_read_as_eval_reads_it_gives_evals_loss() -> None:
    corpus = build_corpus(TEXT * 3, "tiny")
    model = _model(corpus.vocab)
    for data in (corpus.val, corpus.test, corpus.train[:1000]):
        text = corpus.vocab.decode(data)
        r = inspect_text(model, corpus.vocab, text, segments=eval_segments(len(text)))
        assert r.scored_count == len(text) - 1
        assert r.mean_surprisal == pytest.approx(evaluate(model, data), abs=1e-5)


def test_inspect_split_gives_evals_loss_and_a_slice_keeps_evals_per_character_figures() -> None:
    # The Inspect pane read the test split as one stream: 3.810 against eval's 3.935 on 舞姫.
    corpus = build_corpus(TEXT * 3, "tiny")
    model = _model(corpus.vocab)
    split = corpus.vocab.decode(corpus.val)
    whole = inspect_split(model, corpus.vocab, split, limit=len(split) + 10)
    assert whole.mean_surprisal == pytest.approx(evaluate(model, corpus.val), abs=1e-5)
    assert whole.mean_surprisal != pytest.approx(inspect_text(model, corpus.vocab, split).mean_surprisal, abs=1e-4)
    limit = len(split) // 2 + 7  # inside a stretch
    head = inspect_split(model, corpus.vocab, split, limit=limit)
    assert len(head.text) == limit and head.scored_count == limit - 1
    np.testing.assert_allclose(head.surprisal[1:], whole.surprisal[1:limit], rtol=1e-5)
    # every character's h and c are read, the last one's too (eval only predicts it):
    # the last row is the state after the whole last stretch, read from a zero state
    for text in (split, split[:limit]):
        r = inspect_split(model, corpus.vocab, split, limit=len(text), states=True)
        start = (
            eval_segments(len(split))[-1][0]
            if text == split
            else max(a for a, _ in eval_segments(len(split)) if a < limit - 1)
        )
        tail = inspect_text(model, corpus.vocab, text[start:], states=True)
        assert r.h is not None and tail.h is not None and r.c is not None and tail.c is not None
        np.testing.assert_allclose(r.h[-1], tail.h[-1], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(r.c[-1], tail.c[-1], rtol=1e-5, atol=1e-6)


def test_unknown_characters_are_skipped_and_marked() -> None:
    vocab = Vocab.from_text(TEXT)
    model = _model(vocab)
    plain = inspect_text(model, vocab, "the cat sat")
    odd = inspect_text(model, vocab, "the c☃at sat")
    assert not odd.known[5] and odd.rank[5] == 0 and odd.record(5)["unknown"] is True
    # the model reads past it as if it were absent
    np.testing.assert_allclose(np.delete(odd.surprisal, 5)[1:], plain.surprisal[1:])
    assert odd.summary()["unknown_chars"] == 1


@pytest.mark.parametrize("text", ["", "☃☃", "t"])
def test_nothing_to_predict_is_a_user_error(text: str) -> None:
    vocab = Vocab.from_text(TEXT)
    with pytest.raises(UserError):
        inspect_text(_model(vocab), vocab, text)


@pytest.mark.parametrize("layers", [1, 2])
def test_states_match_a_step_by_step_scratch_cell(layers: int) -> None:
    vocab = Vocab.from_text(TEXT)
    fused = _model(vocab, layers=layers)
    scratch = CharLSTM(len(vocab), embed=8, hidden=12, layers=layers, cell="scratch").eval()
    scratch.load_state_dict(fused.state_dict())
    text = TEXT[:120]
    r = inspect_text(fused, vocab, text, states=True)
    ids = torch.tensor([vocab.stoi[c] for c in text])
    state = scratch.init_state(1)
    with torch.no_grad():
        inp = scratch.embed(ids).unsqueeze(0)
        for t in range(len(text)):
            _, state = scratch.rnn(inp[:, t : t + 1], state)
            h, c = (s[:, 0].reshape(-1).numpy() for s in state)
            np.testing.assert_allclose(r.h[t], h, atol=1e-5)
            np.testing.assert_allclose(r.c[t], c, atol=1e-5)
    # the states do not change the predictions
    plain = inspect_text(fused, vocab, text)
    np.testing.assert_allclose(r.surprisal[1:], plain.surprisal[1:], rtol=1e-5)
