"""kill -9 during training (also inside a checkpoint write): the run survives.

Three kills here; scripts/crash_safety.py does twenty and prints the figures.
"""

from __future__ import annotations

from pathlib import Path

from tests.reliability.crash import crash_rounds
from tests.reliability.helpers import write_corpus


def test_kill_9_three_times_then_resume(isolated_home: Path, tmp_path: Path) -> None:
    from lstm_tui.importing import import_corpus

    info = import_corpus(write_corpus(tmp_path), name="tiny")
    report = crash_rounds(isolated_home, info.path, kills=3, seed=7)
    modes = [r.mode for r in report.rounds]
    assert modes == ["random", "mid-write", "random"]
    # the mid-write round really killed the child inside a write
    assert report.rounds[1].in_write
    steps = [r.resumed_to for r in report.rounds]
    assert steps == sorted(steps) and steps[0] >= 3
