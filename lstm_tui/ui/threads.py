"""How the app's threads share the process: torch's thread count, decided at startup
and after training, and the garbage collector's view of the long-lived heap
(`freeze_long_lived`).

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

import gc
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


def freeze_long_lived() -> None:
    """Move every object alive now out of the cyclic garbage collector's sight.

    After torch and a model are loaded the app holds ~450,000 objects that live as long
    as it does (torch's modules and functions above all). A full, generation-2
    collection walks every one of them while holding the GIL: measured with
    gc.callbacks during benchmarks/ui_latency.py on the 2-core development machine, 86
    to 300 ms each, the 300 ms event-loop stalls seen while training and streaming.
    gc.freeze() puts them in a permanent generation that collections skip (reference
    counting still frees them). The workers call it after each load (a trainer built, a
    model loaded, the base scored), so it runs a few times a session, each O(1).
    """
    gc.freeze()
