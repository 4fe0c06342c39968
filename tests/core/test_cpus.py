"""core.cpus: the one "all cores but one" rule, shared by the trainer, the app and the benchmarks.

(That it never imports torch is checked by tests/test_layering.py.)
"""

from __future__ import annotations

import os

import pytest

from lstm_tui.core import cpus


def test_training_leaves_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpus, "usable_cores", lambda: 8)
    assert cpus.training_threads() == 7
    monkeypatch.setattr(cpus, "usable_cores", lambda: 1)
    assert cpus.training_threads() == 1


def test_usable_cores_follows_the_affinity_mask() -> None:
    if not hasattr(os, "sched_getaffinity"):
        assert cpus.usable_cores() == (os.cpu_count() or 1)
    else:
        assert cpus.usable_cores() == len(os.sched_getaffinity(0)) >= 1
