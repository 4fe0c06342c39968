"""The app's torch thread policy: one thread for the app (all cores but one for
training is core.cpus, tested in tests/core/test_cpus.py)."""

from __future__ import annotations

import torch

from lstm_tui.ui import threads


def test_app_threads_are_set_back_after_training_changed_them() -> None:
    torch.set_num_threads(2)
    threads.use_app_threads()
    assert torch.get_num_threads() == threads.APP_THREADS == 1
