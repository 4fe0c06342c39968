"""Fitting a corpus's n-gram baseline into the disk cache in a worker thread, while
nothing trains (the Train pane starts it when a corpus is chosen).

The trainer then finds it cached and sends it before its first step, so the chart and
the strip compare with it from the start; fitting beside training instead costs the run
steps (measured, see core/training.py). It only posts `CorpusBaselineFitted`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from lstm_tui.errors import UserError
from lstm_tui.ui.messages import CorpusBaselineFitted


def warm_baseline(corpus: str, path: Path, post: Callable[[Message], object]) -> None:
    """Fit (or find cached) the n-gram of the corpus file and post its level.

    A file that cannot be read is the Start button's business, so errors are dropped.
    """
    # lazy: the fitting modules are only needed in this thread
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.ngram_cache import baseline_for

    try:
        baseline = baseline_for(read_text(path))
    except (UserError, OSError, ValueError, MemoryError):
        return
    post(CorpusBaselineFitted(corpus, baseline.label, baseline.val_loss))
