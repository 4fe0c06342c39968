"""The text `freq` and `kwic` read: a corpus, any text file, or text sampled from a run.

No torch import at module level: a run is loaded only when one is sampled.
"""

from __future__ import annotations

import sys

from lstm_tui.core.sampling_options import SamplingOptions
from lstm_tui.errors import UserError


def _clean_if_aozora(text: str) -> str:
    """Raw Aozora Bunko files carry ruby 《》 and notes ［＃］ that would pollute counts."""
    try:
        from lstm_tui.core.aozora import clean_aozora, is_aozora
    except ImportError:
        return text
    return clean_aozora(text) if is_aozora(text) else text


def read_source(corpus: str | None, text_file: str | None) -> str:
    """A corpus (by name or path) or any text file, Aozora markup removed."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.paths import resolve_corpus

    path = resolve_corpus(corpus) if corpus is not None else text_file
    return _clean_if_aozora(read_text(path))


def sample_run_text(folder: str, options: SamplingOptions) -> str:
    """`options.length` characters sampled from a run (torch is imported only here)."""
    if options.length < 1:
        raise UserError(f"--chars must be at least 1, not {options.length}")
    import torch

    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.run_sampling import run_mixture
    from lstm_tui.core.sampling import stream

    run = load_run(folder)
    torch.set_num_threads(1)  # sampling one character at a time: 1 thread is fastest
    mixture = run_mixture(run, options.pure)  # the run's model as trained (unless --pure), as `sample` streams it
    if mixture.note is not None:
        print(f"lstm-tui: note: {mixture.note}", file=sys.stderr)
    return "".join(stream(run.model, run.vocab, "", options, ngram=mixture.ngram, lam=mixture.lam))
