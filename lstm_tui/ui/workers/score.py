"""Scoring a run on a corpus in a worker thread: the base model's zero-shot figures.

It only posts `ZeroShotScored`; a corpus or model that cannot be read costs only the
line on the chart, so errors are dropped here (Start reports its own).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from lstm_tui.ui.messages import ZeroShotScored
from lstm_tui.ui.threads import freeze_long_lived

# name and corpus sha256 → figures: scoring the base on a corpus takes seconds
_CACHE: dict[tuple[str, str], ZeroShotScored] = {}


def zero_shot(corpus: str, path: Path, model: str, folder: Path, post: Callable[[Message], object]) -> None:
    """Score the run `model` (in `folder`) on the corpus file and post the figures."""
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.encoding import read_text, sha256_text
    from lstm_tui.core.scoring import score_run
    from lstm_tui.errors import UserError

    try:
        text = read_text(path)
        key = (str(folder), sha256_text(text))
        if key not in _CACHE:
            score = score_run(load_run(folder), text, corpus, pure=True)
            ngram = score.baseline.test_loss if score.baseline is not None else None
            _CACHE[key] = ZeroShotScored(corpus, model, score.val_loss, score.lstm_test_loss, ngram)
            freeze_long_lived()  # torch, imported for this: out of the collector's full passes
        cached = _CACHE[key]
        post(ZeroShotScored(corpus, model, cached.val_loss, cached.test_loss, cached.ngram_test_loss))
    except (UserError, OSError, ValueError, MemoryError, RuntimeError):
        pass
