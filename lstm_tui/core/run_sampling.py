"""Sample a run: what streams from a saved run, decided in one place.

A hybrid run streams the mixture it was trained as, λ·LSTM + (1 − λ)·n-gram, unless
the LSTM alone is asked for (`sample --pure`, the Sample pane's "LSTM alone"). Its
n-gram is rebuilt from the run's corpus; when that corpus is gone or changed the LSTM
streams alone and the note says why. `lstm-tui sample`, the Sample pane, `freq --model`
and `kwic --model` all take their mixture from here, so they stream the same model.
"""

from __future__ import annotations

from dataclasses import dataclass

from lstm_tui.core.checkpoint import Run
from lstm_tui.core.hybrid import HybridEntry, run_ngram
from lstm_tui.core.ngram import Baseline


@dataclass(frozen=True)
class Mixture:
    """The n-gram to mix in (None: the LSTM alone), the LSTM's weight, and a note when
    a hybrid run had to stream the LSTM alone."""

    ngram: Baseline | None
    lam: float
    note: str | None = None

    @property
    def label(self) -> str:
        """What streams, for a status line: "hybrid (λ 0.42)" or "LSTM alone"."""
        return f"hybrid (λ {self.lam:.2f})" if self.ngram is not None else "LSTM alone"


def mixture_for(hybrid: HybridEntry | None, corpus: dict, pure: bool = False) -> Mixture:
    """The mixture a run with this run.json "hybrid" entry and corpus streams."""
    if hybrid is None or pure:
        return Mixture(None, 1.0)
    ngram, why = run_ngram(hybrid, corpus)
    if ngram is None:
        return Mixture(None, 1.0, f"sampling the LSTM alone: this hybrid run's n-gram is unavailable ({why})")
    ngram.prepare()  # count its training text now, not inside the first character
    return Mixture(ngram, hybrid.lam)


def run_mixture(run: Run, pure: bool = False) -> Mixture:
    """The mixture a loaded run streams (see mixture_for)."""
    return mixture_for(run.hybrid, run.corpus, pure)
