"""Start/stop training in the app over and over (Pilot) and measure what is left behind.

Shared by tests/ui/test_app_soak.py (a few cycles) and scripts/soak_app.py (100).
The baseline is taken after one warm-up cycle (the first run imports and allocates
what every later run reuses); after the cycles, threads must return to it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.ui.helpers import fill_tiny, wait_for

SETTLE_S = 10.0  # how long finished workers get to let their threads end


@dataclass
class SoakResult:
    """Counts and memory before and after the cycles."""

    cycles: int
    threads_before: int
    threads_after: int
    os_threads_before: int
    os_threads_after: int
    children_after: int
    rss_before_mb: float
    rss_after_mb: float
    seconds: float
    rss_every_10_mb: list[float]  # RSS after every 10th cycle: a leak climbs, a plateau does not

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_after_mb - self.rss_before_mb

    @property
    def ok(self) -> bool:
        return (
            self.threads_after <= self.threads_before
            and self.os_threads_after <= self.os_threads_before
            and self.children_after == 0
            and self.rss_growth_mb <= 50
        )


def rss_mb() -> float:
    """This process's resident memory (VmRSS) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


async def _cycle(pilot, pane) -> None:  # type: ignore[no-untyped-def]
    """One start → first step → stop → saved."""
    await pilot.press("f5")
    await wait_for(pilot, lambda: pane.trainer is not None and pane.step > 0, 60, "training to start")
    await pilot.press("f7")
    await wait_for(pilot, lambda: not pane.is_training, 60, "training to stop")


async def soak(cycles: int, size: tuple[int, int] = (120, 36)) -> SoakResult:
    """Run `cycles` start/stop cycles (after one warm-up) in one app; measure before/after."""
    from lstm_tui.ui.app import LstmTuiApp
    from lstm_tui.ui.panes.train import TrainPane

    app = LstmTuiApp(load_demo=False)
    async with app.run_test(size=size) as pilot:
        pane = app.query_one(TrainPane)
        await wait_for(pilot, lambda: pane.corpus_path is not None, 30, "the corpus")
        await pilot.press("2")
        fill_tiny(app)
        await pilot.pause()
        await _cycle(pilot, pane)  # warm-up
        await _settle_threads(pilot, lambda: True)
        before = (threading.active_count(), os_threads(), rss_mb())
        started = time.monotonic()
        trail: list[float] = []
        for i in range(cycles):
            await _cycle(pilot, pane)
            if (i + 1) % 10 == 0:
                trail.append(round(rss_mb(), 1))
        seconds = time.monotonic() - started
        await _settle_threads(pilot, lambda: threading.active_count() <= before[0] and os_threads() <= before[1])
        after = (threading.active_count(), os_threads(), rss_mb())
        children = len(multiprocessing.active_children())
    return SoakResult(cycles, before[0], after[0], before[1], after[1], children, before[2], after[2], seconds, trail)


async def _settle_threads(pilot, done) -> None:  # type: ignore[no-untyped-def]
    """Poll until no worker is pending or running and done() holds, for at most
    SETTLE_S; then a leak shows in the counts taken next. (Textual's thread workers
    return their thread to the executor's pool, so there is nothing more to wait for.)"""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        idle = not any(w.state.name in ("PENDING", "RUNNING") for w in pilot.app.workers)
        if idle and done():
            break
        await pilot.pause(0.05)
    await pilot.pause()  # let the messages of the last worker be handled
