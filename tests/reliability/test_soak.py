"""Soak (core part): 10 sampling streams stopped early leave no thread and no memory
behind. scripts/soak.py runs 100. The app part (100 start/stop training cycles in the
Pilot) belongs to the UI tests."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.helpers import make_run
from tests.reliability.soaklib import sampling_soak


def test_ten_sampling_streams_stopped_early(tmp_path: Path) -> None:
    result = sampling_soak(make_run(tmp_path / "run"), streams=10)
    assert result.threads_after == result.threads_before
    assert result.os_threads_after <= result.os_threads_before
    assert result.rss_growth_mb <= 50, result
    assert result.chars >= 10 * 40
