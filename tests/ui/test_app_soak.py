"""Soak (app part, issue 7): start/stop training cycles in the Pilot leave no thread, no
child process and no memory behind. scripts/soak_app.py runs the full 100 cycles."""

from __future__ import annotations

from pathlib import Path

from tests.ui.app_soak import soak


async def test_five_start_stop_cycles_leave_nothing_behind(bundle: Path) -> None:
    result = await soak(cycles=5)
    assert result.threads_after <= result.threads_before, result
    assert result.os_threads_after <= result.os_threads_before, result
    assert result.children_after == 0, result
    assert result.rss_growth_mb <= 50, result
