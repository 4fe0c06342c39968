"""Inspect and cell-search speed (issue 12 §6), and how h and c per step are read.

On a `default`-shaped model (hidden 256, embedding 64, one layer; random weights, which
cost the same as trained ones) over the vocabulary of --corpus (default: the bundled
ja-soseki, ~3,000 characters, the heaviest output layer we ship), with torch on 1
thread as the CLI runs (2 threads measured beside it):

- `inspect` of 10,000 characters with top-10: compute only (inspect_text), and the
  whole command line (`lstm-tui inspect --text-file … --json`, a fresh process);
- h and c of every step for 10,000 characters: the fused pass plus the c recurrence
  (core/inspection.py) against a step loop through the scratch cell;
- a cell search over 100,000 characters for all units (h and c): the forward pass
  with states, then the correlations (core/cell_search.find_cells);
- moving the cursor in the Inspect pane: a key press to the repainted detail (the
  KeyProbe of ui_probes.py), idle and while a `default` Trainer runs in a thread.

    python benchmarks/inspection.py [--corpus PATH] [--rounds 3] [--quick]

Targets: inspect 10,000 ≤ 1 s compute, ≤ 4 s CLI; cell search 100,000 ≤ 5 s; cursor
within the UI-latency target (≤ 100 ms a key). Writes benchmarks/results/inspection.json.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, median, print_table, require_files, verdict, write_result
from ui_probes import KeyProbe

INSPECT_CHARS, CELL_CHARS = 10_000, 100_000
INSPECT_TARGET_S, CLI_TARGET_S, CELLS_TARGET_S, KEY_TARGET_MS = 1.0, 4.0, 5.0, 100.0


def make_run(text: str, out: Path) -> Path:
    """A default-shaped run over the text's vocabulary, saved as a run folder."""
    import torch

    from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
    from lstm_tui.core.config import preset
    from lstm_tui.core.corpus import Vocab
    from lstm_tui.core.encoding import sha256_text

    torch.manual_seed(0)
    vocab = Vocab.from_text(text)
    config = preset("default").with_(dropout=0.0)
    save_run(
        out,
        build_model(config, len(vocab)),
        vocab,
        config,
        {"name": "bench", "sha256": sha256_text(text)},
        RunProgress(),
    )
    return out


