"""Saved runs as the panes see them, from their small files only (no weights, no torch):
the list a model picker offers, a run's settings for resuming, its loss curve and the
marks and reference line drawn with it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core import schedule
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.run_names import bundled_label
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


def run_label(path: Path) -> str:
    """A saved run as the model pickers list it: a bundled one marked (pretrained) or (demo)."""
    return bundled_label(path.name) if path.parent == paths.bundled_models_dir() else path.name


def model_prompt(options: list[tuple[str, str]]) -> str:
    """The model pickers' blank entry: it read "no saved runs yet" above a list of runs."""
    return "choose a model" if options else "no saved runs yet"


@dataclass(frozen=True)
class SavedRun:
    """What the pane shows of a saved run before resuming it (run.json only, no weights)."""

    config: TrainConfig
    corpus: dict[str, Any]  # run.json's corpus entry: name, path, sha256
    step: int
    progress: RunProgress | None = None
    parent: dict[str, Any] | None = None  # run.json's "from": name and path; None from scratch

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
    parent = meta.get("from")
    if not (isinstance(parent, dict) and isinstance(parent.get("name"), str)):
        parent = None  # absent (from scratch) or not a shape load_run accepts
    return SavedRun(TrainConfig.from_dict(meta["config"]), corpus, progress.step, progress, parent)


def loss_history(path: Path) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """A run's (step, train loss) and (step, validation loss) points from metrics.jsonl."""
    return _losses(read_metrics(path))


def _losses(lines: list[dict[str, Any]]) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    train: list[tuple[int, float]] = []
    val: list[tuple[int, float]] = []
    for line in lines:
        step = line.get("step")
        if not isinstance(step, int):
            continue
        if line.get("event") == "progress" and isinstance(line.get("train_loss"), (int, float)):
            train.append((step, float(line["train_loss"])))
        elif line.get("event") in ("evaluated", "finished") and isinstance(line.get("val_loss"), (int, float)):
            if math.isfinite(line["val_loss"]):
                val.append((step, float(line["val_loss"])))
    return train, val


WARM_RESTART = "warm_restart"  # a "schedule" event's kind for a resume with a new budget


@dataclass(frozen=True)
class RunHistory:
    """What the Train pane draws of a saved run, read from metrics.jsonl in one pass."""

    train: list[tuple[int, float]]  # (step, train loss)
    val: list[tuple[int, float]]  # (step, validation loss)
    lr_changes: list[tuple[int, float]]  # (step, learning rate) set by hand
    restarts: list[int]  # steps where a resume with a new budget began a warm restart
    baseline: tuple[str, float] | None  # its corpus's n-gram: ("7-gram", validation loss)


def run_history(path: Path) -> RunHistory:
    """A run's loss curve, its marks (learning rates set by hand: "lr" events; warm
    restarts: "schedule" events) and its own corpus's n-gram level (the "baseline" event,
    else the n-gram figures of its last "finished" event; None when neither)."""
    lines = read_metrics(path)
    train, val = _losses(lines)
    lr_changes: list[tuple[int, float]] = []
    restarts: list[int] = []
    baseline: tuple[str, float] | None = None
    finished: tuple[str, float] | None = None
    for line in lines:
        step, event = line.get("step"), line.get("event")
        if event == "lr" and isinstance(step, int) and _finite(line.get("lr")):
            lr_changes.append((step, float(line["lr"])))
        elif event == "schedule" and line.get("kind") == WARM_RESTART and isinstance(step, int):
            restarts.append(step)
        elif event == "baseline" and isinstance(line.get("label"), str) and _finite(line.get("val_loss")):
            baseline = (line["label"], float(line["val_loss"]))
        elif event == "finished" and isinstance(line.get("ngram_order"), int) and _finite(line.get("ngram_val_loss")):
            finished = (f"{line['ngram_order']}-gram", float(line["ngram_val_loss"]))
    return RunHistory(train, val, lr_changes, restarts, baseline or finished)


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
