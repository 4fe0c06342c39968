"""Saved runs as the panes see them, from their small files only (no weights, no torch):
the list a model picker offers, a run's settings for resuming, its loss curve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core import schedule
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.runfiles import RUN_FILE, RunProgress, list_runs, progress_from_json, read_metrics, read_run_meta


def _run_mtime(path: Path) -> float:
    try:
        return (path / RUN_FILE).stat().st_mtime
    except OSError:
        return 0.0


def saved_runs() -> list[Path]:
    """Run folders of the user and the bundled demo runs, newest first."""
    runs: list[Path] = []
    # looked up through the module each time, so tests can point them elsewhere
    for folder in (paths.user_models_dir(), paths.bundled_models_dir()):
        try:
            runs += list_runs(folder)
        except OSError:
            continue  # an unreadable folder holds no runs we can use
    return sorted(dict.fromkeys(runs), key=_run_mtime, reverse=True)


@dataclass(frozen=True)
class SavedRun:
    """What the pane shows of a saved run before resuming it (run.json only, no weights)."""

    config: TrainConfig
    corpus: dict[str, Any]  # run.json's corpus entry: name, path, sha256
    step: int
    progress: RunProgress | None = None

    @property
    def finishable(self) -> bool:
        """True when the run stopped before the budget it was given (Stop, a kill): it
        can be resumed to finish that budget on the same learning-rate curve."""
        p, c = self.progress, self.config
        if p is None or not schedule.has_budget(p) or schedule.budget_done(p):
            return False
        return not (c.early_stop and p.evals_since_best >= c.early_stop)


def read_saved_run(path: Path) -> SavedRun:
    """A saved run's config, corpus entry, step and progress; a UserError says what is wrong."""
    meta = read_run_meta(path)  # CheckpointError for a missing, damaged or future run
    corpus = meta["corpus"] if isinstance(meta["corpus"], dict) else {}
    progress = progress_from_json(meta["progress"])
    return SavedRun(TrainConfig.from_dict(meta["config"]), corpus, progress.step, progress)


def loss_history(path: Path) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """A run's (step, train loss) and (step, validation loss) points from metrics.jsonl."""
    train: list[tuple[int, float]] = []
    val: list[tuple[int, float]] = []
    for line in read_metrics(path):
        step = line.get("step")
        if not isinstance(step, int):
            continue
        if line.get("event") == "progress" and isinstance(line.get("train_loss"), (int, float)):
            train.append((step, float(line["train_loss"])))
        elif line.get("event") in ("evaluated", "finished") and isinstance(line.get("val_loss"), (int, float)):
            if math.isfinite(line["val_loss"]):
                val.append((step, float(line["val_loss"])))
    return train, val


def lr_changes(path: Path) -> list[tuple[int, float]]:
    """(step, learning rate) of each change made by hand during a run ("lr" events)."""
    out: list[tuple[int, float]] = []
    for line in read_metrics(path):
        step, lr = line.get("step"), line.get("lr")
        if line.get("event") == "lr" and isinstance(step, int) and isinstance(lr, (int, float)):
            out.append((step, float(lr)))
    return out
