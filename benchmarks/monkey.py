"""A monkey test of the app: random keys, clicks and pastes while it trains and samples.

Drives the real app (LstmTuiApp under Textual's Pilot) on the tiny test corpora in a
scratch LSTM_TUI_HOME, at 80×24 and 120×36. It starts a run training from scratch
(no budget) and a stream, then sends --actions random actions per size: keys from a
pool of printable ASCII, Japanese text, control characters and the app's bindings
(every key but the two that quit, Ctrl+Q and Ctrl+C), clicks at random cells, and
pastes of mixed text (Japanese, control characters, very long). After each action it
waits for the app to process it and records how long that took.

Pass: no exception reached the app, no worker ended in error, every action was handled
within 1 s, and every run folder left in the scratch home loads.

    python benchmarks/monkey.py [--actions 5000] [--seed 1]

Writes benchmarks/results/monkey.json.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, print_table, write_result

SIZES = [(80, 24), (120, 36)]
LIMIT_S = 1.0
KEYS = (
    [chr(c) for c in range(0x21, 0x7F)]
    + list("あいうえおかきくけこ漢字。、「」ー")
    + ["space", "tab", "shift+tab", "enter", "escape", "backspace", "delete", "up", "down", "left", "right",
       "pageup", "pagedown", "home", "end", "f1", "f2", "f5", "f6", "f7", "f8", "ctrl+p", "ctrl+r", "ctrl+s",
       "ctrl+b", "ctrl+g", "ctrl+o", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w"]
    + list("123456") * 8  # pane switches, often
)  # fmt: skip
PASTES = ["吾輩は猫である。名前はまだ無い。", "\x1b[31mred\x1b[0m\x00\x07", "(a+)+$", "1e309", "-1", "nan",
          "こんにち" * 500, "../../etc/passwd", "\t\n\r", "🦊" * 50]  # fmt: skip


async def one_size(size: tuple[int, int], actions: int, rng: random.Random) -> dict[str, Any]:
    """Run the monkey at one terminal size; its figures."""
    from textual import events
    from textual.worker import WorkerState

    from lstm_tui.ui.app import LstmTuiApp
    from lstm_tui.ui.panes.train import TrainPane
    from tests.ui.helpers import fill_tiny, settle

    app = LstmTuiApp(load_demo=False)
    slow: list[tuple[str, float]] = []
    worst, failures, sent = 0.0, [], 0
    start = time.perf_counter()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        fill_tiny(app)
        await pilot.pause()
        await pilot.press("f5")
        await pilot.press("3")
        for _ in range(actions):
            kind = rng.random()
            t0 = time.perf_counter()
            try:
                if kind < 0.85:
                    what = rng.choice(KEYS)
                    await pilot.press(what)
                elif kind < 0.95:
                    x, y = rng.randrange(size[0]), rng.randrange(size[1])
                    what = f"click {x},{y}"
                    await pilot.click(offset=(x, y))
                else:
                    text = rng.choice(PASTES)
                    what = f"paste {text[:12]!r}"
                    target = app.screen.focused or app.screen
                    target.post_message(events.Paste(text))
                    await pilot.pause()
            except Exception as exc:  # noqa: BLE001 - a failure of the app, recorded
                failures.append(f"{what}: {type(exc).__name__}: {exc}")
                break
            took = time.perf_counter() - t0
            sent += 1
            worst = max(worst, took)
            if took > LIMIT_S:
                slow.append((what, took))
        errors = [f"worker {w.name}: {w.error}" for w in app.workers if w.state == WorkerState.ERROR]
        pane = app.query_one(TrainPane)
        await pane.shutdown(timeout=10)
    elapsed = time.perf_counter() - start
    return {"size": f"{size[0]}x{size[1]}", "actions": sent, "seconds": elapsed, "worst_s": worst,
            "slow": slow[:10], "failures": failures + errors}  # fmt: skip


def main() -> int:
    """Both sizes, then every run left must load; print and write the figures."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--actions", type=int, default=5000, help="random actions per terminal size")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    actions = 60 if args.quick else args.actions
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="lstm-tui-monkey-") as tmp:
        os.environ["LSTM_TUI_HOME"] = str(Path(tmp) / "home")
        import lstm_tui.paths as paths
        from tests.ui.helpers import write_bundle

        corpora, models = write_bundle(Path(tmp) / "bundle")
        paths.bundled_corpora_dir = lambda: corpora
        paths.bundled_models_dir = lambda: models
        rng = random.Random(args.seed)
        sizes = [asyncio.run(one_size(size, actions, rng)) for size in SIZES]
        from lstm_tui.core.checkpoint import load_run
        from lstm_tui.core.runfiles import list_runs

        runs, unloadable = 0, []
        for run in list_runs(paths.user_models_dir()):
            runs += 1
            try:
                load_run(run)
            except Exception as exc:  # noqa: BLE001 - reported as a failure
                unloadable.append(f"{run.name}: {exc}")
    ok = all(not s["failures"] and not s["slow"] for s in sizes) and not unloadable and runs > 0
    rows = [[s["size"], s["actions"], round(s["seconds"], 1), round(s["worst_s"], 3), len(s["slow"]),
             len(s["failures"])] for s in sizes]  # fmt: skip
    print_table(["size", "actions", "seconds", "worst s", "over 1 s", "failures"], rows, title="monkey test")
    print(f"runs left: {runs}, unloadable: {len(unloadable)}; {'PASS' if ok else 'FAIL'}")
    write_result("monkey", {"quick": args.quick, "seed": args.seed, "sizes": sizes, "runs_left": runs,
                            "unloadable": unloadable, "passed": ok}, args.out_dir)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
