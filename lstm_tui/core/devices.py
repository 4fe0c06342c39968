"""Choosing where torch runs: auto picks cuda, then mps, then cpu."""

from __future__ import annotations

import os

import torch

from lstm_tui.errors import DeviceError

DEVICE_CHOICES = ("auto", "cpu", "cuda", "mps")


def available_devices() -> list[str]:
    """The devices this machine has, best first; cpu is always last."""
    found = []
    if torch.cuda.is_available():
        found.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return found + ["cpu"]


def default_threads() -> int:
    """Torch CPU threads for training when none are asked for: all cores but one.

    Measured on a 2-core machine: 1 thread trains at a steady ~100k chars/s, while 2
    threads reach ~135k only when nothing else runs and collapse to 1–20k as soon as
    another process wants a core (OpenMP threads wait on each other).
    """
    return max(1, (os.cpu_count() or 1) - 1)


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' → the best available device; an unavailable one is a clear DeviceError."""
    if name not in DEVICE_CHOICES:
        raise DeviceError(f"unknown device {name!r}; choose one of {', '.join(DEVICE_CHOICES)}")
    have = available_devices()
    if name == "auto":
        return torch.device(have[0])
    if name not in have:
        raise DeviceError(
            f"device {name!r} is not available on this machine (it has: {', '.join(have)}); "
            "use --device auto or cpu"
        )
    return torch.device(name)


def bf16_is_fast(device: torch.device) -> bool:
    """True where bf16 matrix maths runs natively (AMX/AVX-512 BF16 CPUs, recent GPUs)."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        try:
            return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
        except (AttributeError, RuntimeError):
            return False
    return False


def use_bf16(precision: str, device: torch.device) -> bool:
    """Whether to train under bf16 autocast for a precision setting on a device."""
    if precision == "bf16":
        return device.type in ("cpu", "cuda")
    return precision == "auto" and bf16_is_fast(device)