def timed(fn: Any, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def scratch_states(model: Any, vocab: Any, text: str) -> None:
    """The alternative: h and c read after every character by stepping the scratch cell."""
    import torch

    from lstm_tui.core.model import CharLSTM

    scratch = CharLSTM(model.vocab_size, embed=model.embed.embedding_dim, hidden=model.hidden, cell="scratch").eval()
    scratch.load_state_dict(model.state_dict())
    ids = torch.tensor([vocab.stoi[c] for c in text])
    with torch.inference_mode():
        inp = scratch.embed(ids).unsqueeze(0)
        state = scratch.init_state(1)
        for t in range(len(text)):
            _, state = scratch.rnn(inp[:, t : t + 1], state)


def start_training(out: Path) -> tuple[Any, Any]:
    """A `default` Trainer on the bundled ja-soseki in a thread, as the app trains: one
    torch thread (cores − 1 here), so the event loop keeps the other core."""
    import threading

    from lstm_tui.core.config import preset
    from lstm_tui.core.corpus import load_corpus
    from lstm_tui.core.training import Trainer

    config = preset("default").with_(
        time_limit=600.0, threads=1, eval_every_s=1e9, sample_every_s=1e9, checkpoint_every_s=1e9, hybrid=False
    )
    trainer = Trainer(config, load_corpus(ROOT / "corpora" / "ja-soseki.txt"), out=out)
    thread = threading.Thread(target=trainer.run, daemon=True)
    thread.start()
    return trainer, thread


def cursor_latency(home: Path, presses: int, training: bool = False) -> list[float]:
    """Per key press: "right" in the Inspect pane until the detail shows the new character
    (with a Trainer running in a thread when `training`)."""
    os.environ["LSTM_TUI_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from textual.app import App, ComposeResult

    import lstm_tui.ui
    from lstm_tui.ui.inspect.heat_text import HeatText
    from lstm_tui.ui.panes.inspect import InspectPane

    class One(App[None]):
        CSS_PATH = str(Path(lstm_tui.ui.__file__).parent / "app.tcss")

        def compose(self) -> ComposeResult:
            yield InspectPane()

    times: list[float] = []

    async def drive() -> None:
        app = One()
        async with app.run_test(size=(120, 36)) as pilot:
            pane = app.query_one(InspectPane)
            pane.query_one("#inspect-source").value = "typed"
            pane.query_one("#inspect-input").value = TEXT[: INSPECT_CHARS // 5]
            pane.read()
            while pane.readout is None or len(pane.readout) != INSPECT_CHARS // 5:
                await pilot.pause(0.05)
            view = pane.query_one(HeatText)
            view.focus()
            await pilot.pause()
            trainer = thread = None
            if training:
                trainer, thread = start_training(home / "train-run")
                await pilot.pause(3.0)  # past the first steps
            # key press → the composed screen showing the detail of the new character
            probe = KeyProbe(app, pane.query_one("#inspect-detail"), lambda: view.cursor)
            for _ in range(presses):
                ms = await probe.press("right", "cursor")
                if ms is not None:
                    times.append(ms / 1000)
                await pilot.pause(0.02)
            if trainer is not None:
                trainer.stop()
                await asyncio.get_running_loop().run_in_executor(None, thread.join)

    asyncio.run(drive())
    return times


TEXT = ""


def main() -> int:
    global TEXT
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "ja-soseki.txt")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    require_files([args.corpus])
    import torch

    from lstm_tui.core.cell_search import find_cells
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.inspection import inspect_text

    torch.set_num_threads(2)  # inspect is measured on 2 threads, then 1
    full = read_text(args.corpus)
    cell_chars = 20_000 if args.quick else CELL_CHARS
    TEXT = full[len(full) // 2 :][: max(cell_chars, INSPECT_CHARS)]
    with tempfile.TemporaryDirectory() as tmp:
        run = load_run(make_run(full, Path(tmp) / "run"))
        model, vocab = run.model, run.vocab
        text10 = TEXT[:INSPECT_CHARS]
        inspect_2t_s = timed(lambda: inspect_text(model, vocab, text10, top_k=10), args.rounds)
        torch.set_num_threads(1)  # what `lstm-tui inspect` and `cells` use: measured below
        inspect_s = timed(lambda: inspect_text(model, vocab, text10, top_k=10), args.rounds)
        states_s = timed(lambda: inspect_text(model, vocab, text10, top_k=10, states=True), args.rounds)
        states_only_s = timed(lambda: inspect_text(model, vocab, text10, states=True, predictions=False), args.rounds)
        scratch_s = timed(lambda: scratch_states(model, vocab, text10), 1 if args.quick else args.rounds)
        forward_s, corr_s = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            readout = inspect_text(model, vocab, TEXT[:cell_chars], top_k=1, states=True, predictions=False)
            t1 = time.perf_counter()
            find_cells(readout, top=5, regex="「[^」]*」")
            forward_s.append(t1 - t0)
            corr_s.append(time.perf_counter() - t1)
        text_file = Path(tmp) / "text10.txt"
        text_file.write_text(text10, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        cli_s = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "lstm_tui",
                    "inspect",
                    "--model",
                    str(Path(tmp) / "run"),
                    "--text-file",
                    str(text_file),
                    "--json",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            cli_s.append(time.perf_counter() - t0)
        home = Path(tmp) / "home"
        make_run(full, home / "models" / "bench")
        keys = cursor_latency(home, 20 if args.quick else 100)
        keys_training = cursor_latency(home, 20 if args.quick else 100, training=True)
    key_ms = sorted(t * 1000 for t in keys)
    key_tr_ms = sorted(t * 1000 for t in keys_training)
    results = {
        "corpus": args.corpus.name,
        "vocab": len(vocab),
        "model": "hidden 256, embed 64, 1 layer (default preset shape, random weights)",
        "threads": "1 (as the CLI), 2 where marked",
        "inspect_10k_top10_s": median(inspect_s),
        "inspect_10k_top10_2_threads_s": median(inspect_2t_s),
        "inspect_10k_top10_with_states_s": median(states_s),
        "states_10k_fused_plus_c_loop_s": median(states_only_s),
        "states_10k_scratch_step_loop_s": median(scratch_s),
        "cli_inspect_10k_json_s": median(cli_s),
        "cell_search_chars": cell_chars,
        "cell_search_forward_s": median(forward_s),
        "cell_search_correlations_s": median(corr_s),
        "cell_search_total_s": median([a + b for a, b in zip(forward_s, corr_s)]),
        "cursor_key_ms_p50": key_ms[len(key_ms) // 2],
        "cursor_key_ms_p99": key_ms[min(len(key_ms) - 1, int(len(key_ms) * 0.99))],
        "cursor_key_ms_max": key_ms[-1],
        "cursor_key_training_ms_p50": key_tr_ms[len(key_tr_ms) // 2],
        "cursor_key_training_ms_p99": key_tr_ms[min(len(key_tr_ms) - 1, int(len(key_tr_ms) * 0.99))],
        "cursor_key_training_ms_max": key_tr_ms[-1],
    }
    results["verdicts"] = {
        "inspect_compute": verdict(results["inspect_10k_top10_s"] <= INSPECT_TARGET_S),
        "inspect_cli": verdict(results["cli_inspect_10k_json_s"] <= CLI_TARGET_S),
        "cell_search": verdict(results["cell_search_total_s"] <= CELLS_TARGET_S) if not args.quick else "quick",
        "cursor": verdict(max(results["cursor_key_ms_max"], results["cursor_key_training_ms_max"]) <= KEY_TARGET_MS),
    }
    print_table(
        ["what", "measured", "target"],
        [
            ["inspect 10,000 chars, top-10 (compute)", f"{results['inspect_10k_top10_s']:.3f} s", "≤ 1 s"],
            ["  the same on 2 torch threads", f"{results['inspect_10k_top10_2_threads_s']:.3f} s", "—"],
            ["  the same with h and c of every step", f"{results['inspect_10k_top10_with_states_s']:.3f} s", "—"],
            [
                "h and c of every step, 10,000: fused + c loop",
                f"{results['states_10k_fused_plus_c_loop_s']:.3f} s",
                "—",
            ],
            ["  h and c by a scratch-cell step loop", f"{results['states_10k_scratch_step_loop_s']:.3f} s", "—"],
            ["lstm-tui inspect 10,000 --json (whole call)", f"{results['cli_inspect_10k_json_s']:.2f} s", "≤ 4 s"],
            [f"cell search {cell_chars:,} chars: forward with states", f"{results['cell_search_forward_s']:.2f} s", ""],
            ["  correlations, 14 predicates × 512 units", f"{results['cell_search_correlations_s']:.2f} s", ""],
            ["  total", f"{results['cell_search_total_s']:.2f} s", "≤ 5 s"],
            [
                "cursor key → repaint p50 / p99 / max",
                f"{results['cursor_key_ms_p50']:.1f} / "
                f"{results['cursor_key_ms_p99']:.1f} / {results['cursor_key_ms_max']:.1f} ms",
                "≤ 100 ms",
            ],
            [
                "  the same while a run trains",
                f"{results['cursor_key_training_ms_p50']:.1f} / "
                f"{results['cursor_key_training_ms_p99']:.1f} / {results['cursor_key_training_ms_max']:.1f} ms",
                "≤ 100 ms",
            ],
        ],
        title=f"Inspect speed ({args.corpus.name}, vocab {len(vocab):,}, torch 1 thread unless marked)",
    )
    print(write_result("inspection", results, args.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
