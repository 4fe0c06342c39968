"""Choosing the fine-tuning settings on validation: learning rate and dropout.

For each corpus and setting it fine-tunes the base through the real command line,

    lstm-tui train --corpus C --from BASE --time-limit S --lr X --dropout P --json

and tabulates the best validation loss (validation only: this chooses settings; the
claims in the README are test figures from benchmarks/pretrained.py). Corpora: a
bundled mid-sized one (ja-kenji, 120k characters) and a small imported one (舞姫).
Commands run --jobs at a time with one torch thread each.

    python benchmarks/finetune_tuning.py [--base base-ja] [--budget 45] [--jobs 2]

Writes benchmarks/results/finetune_tuning.json.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import base_parser, print_table, write_result
from pretrained import finished, import_texts, run_cli

LRS = [0.001, 0.002, 0.004]
DROPOUTS = [0.1, 0.3]


def main() -> int:
    """Run the grid, print the table, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--base", default="base-ja", help="the run to fine-tune (default the bundled base)")
    p.add_argument("--corpora", nargs="+", default=["ja-kenji", "maihime"])
    p.add_argument("--budget", type=float, default=45.0, help="seconds per run")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--name", default="finetune_tuning", help="result file name (a second grid keeps the first)")
    p.add_argument("--lrs", nargs="+", type=float, default=LRS)
    p.add_argument("--dropouts", nargs="+", type=float, default=DROPOUTS)
    args = p.parse_args()
    budget = 2.0 if args.quick else args.budget
    grid = [(LRS[1], DROPOUTS[0])] if args.quick else list(itertools.product(args.lrs, args.dropouts))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "LSTM_TUI_HOME": str(tmp / "home"), "OMP_NUM_THREADS": "1"}
        names = [c for c in args.corpora if c == "maihime" or Path(c).suffix]
        corpora = [c for c in args.corpora if c not in names] + import_texts(names, env, tmp)
        jobs = {
            (c, lr, d): ["train", "--corpus", c, "--from", args.base, "--time-limit", f"{budget:g}", "--lr", f"{lr:g}",
                         "--dropout", f"{d:g}", "--threads", "1", "--json", "--out", str(tmp / f"{c}-{lr:g}-{d:g}")]
            for c in corpora for lr, d in grid
        }  # fmt: skip
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {key: pool.submit(run_cli, cmd, env) for key, cmd in jobs.items()}
            results = [{"corpus": c, "lr": lr, "dropout": d, "finished": finished(f.result())}
                       for (c, lr, d), f in futures.items()]  # fmt: skip
    rows = [[r["corpus"], r["lr"], r["dropout"], r["finished"]["best_val_loss"], r["finished"]["step"]]
            for r in results]  # fmt: skip
    print_table(["corpus", "lr", "dropout", "best val", "steps"], rows, title="fine-tuning settings (validation)")
    write_result(args.name, {"quick": args.quick, "base": args.base, "budget_s": budget, "results": results},
                 args.out_dir)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
