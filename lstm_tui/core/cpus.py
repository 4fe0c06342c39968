"""How many CPU cores there are, and how many training may use; never imports torch.

Torch-free on purpose: the app decides its thread counts before torch is loaded, and
the benchmarks record the core count without paying for a torch import.
"""

from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on: the affinity mask where there is one (a container or
    `taskset` may allow fewer than the machine has), else every core."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def training_threads() -> int:
    """Torch CPU threads for training when none are asked for: all cores but one.

    The last core is left to the rest of the machine (the app's event loop, other
    processes). Measured on a 2-core machine: 1 thread trains at a steady ~100k chars/s,
    while 2 threads reach ~135k only when nothing else runs and collapse to 1–20k as soon
    as another process wants a core (OpenMP threads wait on each other).
    """
    return max(1, usable_cores() - 1)
