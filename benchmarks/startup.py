"""Startup time: `lstm-tui --help`, `lstm-tui corpora` and the app's first paint, against
`python -c pass` and `python -c "import torch"`, all in interleaved rounds.

Each command runs as a fresh process (python -m lstm_tui …, the same code the console
script runs) with LSTM_TUI_HOME pointed at an empty temporary folder. First paint is
the time from starting the process until the app, run headless through Textual's
App.run_test, has mounted its first screen and processed it (run_test yields only
after the app's ready callback and the screen's first refresh).

    python benchmarks/startup.py [--runs 10]

Targets: --help ≤ 0.3 s; first paint ≤ 1.5 s. Writes benchmarks/results/startup.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from common import ROOT, base_parser, interleave, median, print_table, verdict, write_result

HELP_TARGET_S = 0.3
PAINT_TARGET_S = 1.5
APP_MODULE = ROOT / "lstm_tui" / "ui" / "app.py"
PAINT_TIMEOUT_S = 60.0

# Runs in the child: import the app, start it headless, print the monotonic clock (the
# system-wide CLOCK_MONOTONIC on Linux, so comparable with the parent's) once the
# first screen is up. The parent kills the child then: shutdown is not startup.
_PAINT_CHILD = r"""
import asyncio, json, sys, time
from textual.app import App
import lstm_tui.ui.app as mod
imported = time.monotonic()
apps = [v for v in vars(mod).values()
        if isinstance(v, type) and issubclass(v, App) and v is not App and v.__module__ == mod.__name__]
if not apps:
    print(json.dumps({"error": "lstm_tui.ui.app defines no textual App subclass"}), flush=True)
    sys.exit(3)
async def main() -> None:
    app = apps[0]()
    async with app.run_test(size=(120, 40)) as pilot:
        print(json.dumps({"ready": time.monotonic(), "imported": imported, "app": apps[0].__name__}), flush=True)
        await asyncio.sleep(3600)  # wait to be killed
asyncio.run(main())
"""


def child_env(home: str) -> dict[str, str]:
    """The environment every child gets: the repo importable, a throwaway user folder."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else ""), "LSTM_TUI_HOME": home}


def time_command(argv: list[str], env: dict[str, str]) -> Callable[[], float]:
    """A function running argv to completion and returning its wall time in seconds."""

    def go() -> float:
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
        return wall

    return go


def time_first_paint(env: dict[str, str], marks: list[dict[str, Any]]) -> Callable[[], float]:
    """A function starting the app headless and returning seconds until its first screen."""

    def go() -> float:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _PAINT_CHILD],
            env=env,
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            line = proc.stdout.readline() if proc.stdout else ""
        finally:
            proc.kill()
            _, err = proc.communicate(timeout=PAINT_TIMEOUT_S)
        if not line:
            raise RuntimeError(f"the app did not start: {err[-800:]}")
        mark = json.loads(line)
        if "error" in mark:
            raise RuntimeError(mark["error"])
        marks.append({"import_s": mark["imported"] - start, "paint_s": mark["ready"] - start, "app": mark["app"]})
        return mark["ready"] - start

    return go


def main() -> int:
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10, help="runs of each command, interleaved (default 10)")
    args = p.parse_args()
    runs = 1 if args.quick else args.runs
    py = sys.executable
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        sides: dict[str, Callable[[], float]] = {
            "python -c pass": time_command([py, "-c", "pass"], env),
            "python -c 'import torch'": time_command([py, "-c", "import torch"], env),
            "lstm-tui --help": time_command([py, "-m", "lstm_tui", "--help"], env),
            "lstm-tui corpora": time_command([py, "-m", "lstm_tui", "corpora"], env),
        }
        marks: list[dict[str, Any]] = []
        app_note = None
        if APP_MODULE.is_file():
            sides["app first paint"] = time_first_paint(env, marks)
        else:
            app_note = "app not available (lstm_tui/ui/app.py does not exist yet)"
        try:
            times = interleave(sides, runs)
        except RuntimeError as exc:
            if "app first paint" not in sides:
                raise
            # the app exists but does not start headless: report that, time the rest
            app_note = f"app not measurable: {exc}"
            print(app_note, file=sys.stderr)
            sides.pop("app first paint")
            times = interleave(sides, runs)

    base = median(times["python -c pass"])
    torch_s = median(times["python -c 'import torch'"])
    targets = {"lstm-tui --help": HELP_TARGET_S, "app first paint": PAINT_TARGET_S}
    rows, summary = [], {}
    for name, values in times.items():
        m = median(values)
        target = targets.get(name)
        summary[name] = {
            "median_s": m,
            "min_s": min(values),
            "all_s": [round(v, 4) for v in values],
            "over_python_s": m - base,
            "ratio_to_python": m / base,
            "ratio_to_import_torch": m / torch_s,
            "target_s": target,
            "target_met": None if target is None else m <= target,
        }
        rows.append(
            [name, m, min(values), m - base, m / base, m / torch_s, target, verdict(summary[name]["target_met"])]
        )
    if app_note:
        rows.append(["app first paint", None, None, None, None, None, PAINT_TARGET_S, app_note])
    print_table(
        ["command", "median s", "min s", "− python s", "÷ python", "÷ import torch", "target s", "met?"],
        rows,
        title=f"process start to exit (first paint: to first screen), median of {runs} interleaved runs",
    )
    if marks:
        imp = median([m["import_s"] for m in marks])
        print(
            f"app {marks[0]['app']}: module imported after {imp:.3f} s (median), first screen after "
            f"{median([m['paint_s'] for m in marks]):.3f} s"
        )
    out = write_result(
        "startup", {"runs": runs, "commands": summary, "app_note": app_note, "first_paint_marks": marks}, args.out_dir
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
