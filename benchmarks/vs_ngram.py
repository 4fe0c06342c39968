"""The default preset against counting: LSTM, hybrid and n-gram test loss on each corpus.

For each corpus and time budget it runs the real command line in a scratch home,

    lstm-tui baseline --corpus NAME --json
    lstm-tui train --corpus NAME --time-limit S --json --out TMP/run

and tabulates: characters, vocabulary, the n-gram's order and test loss, the test loss
of the model as the preset configures it (`test_loss`), of the pure LSTM inside it
(`lstm_test_loss`), the margin to the n-gram (negative: the model wins), and the time
at which the pure LSTM's validation loss first went below the n-gram's validation loss
in the longest run (validation, since crossing is a tuning question; claims use test).

    python benchmarks/vs_ngram.py [--corpora en-shakespeare ja-soseki] [--budgets 75 600]

Writes benchmarks/results/vs_ngram.json. Two corpora at 75 s and 10 min take ~23 min.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import QUICK_SHAPE, base_parser, print_table, write_result
from train_cli import run_cli

DEFAULT_CORPORA = ["en-shakespeare", "ja-soseki"]
DEFAULT_BUDGETS = [75.0, 600.0]
QUICK_BUDGET_S = 2.0


def corpus_facts(name: str, env: dict[str, str]) -> dict[str, Any]:
    """chars and vocabulary of a corpus as `lstm-tui corpora --json` lists it."""
    listed, _ = run_cli(["corpora", "--json"], env)
    rows = listed[0] if len(listed) == 1 and isinstance(listed[0], list) else listed
    for row in rows if isinstance(rows, list) else rows.get("corpora", []):
        if row.get("name") == name:
            return {"chars": row.get("chars"), "vocab": row.get("distinct")}
    return {"chars": None, "vocab": None}


def time_to_beat(evaluated: list[dict[str, Any]], ngram_val: float) -> float | None:
    """Seconds of training until the first validation loss below the n-gram's, or None."""
    for e in evaluated:
        if e.get("val_loss") is not None and e["val_loss"] < ngram_val:
            return float(e["elapsed_s"])
    return None


def one_run(name: str, budget: float, env: dict[str, str], tmp: str, quick: bool) -> dict[str, Any]:
    """Train once through the CLI; the finished line and the validation curve."""
    out = str(Path(tmp) / f"{name}-{budget:g}")
    args = ["train", "--corpus", name, "--time-limit", f"{budget:g}", "--json", "--out", out]
    if quick:
        args += ["--hidden", str(QUICK_SHAPE["hidden"]), "--embed", str(QUICK_SHAPE["embed"])]
    print("lstm-tui " + " ".join(args).replace(tmp, "TMP"), file=sys.stderr, flush=True)
    events, _ = run_cli(args, env)
    finished = next(e for e in reversed(events) if e.get("event") == "finished")
    curve = [e for e in events if e.get("event") == "evaluated"]
    return {"budget_s": budget, "finished": finished, "curve": [(e["elapsed_s"], e["val_loss"]) for e in curve]}


def main() -> int:
    """Run every corpus at every budget, print the table, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpora", nargs="+", default=DEFAULT_CORPORA, help="bundled corpus names")
    p.add_argument("--budgets", nargs="+", type=float, default=DEFAULT_BUDGETS, help="seconds of training")
    args = p.parse_args()
    budgets = [QUICK_BUDGET_S] if args.quick else sorted(args.budgets)
    corpora = args.corpora[:1] if args.quick else args.corpora
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LSTM_TUI_HOME": str(Path(tmp) / "home")}
        for name in corpora:
            (baseline, *_), _ = run_cli(["baseline", "--corpus", name, "--json"], env)
            runs = [one_run(name, b, env, tmp, args.quick) for b in budgets]
            longest = runs[-1]
            beat = time_to_beat([{"elapsed_s": s, "val_loss": v} for s, v in longest["curve"]], baseline["val_loss"])
            results.append(
                {
                    "corpus": name,
                    **corpus_facts(name, env),
                    "ngram": baseline,
                    "runs": runs,
                    "lstm_beats_ngram_val_after_s": beat,
                }
            )

    rows = []
    for r in results:
        ng = r["ngram"]
        for run in r["runs"]:
            f = run["finished"]
            model, lstm = f.get("test_loss"), f.get("lstm_test_loss", f.get("test_loss"))
            rows.append(
                [
                    r["corpus"], r["chars"], r["vocab"], f"{ng['order']}-gram", ng["test_loss"],
                    f"{run['budget_s']:g} s", f["step"], lstm, model,
                    None if model is None else model - ng["test_loss"],
                    "—" if r["lstm_beats_ngram_val_after_s"] is None else f"{r['lstm_beats_ngram_val_after_s']:.0f} s",
                ]
            )  # fmt: skip
    print_table(
        ["corpus", "chars", "vocab", "n-gram", "n-gram test", "budget", "steps", "LSTM test", "model test",
         "margin", "LSTM < n-gram (val)"],
        rows,
        title="default preset vs the n-gram baseline (nats/char on the test split)",
    )  # fmt: skip
    write_result("vs_ngram", {"quick": args.quick, "budgets_s": budgets, "results": results}, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
