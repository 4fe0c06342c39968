"""The app's torch thread policy: one thread for the app, all cores but one for training."""

from __future__ import annotations

import pytest
import torch

from lstm_tui.ui import threads


def test_training_leaves_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "cpu_count", lambda: 8)
    assert threads.training_threads() == 7
    monkeypatch.setattr(threads, "cpu_count", lambda: 1)
    assert threads.training_threads() == 1


def test_app_threads_are_set_back_after_training_changed_them() -> None:
    torch.set_num_threads(2)
    threads.use_app_threads()
    assert torch.get_num_threads() == threads.APP_THREADS == 1
