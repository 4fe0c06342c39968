"""How fast the app streams, against the core it streams from, in one run.

Drives the real app (LstmTuiApp under Textual's Pilot, 120×36) on a saved run: by
default a fresh `default`-preset run on ja-neko (vocabulary 3,068, the size the target
names; trained 30 steps, since speed does not depend on how well it learned), or
--model DIR, e.g. the bundled demo (2×512, vocabulary 5,592). The Sample pane streams --length characters of the LSTM
alone, and the time from Start to the last character on screen gives the app's
characters/s. Beside it, lstm_tui.core.sampling.stream alone on the same model, one
torch thread, as the app uses. Each is measured --rounds times, interleaved.

The worker may yield the GIL after every character (`YIELD_EVERY_CHAR`, the old way)
or only when it posts a chunk (20 times a second, the new way): both are measured,
so the table shows what the yield costs.

    python benchmarks/app_streaming.py [--model DIR] [--length 3000] [--rounds 3]

Target: the app streams ≥ 1,500 chars/s at a vocabulary of ~3k on this machine.
Writes benchmarks/results/app_streaming.json.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import QUICK_SHAPE, ROOT, base_parser, median, print_table, write_result
from train_cli import cli

TARGET = 1500.0
SIZE = (120, 36)


def core_rate(model_dir: Path, length: int) -> float:
    """chars/s of core sampling alone (LSTM, one thread)."""
    import torch

    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.sampling import stream
    from lstm_tui.core.sampling_options import SamplingOptions

    torch.set_num_threads(1)
    run = load_run(model_dir)
    start = time.perf_counter()
    n = sum(1 for _ in stream(run.model, run.vocab, "", SamplingOptions(temperature=0.8, length=length, seed=1)))
    return n / (time.perf_counter() - start)


async def app_rate(model_dir: Path, length: int, every_char: bool) -> float:
    """chars/s the real app's Sample pane streams (Start to the last character shown)."""
    from textual.widgets import Checkbox, Input

    import lstm_tui.ui.workers.sample as worker
    from lstm_tui.ui.app import LstmTuiApp
    from lstm_tui.ui.panes.sample import SamplePane

    worker.YIELD_EVERY_CHAR = every_char
    app = LstmTuiApp(model=str(model_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        pane = app.query_one(SamplePane)
        pane.query_one("#sample-pure", Checkbox).value = True
        pane.query_one("#sample-length", Input).value = str(length)
        pane.query_one("#sample-seed", Input).value = "1"
        await pilot.pause(1.0)
        pane.stop_stream()
        await pilot.pause(0.5)
        start = time.perf_counter()
        pane.start_stream()
        while not (len(pane.texts[0]) >= length and not pane.streaming):
            await asyncio.sleep(0.005)
        return length / (time.perf_counter() - start)


def train_model(out: Path, quick: bool) -> Path:
    """A `default`-preset run on ja-neko (vocabulary 3,068), 30 steps (3 and toy-sized
    with --quick), through the real command line."""
    shape = [a for k, v in QUICK_SHAPE.items() for a in (f"--{k.replace('_', '-')}", str(v))] if quick else []
    args = ["train", "--corpus", "ja-neko", "--from", "scratch", "--steps", "3" if quick else "30", *shape]
    subprocess.run([*cli(), *args, "--out", str(out), "--json"], check=True, capture_output=True, cwd=ROOT)
    return out


def main() -> int:
    """Measure both, print and write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--model", type=Path, help="a saved run (default: a fresh one on ja-neko, vocabulary 3,068)")
    p.add_argument("--length", type=int, default=3000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    length = 200 if args.quick else args.length
    rounds = 1 if args.quick else args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or train_model(Path(tmp) / "ja-neko-default", args.quick)
        return measure(model, length, rounds, args)


def measure(model: Path, length: int, rounds: int, args: Any) -> int:
    """Interleave core and app rounds on `model`; print the table, write the JSON."""
    sides: dict[str, list[float]] = {"core": [], "app, yield per chunk": [], "app, yield per character": []}
    for _ in range(rounds):
        sides["core"].append(core_rate(model, length))
        sides["app, yield per chunk"].append(asyncio.run(app_rate(model, length, every_char=False)))
        sides["app, yield per character"].append(asyncio.run(app_rate(model, length, every_char=True)))
    result: dict[str, Any] = {k: {"chars_per_s": median(v), "rounds": v} for k, v in sides.items()}
    rows = [[k, round(v["chars_per_s"]), f"{v['chars_per_s'] / result['core']['chars_per_s']:.2f}×"]
            for k, v in result.items()]  # fmt: skip
    print_table(["side", "chars/s", "of core"], rows, title=f"streaming {length} characters from {model.name}")
    ok = result["app, yield per chunk"]["chars_per_s"] >= TARGET
    write_result("app_streaming", {"quick": args.quick, "model": model.name,
                                   "vocab": len(load_vocab(model)), "length": length,
                                   "target_chars_per_s": TARGET, "met": ok, **result}, args.out_dir)  # fmt: skip
    return 0


def load_vocab(model: Path) -> Any:
    """The run's vocabulary."""
    from lstm_tui.core.checkpoint import load_run

    return load_run(model).vocab


if __name__ == "__main__":
    sys.exit(main())
