"""Weights a Trainer keeps beside the live model: the best on validation so far, and
the last finite ones (what a diverged run goes back to).

Both are CPU copies taken between steps, so keeping them never touches the torch RNG
or the optimizer's moments (core/training.py's exact-resume promise).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from lstm_tui.core import checkpoint as ckpt

Weights = dict[str, torch.Tensor]


def clone_weights(weights: Weights) -> Weights:
    """A detached copy of a state dict, on the device it was on."""
    return {k: v.detach().clone() for k, v in weights.items()}


@dataclass
class BestWeights:
    """The best-validation weights (on the CPU), the step they come from and, for a hybrid
    run, their log-prob of each validation character: what λ is fitted on at the end, kept
    so the end need not evaluate them again (None for a resumed run's saved best)."""

    step: int | None = None
    weights: Weights | None = None
    val_lp: np.ndarray | None = None
    unsaved: bool = False  # newer than the run folder's BEST_FILE

    def keep(self, step: int, model: torch.nn.Module, val_lp: np.ndarray | None) -> None:
        """Take the model's weights now as the best."""
        self.step, self.val_lp, self.unsaved = step, val_lp, True
        self.weights = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}

    def load_saved(self, run: ckpt.Run) -> None:
        """Keep a resumed run's saved best, so a resumed run that never beats it still
        reports and keeps it; marked unsaved, since --out may name another folder."""
        if run.progress.best_step is None or not (run.path / ckpt.BEST_FILE).exists():
            return
        best = ckpt.load_run(run.path, weights="best")
        if best.weights == "best":
            self.step, self.weights, self.unsaved = run.progress.best_step, clone_weights(best.model.state_dict()), True

    def to_save(self) -> Weights | None:
        """The weights a checkpoint must write, or None when the folder already has them."""
        return self.weights if self.unsaved else None


@dataclass
class LastGood:
    """The last weights and optimizer state known finite, taken every few steps."""

    step: int | None = None
    weights: Weights | None = None
    optimizer: dict[str, Any] | None = None

    def remember(self, step: int, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> None:
        """Copy the model and optimizer as they are now."""
        self.step, self.weights = step, clone_weights(model.state_dict())
        self.optimizer = copy.deepcopy(optimizer.state_dict())

    def restore(self, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> int | None:
        """Put them back; returns their step, or None when nothing was remembered."""
        if self.weights is None or self.optimizer is None:
            return None
        model.load_state_dict(self.weights)
        optimizer.load_state_dict(self.optimizer)
        return self.step
