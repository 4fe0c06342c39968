"""`lstm-tui train --time-limit S` as a user runs it, then `lstm-tui eval` on the run.

Runs the real command line in a child process (a fresh interpreter, torch import and
run folder included, in a temporary $LSTM_TUI_HOME):

    lstm-tui train --corpus PATH --time-limit S --json --out TMP/run
    lstm-tui eval --model TMP/run --corpus PATH --json

and records the `finished` line of the first (steps, losses, chars/s), the JSON of the
second, and whether `eval` reproduces the run's validation (and test) loss: it must,
to 1e-6. The published figure is the test loss when the `finished` event carries
`test_loss`; else the validation loss, and the `split` field says so.

    python benchmarks/train_cli.py [--corpus PATH] [--time-limit 60] [--preset default]

Target (Tiny Shakespeare, 60 s, default preset): ≤ 1.75 nats/char. Writes
benchmarks/results/train_cli.json.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    QUICK_SHAPE,
    ROOT,
    SHAKESPEARE,
    base_parser,
    claim_loss,
    corpus_label,
    print_table,
    require_files,
    verdict,
    write_result,
)

TARGETS = {"tinyshakespeare": 1.75}  # nats/char after 60 s, by corpus file stem
EVAL_TOLERANCE = 1e-6  # eval scores the same weights on the same split: it is exact
QUICK_TIME_LIMIT_S = 1.0


def cli() -> list[str]:
    """The installed `lstm-tui` beside this interpreter, else `python -m lstm_tui`."""
    script = Path(sys.executable).parent / "lstm-tui"
    if script.is_file():
        return [str(script)]
    found = shutil.which("lstm-tui")
    return [found] if found else [sys.executable, "-m", "lstm_tui"]


def run_cli(args: list[str], env: dict[str, str]) -> tuple[list[dict[str, Any]], float]:
    """Run one lstm-tui command; its JSON lines and wall seconds. Exits on failure."""
    start = time.perf_counter()
    proc = subprocess.run([*cli(), *args], env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"lstm-tui {args[0]} failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}", file=sys.stderr)
        sys.exit(1)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return lines, wall


def main() -> int:
    """Train through the CLI, evaluate the run through the CLI, print and write JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=SHAKESPEARE, help="corpus file (default Tiny Shakespeare)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds of training (default 60)")
    p.add_argument("--preset", default="default", choices=["default", "seed"])
    args = p.parse_args()
    require_files([args.corpus])
    time_limit = QUICK_TIME_LIMIT_S if args.quick else args.time_limit
    corpus = str(args.corpus.resolve())

    with tempfile.TemporaryDirectory() as tmp:
        # a scratch home: nothing is written to the user's own corpora or models
        env = {**os.environ, "LSTM_TUI_HOME": str(Path(tmp) / "home")}
        out = str(Path(tmp) / "run")
        train_args = [
            "train",
            "--corpus",
            corpus,
            "--preset",
            args.preset,
            "--time-limit",
            f"{time_limit:g}",
            "--json",
            "--out",
            out,
        ]
        if args.quick:  # a toy model: the smoke test checks the plumbing, not the figure
            train_args += [
                "--hidden",
                str(QUICK_SHAPE["hidden"]),
                "--embed",
                str(QUICK_SHAPE["embed"]),
                "--batch-size",
                str(QUICK_SHAPE["batch_size"]),
                "--seq-len",
                str(QUICK_SHAPE["seq_len"]),
            ]
        print(f"lstm-tui {' '.join(train_args)}", file=sys.stderr, flush=True)
        events, train_wall = run_cli(train_args, env)
        finished = next((e for e in reversed(events) if e.get("event") == "finished"), None)
        if finished is None:
            print(f"lstm-tui train printed no finished event; last: {events[-1:] or 'nothing'}", file=sys.stderr)
            return 1
        eval_args = ["eval", "--model", out, "--corpus", corpus, "--json"]
        (evaluated, *_), eval_wall = run_cli(eval_args, env)

    claim, split = claim_loss(finished)
    label = corpus_label(args.corpus)
    target = TARGETS.get(label) if args.preset == "default" and not args.quick else None
    eval_diff = abs(evaluated["val_loss"] - finished["val_loss"])
    both_test = finished.get("test_loss") is not None and evaluated.get("test_loss") is not None
    eval_test_diff = abs(evaluated["test_loss"] - finished["test_loss"]) if both_test else None
    result = {
        "corpus": label,
        "preset": args.preset,
        "time_limit_s": time_limit,
        "quick": args.quick,
        # as run, with the scratch folder (gone now) written TMP
        "commands": [
            " ".join(["lstm-tui", *train_args]).replace(tmp, "TMP"),
            " ".join(["lstm-tui", *eval_args]).replace(tmp, "TMP"),
        ],
        "finished": finished,  # the train command's last JSON line, as printed
        "eval": evaluated,  # the eval command's JSON, as printed
        "claim_nats": claim,
        "claim_bits": claim / math.log(2),
        "split": split,
        "eval_val_diff": eval_diff,
        "eval_test_diff": eval_test_diff,  # None until both commands report a test loss
        "eval_matches_train": eval_diff <= EVAL_TOLERANCE and (eval_test_diff or 0.0) <= EVAL_TOLERANCE,
        "train_wall_s": train_wall,  # the whole command: interpreter, torch import, final save
        "eval_wall_s": eval_wall,
        "target_nats": target,
        "target_met": None if target is None else claim <= target,
    }
    print_table(
        [
            "corpus",
            "preset",
            "time limit s",
            "steps",
            "chars/s",
            "split",
            "nats/char",
            "eval val",
            "eval = train?",
            "target",
            "met?",
        ],
        [
            [
                label,
                args.preset,
                time_limit,
                finished["step"],
                finished["chars_per_s"],
                split,
                claim,
                evaluated["val_loss"],
                result["eval_matches_train"],
                target,
                verdict(result["target_met"]),
            ]
        ],
        title=f"lstm-tui train --time-limit {time_limit:g} --json, then lstm-tui eval --json",
    )
    path = write_result("train_cli", result, args.out_dir)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
