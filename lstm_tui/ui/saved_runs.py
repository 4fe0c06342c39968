"""The saved runs a model picker offers: the user's and the bundled demo, newest first."""

from __future__ import annotations

from pathlib import Path

from lstm_tui import paths
from lstm_tui.core.runfiles import RUN_FILE, list_runs


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
