"""The hybrid model's arithmetic: a per-character mixture of the LSTM and the n-gram.

    p(c | history) = λ · p_lstm(c | history) + (1 − λ) · p_ngram(c | history)

λ is one number for the whole text, fitted on the validation split (`fit_lambda`) and
then used unchanged on test, so the hybrid's test figure is as honest as the LSTM's.
Both models see the full left context of every character.

Why a mixture and not a product or a residual: the two models fail in different places
(counting is sharp on names and stock phrases it has seen, the LSTM generalises across
spellings and contexts), and a linear mixture is a proper distribution whatever λ is,
with a log-likelihood that is concave in λ: the 1-D search below finds the global
optimum, and the optimum is never worse than either model alone (λ = 1 and λ = 0 are
candidates). No torch here: numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from lstm_tui.core.ngram import Baseline

# Bisection on the derivative of a concave function: 60 halvings of [0, 1] reach the
# float64 resolution of λ, and each costs one pass over the log-probs.
_BISECTIONS = 60


def _as_pair(lstm_lp: np.ndarray, ngram_lp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(lstm_lp, dtype=np.float64).reshape(-1)
    b = np.asarray(ngram_lp, dtype=np.float64).reshape(-1)
    if a.shape != b.shape:
        raise ValueError(f"the two models scored different texts: {a.size} and {b.size} log-probs")
    if a.size == 0:
        raise ValueError("no log-probs to fit on")
    if np.isnan(a).any() or np.isnan(b).any() or (a > 1e-9).any() or (b > 1e-9).any():
        raise ValueError("log-probs must be ≤ 0 and not NaN")
    return a, b


def mix(lstm_lp: np.ndarray, ngram_lp: np.ndarray, lam: float) -> np.ndarray:
    """Per-character natural-log probability of the mixture with weight `lam` on the LSTM.

    Computed in log space (logaddexp), so characters that one model gives e^-700 stay
    finite as long as the other does not.
    """
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"the mixing weight must be in [0, 1], not {lam}")
    a, b = _as_pair(lstm_lp, ngram_lp)
    if lam == 1.0:
        return a
    if lam == 0.0:
        return b
    return np.logaddexp(math.log(lam) + a, math.log1p(-lam) + b)


def mixed_loss(lstm_lp: np.ndarray, ngram_lp: np.ndarray, lam: float) -> float:
    """Mean nats per character of the mixture."""
    return float(-mix(lstm_lp, ngram_lp, lam).mean())


def _slope(a: np.ndarray, b: np.ndarray, lam: float) -> float:
    """d/dλ of the mean log-likelihood: mean((p_a − p_b) / p_mix), falling in λ."""
    m = mix(a, b, lam)
    return float(np.mean(np.exp(a - m) - np.exp(b - m)))


def fit_lambda(lstm_lp: np.ndarray, ngram_lp: np.ndarray) -> float:
    """The λ in [0, 1] that maximises the mean log-likelihood of the mixture on these
    log-probs (per character, natural log, the same characters in the same order).

    The objective is concave in λ, so its slope falls from λ = 0 to λ = 1: if it is
    already ≤ 0 at 0, counting alone is best (0.0); if still ≥ 0 at 1, the LSTM alone
    (1.0); otherwise bisection finds where it crosses zero.
    """
    a, b = _as_pair(lstm_lp, ngram_lp)
    # The slope at an end is infinite where the other model gives a character
    # probability 0; evaluating just inside keeps it finite and the answer unchanged.
    lo, hi = 0.0, 1.0
    eps = 1e-12
    if _slope(a, b, eps) <= 0:
        return 0.0
    if _slope(a, b, 1.0 - eps) >= 0:
        return 1.0
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        if _slope(a, b, mid) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def mix_probs(p_lstm: np.ndarray, p_ngram: np.ndarray, lam: float) -> np.ndarray:
    """The mixture of two next-character distributions over the same characters (for
    sampling); each is normalised first, so the result sums to 1."""
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"the mixing weight must be in [0, 1], not {lam}")
    pa = np.asarray(p_lstm, dtype=np.float64)
    pb = np.asarray(p_ngram, dtype=np.float64)
    return lam * (pa / pa.sum()) + (1.0 - lam) * (pb / pb.sum())


def ngram_targets(baseline: Baseline, text: str, start: int, end: int) -> np.ndarray:
    """The n-gram's log-probs aligned with an LSTM evaluation of text[start:end]
    (core/evaluation.py predicts characters start+1 … end-1, each from those before it):
    the same characters, each with all the text before it as context."""
    if end - start < 2:
        return np.zeros(0)
    return baseline.log_probs(text[start + 1 : end], context=text[: start + 1])


# ---- what a run folder records (run.json's "hybrid" entry) ----------------------------------
@dataclass(frozen=True)
class HybridEntry:
    """The mixture a run uses: enough for `sample` and `eval` to rebuild it.

    The n-gram is not stored: it is refitted (or read from the cache) from the corpus
    whose sha256 is recorded, and `ngram_order` says which order λ was fitted with.
    `best_step` names the weights λ was fitted for (the best-validation ones).
    """

    lam: float
    ngram_order: int
    corpus_sha256: str
    best_step: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "lambda": self.lam,
            "ngram_order": self.ngram_order,
            "corpus_sha256": self.corpus_sha256,
            "best_step": self.best_step,
        }

    @classmethod
    def from_json(cls, data: object) -> HybridEntry | None:
        """run.json's entry → HybridEntry; None for null or absent. ValueError names
        what is wrong with a malformed one."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValueError("hybrid must be an object or null")
        lam, order, sha, best = (data.get(k) for k in ("lambda", "ngram_order", "corpus_sha256", "best_step"))
        if isinstance(lam, bool) or not isinstance(lam, (int, float)) or not 0.0 <= lam <= 1.0:
            raise ValueError(f"hybrid.lambda must be a number in [0, 1], not {lam!r}")
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            raise ValueError(f"hybrid.ngram_order must be a whole number ≥ 1, not {order!r}")
        if not isinstance(sha, str) or len(sha) != 64:
            raise ValueError("hybrid.corpus_sha256 must be a sha256 in hex")
        if best is not None and (isinstance(best, bool) or not isinstance(best, int)):
            raise ValueError(f"hybrid.best_step must be a whole number or null, not {best!r}")
        return cls(float(lam), order, sha, best)


