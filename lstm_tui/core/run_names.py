"""The one naming rule for new run folders (torch-free: the Train pane uses it too)."""

from __future__ import annotations

import time
from pathlib import Path


def new_run_folder(models_dir: Path, corpus_name: str) -> Path:
    """A fresh run folder name under models_dir: <corpus>-<date>-<time>[-n]."""
    stem = f"{corpus_name}-{time.strftime('%Y%m%d-%H%M%S')}"
    out, n = models_dir / stem, 2
    while out.exists():  # two starts in one second must not share a folder
        out, n = models_dir / f"{stem}-{n}", n + 1
    return out
