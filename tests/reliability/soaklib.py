"""Sampling soak: many streams started in a thread and stopped early through their
stop Event; threads must return to the baseline and RSS must stay flat.

Used by test_soak.py (10 streams) and scripts/soak.py (100)."""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def proc_status(key: str) -> int:
    """A number from /proc/self/status (VmRSS in kB, Threads)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


@dataclass
class SoakResult:
    streams: int
    chars: int
    threads_before: int
    threads_after: int
    os_threads_before: int
    os_threads_after: int
    rss_before_mb: float
    rss_after_mb: float
    seconds: float

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_after_mb - self.rss_before_mb


def sampling_soak(model_dir: Path, streams: int, stop_after_chars: int = 40, length: int = 100_000) -> SoakResult:
    """Run `streams` sampling streams, each in its own thread, stopped via its Event."""
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.sampling import sample_text, stream
    from lstm_tui.core.sampling_options import SamplingOptions

    run = load_run(model_dir)
    sample_text(run.model, run.vocab, "the ", 50, 0.8, seed=0)  # warm up torch's lazy state
    gc.collect()
    threads_before, os_before = threading.active_count(), proc_status("Threads")
    rss_before = proc_status("VmRSS") / 1024
    total = 0
    t0 = time.perf_counter()
    for i in range(streams):
        stop = threading.Event()
        got: list[str] = []
        enough = threading.Event()

        def consume(
            i: int = i, stop: threading.Event = stop, got: list[str] = got, enough: threading.Event = enough
        ) -> None:
            options = SamplingOptions(temperature=0.9, top_k=10, length=length, seed=i)
            for ch in stream(run.model, run.vocab, "the cat ", options, stop):
                got.append(ch)
                if len(got) >= stop_after_chars:
                    enough.set()
            enough.set()

        worker = threading.Thread(target=consume, name=f"soak-{i}", daemon=True)
        worker.start()
        assert enough.wait(30), "a stream produced nothing"
        stop.set()
        worker.join(30)
        assert not worker.is_alive(), "a stream did not stop after its stop Event"
        assert stop_after_chars <= len(got) < length, len(got)
        total += len(got)
    seconds = time.perf_counter() - t0
    gc.collect()
    return SoakResult(
        streams,
        total,
        threads_before,
        threading.active_count(),
        os_before,
        proc_status("Threads"),
        rss_before,
        proc_status("VmRSS") / 1024,
        seconds,
    )
