"""How many torch threads the app uses, decided once at startup and after training.

torch.set_num_threads is process-wide. Two figures were measured on the 2-core
development machine (see benchmarks/results/sampling.json and the UI-latency notes):

- sampling streams one character at a time, a chain of tiny matrix-vector products
  bound by latency: with 1 thread it ran ~850 chars/s, with torch's default 2 threads
  ~35 chars/s (the second thread spins waiting for a busy core). So the app runs
  with APP_THREADS = 1.
- training works on whole batches and may use all cores but one: the last core is
  left to the event loop so keys and repaints stay prompt.
"""

from __future__ import annotations

import os
import sys

APP_THREADS = 1  # measured: sampling is ~25x faster with one thread than with two


def use_app_threads() -> None:
    """Set torch to the app's thread count (at startup, and again after a run ends).

    If torch is not imported yet it is not imported here (the first paint must not wait
    for it): OMP_NUM_THREADS tells torch the count when it is imported later.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        os.environ["OMP_NUM_THREADS"] = str(APP_THREADS)
    elif torch.get_num_threads() != APP_THREADS:
        torch.set_num_threads(APP_THREADS)
