"""Smoke test: benchmarks/ui_latency.py runs with --quick and writes its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.benchmarks.test_benchmarks_smoke import result, run_script


def test_ui_latency_quick(tmp_path: Path) -> None:
    proc = run_script("ui_latency", "--quick", "--out-dir", tmp_path)
    data = result(tmp_path, "ui_latency", proc)
    (r,) = data["results"]
    assert r["variant"] == "thread"
    for figure in ("lag_ms", "key_ms"):
        assert set(r[figure]) == {"off", "on", "stream"}
        assert {"p50", "p99", "max", "n"} <= set(r[figure]["stream"])
    assert all(r[figure][phase]["n"] > 0 for figure in ("lag_ms", "key_ms") for phase in ("on", "stream"))
    assert "lag p99" in proc.stdout and json.dumps(data)
