"""The app's torch thread policy: one thread for the app (all cores but one for
training is core.cpus, tested in tests/core/test_cpus.py)."""

from __future__ import annotations

import torch

from lstm_tui.ui import threads


def test_app_threads_are_set_back_after_training_changed_them() -> None:
    torch.set_num_threads(2)
    threads.use_app_threads()
    assert torch.get_num_threads() == threads.APP_THREADS == 1


def test_loading_a_model_for_sampling_freezes_the_long_lived_heap(tmp_path) -> None:  # noqa: ANN001
    import gc

    from lstm_tui.ui.workers.sample import ModelStore
    from tests.ui.helpers import save_tiny_run

    gc.unfreeze()
    try:
        ModelStore().get(save_tiny_run(tmp_path / "run"))
        # what was alive after the load is out of reach of full collections (threads.py)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
