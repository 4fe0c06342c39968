"""The naming rules for runs: new run folders, and how bundled runs are listed (torch-free:
the panes use them too)."""

from __future__ import annotations

import time
from pathlib import Path

BASE_RUNS = {"ja": "base-ja"}  # language → the bundled pretrained base a text in it starts from


def bundled_label(name: str) -> str:
    """How a run bundled with the package is listed: a pretrained base, or a demo run."""
    return f"{name} (pretrained)" if name in BASE_RUNS.values() else f"{name} (demo)"


def new_run_folder(models_dir: Path, corpus_name: str) -> Path:
    """A fresh run folder name under models_dir: <corpus>-<date>-<time>[-n]."""
    stem = f"{corpus_name}-{time.strftime('%Y%m%d-%H%M%S')}"
    out, n = models_dir / stem, 2
    while out.exists():  # two starts in one second must not share a folder
        out, n = models_dir / f"{stem}-{n}", n + 1
    return out
