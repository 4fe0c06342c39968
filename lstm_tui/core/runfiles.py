"""The files of a run folder, without torch: names, listing, metadata, logs.

The app lists and describes runs through this module so that it can paint before
torch is imported; loading weights is checkpoint.py's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lstm_tui.errors import CheckpointError

FORMAT_VERSION = 1
MODEL_FILE = "model.safetensors"
BEST_FILE = "best.safetensors"  # the best-validation weights; MODEL_FILE stays the last, for resume
RUN_FILE = "run.json"
OPTIMIZER_FILE = "optimizer.safetensors"
METRICS_FILE = "metrics.jsonl"
SAMPLES_FILE = "samples.txt"
PICKLE_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".bin", ".ckpt")
_REQUIRED = ("format_version", "config", "vocab", "corpus", "progress")


@dataclass
class RunProgress:
    """Where training stands: enough to continue exactly."""

    step: int = 0
    epoch: int = 0
    batch: int = 0  # next batch index within the epoch
    elapsed_s: float = 0.0
    budget_steps: int | None = None  # the schedule's horizon, in total steps
    budget_s: float | None = None  # or in total seconds of training
    last_train_loss: float | None = None  # smoothed over recent batches
    last_batch_loss: float | None = None  # the loss of the last batch itself
    last_val_loss: float | None = None
    best_val_loss: float | None = None
    best_step: int | None = None  # the step whose weights BEST_FILE holds
    evals_since_best: int = 0  # scheduled evaluations without improvement (early stopping)
    # Warm restarts that extended the budget (core/schedule.py's Segment, as dicts);
    # empty for a run that kept its first budget, and in run.json files older than them.
    segments: list[dict[str, Any]] = field(default_factory=list)


def read_run_meta(path: Path) -> dict[str, Any]:
    """run.json of a run folder, checked for shape and format version (no weights read)."""
    if not path.exists():
        raise CheckpointError(f"no such run folder: {path}")
    if not path.is_dir():
        raise CheckpointError(f"{path} is not a run folder (expected a folder holding run.json)")
    run_json = path / RUN_FILE
    if not run_json.exists():
        pickles = [p.name for p in path.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES]
        if pickles:
            raise CheckpointError(
                f"{path} holds {pickles[0]}, a pickle-format file that could run code; "
                "lstm-tui only loads model.safetensors with run.json, and never unpickles"
            )
        raise CheckpointError(f"{path} has no run.json; it is not an lstm-tui run folder")
    try:
        meta = json.loads(run_json.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{run_json} is not valid JSON ({exc}); the run cannot be loaded") from None
    if not isinstance(meta, dict):
        raise CheckpointError(f"{run_json} must hold a JSON object")
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise CheckpointError(f"{run_json} lacks {', '.join(missing)}; the run cannot be loaded")
    version = meta["format_version"]
    if not isinstance(version, int) or version < 1:
        raise CheckpointError(f"{run_json} has an invalid format_version {version!r}")
    if version > FORMAT_VERSION:
        raise CheckpointError(
            f"{path} was written in run format {version}, newer than this lstm-tui understands "
            f"({FORMAT_VERSION}); upgrade lstm-tui to load it"
        )
    return meta


def read_metrics(path: Path) -> list[dict[str, Any]]:
    """metrics.jsonl as a list; unreadable lines are skipped (it is only a log)."""
    out: list[dict[str, Any]] = []
    f = Path(path) / METRICS_FILE
    if f.exists():
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


def read_samples(path: Path) -> list[str]:
    """samples.txt as a list of samples."""
    f = Path(path) / SAMPLES_FILE
    if not f.exists():
        return []
    return [s for s in f.read_text(encoding="utf-8", errors="replace").split("\n\n") if s.strip()]


def list_runs(folder: Path) -> list[Path]:
    """Run folders (those holding run.json) directly under `folder`, newest first."""
    if not folder.is_dir():
        return []
    runs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / RUN_FILE).exists()]
    return sorted(runs, key=lambda p: (p / RUN_FILE).stat().st_mtime, reverse=True)


def resume_corpus_spec(corpus: dict[str, Any]) -> str | None:
    """The corpus to resume a run on, from run.json's corpus entry: its file if it is
    still there, else its name (for `paths.resolve_corpus`); None when it names neither."""
    path = corpus.get("path")
    if isinstance(path, str) and Path(path).is_file():
        return path
    name = corpus.get("name")
    return name if isinstance(name, str) and name else None
