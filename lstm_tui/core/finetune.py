"""Starting a run from another one: the pretrained base or any saved run.

A child run's vocabulary is its parent's plus the characters of its corpus the parent
never saw, in code-point order (a Vocab's order). Every weight that does not depend on
the vocabulary is copied; the vocabulary-sized rows (embedding, output layer, one-hot
input columns) are copied character by character, and a new character's row starts
as the parent's UNKNOWN row (core/unknown.py), the parent's own estimate of "a
character I have not seen", or, for a parent without one, the mean row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.unknown import UNKNOWN, unknown_chars


@dataclass(frozen=True)
class StartFrom:
    """What a run starts from: the parent's name (for run.json and the app), its folder
    and config, the child's initial model and vocabulary, and the characters added to it."""

    name: str
    path: str
    config: TrainConfig
    model: CharLSTM
    vocab: Vocab
    added: list[str]

    def record(self) -> dict[str, Any]:
        """run.json's "from" entry."""
        return {"name": self.name, "path": self.path, "added": len(self.added)}


def child_vocab(parent: Vocab, text: str) -> tuple[Vocab, list[str]]:
    """(the parent's vocabulary plus the characters of `text` it lacks, those characters
    most frequent first)."""
    added = unknown_chars(text, parent.chars)
    if not added:
        return parent, []
    return Vocab("".join(sorted(set(parent.chars) | set(added)))), added


def _vocab_rows(parent_vocab: Vocab, vocab: Vocab) -> torch.Tensor:
    """For each character of `vocab`, the index of the parent row it starts from."""
    fallback = parent_vocab.stoi.get(UNKNOWN, -1)
    return torch.tensor([parent_vocab.stoi.get(ch, fallback) for ch in vocab.chars], dtype=torch.int64)


def _take_rows(weight: torch.Tensor, rows: torch.Tensor, dim: int) -> torch.Tensor:
    """weight indexed along `dim` by rows; index -1 takes the mean over that dimension."""
    mean = weight.mean(dim=dim, keepdim=True)
    padded = torch.cat([weight, mean], dim=dim)
    index = torch.where(rows < 0, torch.full_like(rows, weight.shape[dim]), rows)
    return padded.index_select(dim, index)


def transplant(parent: CharLSTM, parent_vocab: Vocab, child: CharLSTM, vocab: Vocab) -> CharLSTM:
    """Fill `child` (built for `vocab`) from `parent` (built for `parent_vocab`) as the
    module docstring says; returns the child."""
    rows = _vocab_rows(parent_vocab, vocab)
    v_old = len(parent_vocab)
    state = {}
    for name, weight in parent.state_dict().items():
        target = child.state_dict()[name]
        if weight.shape == target.shape and v_old not in weight.shape:
            state[name] = weight
            continue
        dims = [d for d, n in enumerate(weight.shape) if n == v_old and target.shape[d] == len(vocab)]
        if len(dims) != 1:  # vocab-sized in no or several dimensions: the shapes must agree
            state[name] = weight
            continue
        state[name] = _take_rows(weight, rows, dims[0])
    child.load_state_dict(state)
    return child
