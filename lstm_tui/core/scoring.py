"""Score a run on a text: the one home of `lstm-tui eval`'s figures, the app's
zero-shot line and the figures a training run finishes with (`end_of_run`).

The text is cut at the fixed 90/5/5 splits and encoded with the run's own vocabulary:
characters outside it become the run's UNKNOWN symbol when it has one (a base model),
else they are dropped (core/corpus.py). The n-gram beside it is fitted on the same
(mapped) text, so the two losses are over the same characters. On the corpus the run
trained on, these are the figures its `train --json` finished line gave.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from lstm_tui.core import hybrid
from lstm_tui.core.checkpoint import Run
from lstm_tui.core.corpus import Corpus, build_corpus
from lstm_tui.core.devices import use_bf16
from lstm_tui.core.evaluation import evaluate, evaluate_log_probs
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.ngram import Baseline
from lstm_tui.core.ngram_cache import baseline_for
from lstm_tui.core.unknown import UNKNOWN
from lstm_tui.errors import CorpusError, UserError


@dataclass(frozen=True)
class RunScore:
    """A run's figures on one text (losses in nats/char; None where a split is too short).

    `test_loss` is the run's model as it was trained (the hybrid for a hybrid run,
    unless scored `pure`), `lstm_test_loss` the LSTM alone. `note` is why a hybrid run
    was scored as the LSTM alone, if it was."""

    val_chars: int
    val_loss: float
    test_chars: int
    test_loss: float | None
    lstm_test_loss: float | None
    hybrid_lambda: float | None
    baseline: Baseline | None
    dropped: int  # characters outside the vocabulary, removed
    mapped: int  # characters outside the vocabulary, scored as UNKNOWN
    bf16: bool
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON fields of `lstm-tui eval --json` (after model, corpus and weights)."""
        b = self.baseline

        def r(x: float | None) -> float | None:
            return round(x, 6) if x is not None and math.isfinite(x) else None

        return {
            "val_chars": self.val_chars,
            "val_loss": r(self.val_loss),
            "bits_per_char": r(self.val_loss / math.log(2)),
            "test_chars": self.test_chars,
            "test_loss": r(self.test_loss),
            "lstm_test_loss": r(self.lstm_test_loss),
            "hybrid_lambda": r(self.hybrid_lambda),
            "ngram_order": b.order if b is not None else None,
            "ngram_val_loss": r(b.val_loss) if b is not None else None,
            "ngram_test_loss": r(b.test_loss) if b is not None else None,
            "unknown_chars_dropped": self.dropped,
            "unknown_chars_mapped": self.mapped,
            "precision": "bf16" if self.bf16 else "fp32",
        }


def _baseline(text: str) -> Baseline | None:
    """The text's n-gram baseline, or None for a text too short to have one."""
    try:
        return baseline_for(text)
    except (UserError, ValueError):
        return None


def score_run(run: Run, text: str, name: str, pure: bool = False) -> RunScore:
    """The run's validation and test figures on `text`, beside the n-gram's."""
    corpus = build_corpus(text, name, vocab=run.vocab)
    if len(corpus.val) < 2:
        raise CorpusError(f"{name} leaves fewer than 2 validation characters the model knows")
    # The precision the run trained (and validated) under, so the same corpus gives the
    # run's own figure; on a CPU without fast bf16 "auto" means float32.
    device = next(run.model.parameters()).device
    bf16 = use_bf16(run.config.precision, device)
    val = evaluate(run.model, corpus.val, bf16=bf16)
    lstm_test, test_lp = math.nan, None
    if len(corpus.test) >= 2:
        lstm_test, test_lp = evaluate_log_probs(run.model, corpus.test, bf16=bf16)
    test, lam, note = lstm_test, None, None
    if run.hybrid is not None and not pure and test_lp is not None:
        ngram, why = hybrid.run_ngram(run.hybrid, run.corpus, text)
        if ngram is None:
            note = f"scoring the LSTM alone: this hybrid run's n-gram is unavailable ({why})"
        else:
            val_end = len(corpus.train) + len(corpus.val)
            lam = run.hybrid.lam
            test = hybrid.mixed_loss(test_lp, hybrid.ngram_targets(ngram, corpus.text, val_end, len(corpus.text)), lam)
    mapped = corpus.text.count(UNKNOWN) - text.count(UNKNOWN) if UNKNOWN in run.vocab else 0
    return RunScore(
        val_chars=len(corpus.val),
        val_loss=val,
        test_chars=len(corpus.test),
        test_loss=test if math.isfinite(test) else None,
        lstm_test_loss=lstm_test if math.isfinite(lstm_test) else None,
        hybrid_lambda=lam,
        baseline=_baseline(corpus.text),
        dropped=len(text) - len(corpus.text),
        mapped=mapped,
        bf16=bf16,
        note=note,
    )


@dataclass(frozen=True)
class EndOfRun:
    """What a finished training run is scored as: the Finished event's test `figures`,
    the n-gram fitted (or read) for it, and the mixture run.json records (hybrid runs)."""

    figures: dict[str, Any]
    baseline: Baseline | None
    hybrid: hybrid.HybridEntry | None


def end_of_run(
    model: CharLSTM,
    corpus: Corpus,
    *,
    mix: bool,
    bf16: bool,
    best_step: int | None = None,
    best_val_lp: np.ndarray | None = None,
) -> EndOfRun:
    """Score the weights a run keeps (`model`: its best, else its last) on the test
    split beside the n-gram. With `mix` (a hybrid run), λ is fitted on validation, from
    `best_val_lp` when the run kept the best weights' validation log-probabilities, and
    `test_loss` is the mixture's; otherwise it is the LSTM's."""
    figures: dict[str, Any] = {}
    bounds = (len(corpus.train), len(corpus.train) + len(corpus.val))
    ngram = hybrid.ngram_figures(corpus.text, bounds, aligned=mix)
    baseline = ngram.baseline
    if baseline is not None:
        figures.update(ngram_order=baseline.order, ngram_val_loss=baseline.val_loss, ngram_test_loss=baseline.test_loss)
    if len(corpus.test) < 2:
        return EndOfRun(figures, baseline, None)
    mixable = mix and baseline is not None and ngram.val_lp is not None and len(corpus.val) > 1
    if not mixable:
        figures["test_loss"] = figures["lstm_test_loss"] = evaluate(model, corpus.test, bf16=bf16)
        return EndOfRun(figures, baseline, None)
    assert baseline is not None and ngram.val_lp is not None and ngram.test_lp is not None
    val_lp = best_val_lp if best_val_lp is not None else evaluate_log_probs(model, corpus.val, bf16=bf16)[1]
    lam = hybrid.fit_lambda(val_lp, ngram.val_lp)
    lstm_test, test_lp = evaluate_log_probs(model, corpus.test, bf16=bf16)
    mixed = hybrid.mixed_loss(test_lp, ngram.test_lp, lam)
    figures.update(lstm_test_loss=lstm_test, test_loss=mixed, hybrid_lambda=lam)
    return EndOfRun(figures, baseline, hybrid.HybridEntry(lam, baseline.order, baseline.sha256, best_step))
