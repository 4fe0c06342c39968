"""Choosing where torch runs: auto picks cuda, then mps, then cpu."""

from __future__ import annotations

import torch

from lstm_tui.core.memory_limits import cpu_available
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


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' → the best available device; an unavailable one is a clear DeviceError."""
    if name not in DEVICE_CHOICES:
        raise DeviceError(f"unknown device {name!r}; choose one of {', '.join(DEVICE_CHOICES)}")
    have = available_devices()
    if name == "auto":
        return torch.device(have[0])
    if name not in have:
        raise DeviceError(
            f"device {name!r} is not available on this machine (it has: {', '.join(have)}); use --device auto or cpu"
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


def available_memory(device: torch.device) -> int | None:
    """Bytes a new allocation can still get on device, or None when unknown.

    The CPU's is the smallest of MemAvailable, the container's cgroup limits and this
    process's rlimits (core/memory_limits.py); a CUDA device's is the driver's free memory.
    """
    if device.type == "cuda":
        try:
            return int(torch.cuda.mem_get_info(device)[0])
        except (RuntimeError, AssertionError):
            return None
    if device.type != "cpu":
        return None
    found = cpu_available()
    return found[0] if found is not None else None
