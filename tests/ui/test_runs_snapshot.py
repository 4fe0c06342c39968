"""A snapshot of the Runs pane at 120×36: three runs (one broken), two of them marked so
their validation curves overlay with a legend. Update with --snapshot-update.

The runs live in a fixed folder (the detail line shows the selected run's path) and
their run.json files carry fixed dates, so the picture does not depend on the clock.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import lstm_tui.paths as paths
import lstm_tui.ui.panes.train as train_module
from lstm_tui.ui.app import LstmTuiApp
from lstm_tui.ui.panes.runs import RunsPane
from lstm_tui.ui.widgets.curves_chart import CurvesChart
from tests.ui.helpers import save_tiny_run, settle, wait_for

SIZE = (120, 36)
FIXED = Path("/tmp/lstm-tui-runs-snapshot/models")


def _run(name: str, val: list[float], saved_at: str) -> None:
    run = save_tiny_run(FIXED / name)
    lines = [
        {"event": "evaluated", "step": 100 * i, "val_loss": loss, "train_loss": loss} for i, loss in enumerate(val, 1)
    ]
    lines.append({"event": "finished", "step": 100 * len(val), "val_loss": val[-1], "train_loss": val[-1],
                  "test_loss": val[-1] + 0.05, "lstm_test_loss": val[-1] + 0.05, "ngram_order": 5,
                  "ngram_val_loss": 2.0, "ngram_test_loss": 2.05})  # fmt: skip
    (run / "metrics.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    meta["saved_at"] = saved_at
    meta["progress"].update(step=100 * len(val), elapsed_s=12.5 * len(val), best_val_loss=min(val))
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture
def runs_app(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LstmTuiApp]:
    shutil.rmtree(FIXED.parent, ignore_errors=True)
    _run("long-run", [3.2, 2.6, 2.3, 2.15, 2.1], "2026-11-20T10:00:00+0000")
    _run("short-run", [3.1, 2.7, 2.5], "2026-11-21T09:30:00+0000")
    (FIXED / "broken-run").mkdir()
    (FIXED / "broken-run" / "run.json").write_text("{not json", encoding="utf-8")
    # fixed file times: the broken run's date comes from its folder, and the Sample pane
    # opens on the newest run (a good one, so no error notification covers the picture)
    for name, when in (("broken-run", 1.7e9), ("long-run", 1.75e9), ("short-run", 1.76e9)):
        for path in (FIXED / name / "run.json", FIXED / name):
            os.utime(path, (when, when))
    monkeypatch.setattr(paths, "user_models_dir", lambda: FIXED)
    monkeypatch.setattr(train_module, "available_devices", lambda: ["cpu"])
    yield LstmTuiApp(load_demo=False)
    shutil.rmtree(FIXED.parent, ignore_errors=True)


def test_runs_pane(snap_compare, runs_app: LstmTuiApp) -> None:
    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("6")
        pane = pilot.app.query_one(RunsPane)
        await wait_for(pilot, lambda: len(pane.rows) == 3, what="the runs")
        pilot.app.query_one("#runs-table").focus()
        await pilot.press("space", "down", "space", "up")
        chart = pilot.app.query_one(CurvesChart)
        await wait_for(pilot, lambda: len(chart.curves) == 2, what="two curves")
        await settle(pilot)
        pilot.app.set_focus(None)
        await pilot.pause()

    assert snap_compare(runs_app, terminal_size=SIZE, run_before=run_before)
