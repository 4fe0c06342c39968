"""Device choice: auto always works; a missing GPU is a clear error."""

from __future__ import annotations

import pytest
import torch

from lstm_tui.core.devices import available_devices, resolve_device
from lstm_tui.errors import DeviceError


def test_auto_picks_the_first_available() -> None:
    assert resolve_device("auto").type == available_devices()[0]
    assert available_devices()[-1] == "cpu"


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_a_gpu_is_a_clear_error() -> None:
    with pytest.raises(DeviceError, match="not available on this machine"):
        resolve_device("cuda")


def test_unknown_device() -> None:
    with pytest.raises(DeviceError, match="unknown device"):
        resolve_device("tpu")
