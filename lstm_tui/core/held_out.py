"""The text of a corpus split as a run sees it, and whether the run trained on that corpus.

Torch-free (the Inspect pane reads the default text before torch loads): the text is
filtered to the run's vocabulary and cut at core/splits.split_bounds, exactly as
core/corpus.build_corpus cuts what `eval` scores, so the same characters are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lstm_tui.core.encoding import sha256_text
from lstm_tui.core.splits import split_bounds
from lstm_tui.errors import CorpusError

SPLITS = ("train", "val", "test")


def check_trained_on(run_corpus: dict[str, Any], text: str, path: Path | str) -> None:
    """CorpusError unless `text` is the corpus the run recorded (by sha256).

    A held-out split only means something for the corpus the model trained on; another
    text can still be inspected whole (--text-file). Runs that recorded no sha256 pass.
    """
    expected = run_corpus.get("sha256")
    if isinstance(expected, str) and expected and sha256_text(text) != expected:
        trained = run_corpus.get("name") or "another corpus"
        raise CorpusError(
            f"{path} is not the corpus this run was trained on ({trained}); its held-out split "
            "means nothing to the model: use --text-file to inspect any text"
        )


def split_text(text: str, vocab: str, split: str) -> str:
    """The characters of `split` ("train", "val" or "test"), after dropping characters
    outside the vocabulary as build_corpus does."""
    if split not in SPLITS:
        raise CorpusError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    known = set(vocab)
    kept = "".join(c for c in text if c in known)
    train_end, val_end = split_bounds(len(kept))
    return {"train": kept[:train_end], "val": kept[train_end:val_end], "test": kept[val_end:]}[split]