def run_ngram(entry: HybridEntry, corpus: dict[str, Any], text: str | None = None) -> tuple[Baseline | None, str]:
    """The n-gram of a run's mixture, rebuilt from its corpus (cached on disk after the
    first time), or None and a one-line reason when that corpus is gone or changed.

    `text` is a text at hand (say, the corpus `eval` was given): used when its sha256
    is the recorded one, else the run's corpus is looked up by path, then by name.
    """
    from lstm_tui.core.encoding import read_text, sha256_text
    from lstm_tui.core.ngram_cache import baseline_for
    from lstm_tui.core.runfiles import resume_corpus_spec
    from lstm_tui.errors import UserError
    from lstm_tui.paths import resolve_corpus

    if text is None or sha256_text(text) != entry.corpus_sha256:
        spec = resume_corpus_spec(corpus)
        label = corpus.get("path") or corpus.get("name") or "?"
        if spec is None:
            return None, "run.json names no corpus to rebuild its n-gram from"
        try:
            text = read_text(resolve_corpus(spec))
        except (UserError, OSError):
            return None, f"its corpus {label} is gone"
        if sha256_text(text) != entry.corpus_sha256:
            return None, f"its corpus {label} has changed since training"
    try:
        return baseline_for(text), ""
    except (UserError, ValueError) as exc:
        return None, f"its n-gram could not be rebuilt ({exc})"


# ---- the n-gram at the end of a training run ------------------------------------------------
@dataclass
class NGramFigures:
    """What the end of a training run needs from the corpus's n-gram: the baseline and,
    for a hybrid, its log-probs of the validation and test targets (`ngram_targets`'
    alignment). `baseline` is None and `error` says why when it could not be built (a
    text too short): a baseline that cannot be built only costs its figures, never the run."""

    baseline: Baseline | None
    val_lp: np.ndarray | None = None
    test_lp: np.ndarray | None = None
    error: str | None = None


def ngram_figures(text: str, bounds: tuple[int, int], aligned: bool) -> NGramFigures:
    """Fit (or read from the cache) the n-gram of `text`, the corpus as trained on, and
    with `aligned` score its validation and test targets; `bounds` is the LSTM's
    (train_end, val_end).

    Done after the training budget, not beside it: in a background thread from the
    first step, fitting Tiny Shakespeare (~2 s of CPU) cost a 6 s run two thirds of its
    steps on a loaded 2-core machine (84 against 240, three runs each), and even the
    cached model's counting (~0.8 s) cost ~100 of ~280, while at the end it adds the same
    seconds to the wall time and none to the budget.
    """
    from lstm_tui.core.ngram_cache import baseline_for

    try:
        baseline = baseline_for(text, bounds)
        if not aligned:
            return NGramFigures(baseline)
        train_end, val_end = bounds
        return NGramFigures(
            baseline,
            ngram_targets(baseline, text, train_end, val_end),
            ngram_targets(baseline, text, val_end, len(text)),
        )
    except Exception as exc:  # noqa: BLE001 - reported as missing figures, see NGramFigures
        return NGramFigures(None, error=str(exc) or type(exc).__name__)
