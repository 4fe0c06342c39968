"""What a model made of a text, character by character: numpy arrays, no torch.

`Readout` is the result of core/inspection.py. It lives in its own torch-free module so
the Inspect pane, the HTML export and the CLI's printing can hold and read it without
loading torch (tests/test_layering.py lists it as torch-free).

Indexing: position i is the i-th character of `text`, unknown characters included.
Every figure at i is about the distribution the model gave *for* character i, having
read the known characters before it: p, rank and surprisal of character i, the entropy
of that distribution and its top-k. The first known character has no such distribution
(nothing was read before it) and characters outside the vocabulary are skipped by the
model; both have NaN figures and rank 0, and neither counts in the mean.
Activations at i are the LSTM state *after* reading character i.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Readout:
    """Per-character probabilities, ranks, entropies, top-k and (optionally) LSTM states."""

    text: str
    vocab: str  # the model's vocabulary; id i is vocab[i]
    known: np.ndarray  # (n,) bool: the character is in the vocabulary
    p: np.ndarray  # (n,) float64, NaN where there is no prediction
    rank: np.ndarray  # (n,) int32, 1 = the model's first choice; 0 where no prediction
    surprisal: np.ndarray  # (n,) float64, −ln p in nats
    entropy: np.ndarray  # (n,) float64, nats
    top_ids: np.ndarray  # (n, k) int32 ids of the k most likely characters, best first
    top_p: np.ndarray  # (n, k) float32, their probabilities
    layers: int = 1
    hidden: int = 0
    # (n, layers * hidden) float32: unit u of layer l is column l * hidden + u; NaN rows
    # for unknown characters (the model never read them). None unless asked for.
    h: np.ndarray | None = None
    c: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "cut at 4,000 characters"

    def __len__(self) -> int:
        return len(self.text)

    @property
    def scored(self) -> np.ndarray:
        """(n,) bool: positions with a prediction (they make the mean)."""
        return self.rank > 0

    @property
    def scored_count(self) -> int:
        """How many characters have a surprisal."""
        return int(self.scored.sum())

    @property
    def unknown_count(self) -> int:
        """How many characters the model's vocabulary lacks."""
        return int((~self.known).sum())

    @property
    def mean_surprisal(self) -> float:
        """Mean −ln p over the scored characters (NaN when none): nats/char."""
        s = self.scored
        return float(self.surprisal[s].mean()) if s.any() else math.nan

    def top(self, i: int) -> list[tuple[str, float]]:
        """The top-k (character, probability) pairs at position i, best first."""
        if self.rank[i] <= 0:
            return []
        return [(self.vocab[int(j)], float(q)) for j, q in zip(self.top_ids[i], self.top_p[i])]

    def record(self, i: int) -> dict[str, Any]:
        """Position i as the CLI's JSON shows it (None where there is no prediction)."""
        if self.rank[i] <= 0:
            out: dict[str, Any] = {
                "char": self.text[i],
                "p": None,
                "rank": None,
                "surprisal": None,
                "entropy": None,
                "top": [],
            }
            if not self.known[i]:
                out["unknown"] = True
            return out
        return {
            "char": self.text[i],
            "p": float(self.p[i]),
            "rank": int(self.rank[i]),
            "surprisal": float(self.surprisal[i]),
            "entropy": float(self.entropy[i]),
            "top": [[ch, q] for ch, q in self.top(i)],
        }

    def summary(self) -> dict[str, Any]:
        """The CLI's summary object: chars, mean_surprisal and the counts behind them."""
        mean = self.mean_surprisal
        return {
            "chars": len(self.text),
            "mean_surprisal": mean if math.isfinite(mean) else None,
            "scored_chars": self.scored_count,
            "unknown_chars": self.unknown_count,
        }

    def units(self, state: str) -> np.ndarray:
        """The (n, layers * hidden) activations of "h" or "c" (ValueError if not read)."""
        arr = self.h if state == "h" else self.c if state == "c" else None
        if arr is None:
            raise ValueError(f"no {state!r} activations in this readout")
        return arr
