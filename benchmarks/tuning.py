"""Tuning sweep: validation loss of the `default` preset with one setting changed.

Trains the `default` preset as fitted to the corpus for a fixed number of steps (so a
busy machine changes how long a run takes, not its result) with each value of each
--vary setting in turn, the others left at the preset's values, on each seed, and
reports the validation loss and its difference from the preset's own value on the
same seed. Tuning looks at validation only: the test split is kept for published
figures. Periodic evaluation and preview samples are switched off, so a run is a
function of its settings and seed alone.

    python benchmarks/tuning.py [--corpus PATH] [--steps 3000 | --time-limit S] [--seeds 1,2]
                                [--vary dropout=0,0.1,0.2] [--vary clip=0,0.25,0.5,1] [--name tuning]

--vary KEY=V1,V2,… takes any numeric or boolean TrainConfig field (e.g. seq_len,
embed, lr, tie). Settings that change the cost of a step (batch_size, hidden) are
fairly compared only under a time budget: --time-limit S trains each run for S
seconds instead of a fixed number of steps (and then the machine's load matters
again; the load averages are recorded per run). Writes
benchmarks/results/NAME.json (default tuning.json).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    QUICK_SHAPE,
    SHAKESPEARE,
    base_parser,
    corpus_label,
    load_avg,
    load_corpus,
    print_table,
    require_files,
    write_result,
)

DEFAULT_VARY = ("dropout=0,0.1,0.2", "clip=0,0.25,0.5,1")
_FAR = 1e9  # seconds: no periodic evaluation or sample inside a run
QUICK_STEPS = 10


def parse_vary(specs: list[str]) -> dict[str, list[Any]]:
    """{'dropout': [0.0, 0.1], …} from ['dropout=0,0.1', …], typed as TrainConfig's fields."""
    from lstm_tui.core.config import TrainConfig

    types = {f.name: type(getattr(TrainConfig(), f.name)) for f in dataclasses.fields(TrainConfig)}
    out: dict[str, list[Any]] = {}
    for spec in specs:
        key, sep, values = spec.partition("=")
        if not sep or key not in types or types[key] not in (int, float, bool):
            print(f"--vary {spec!r}: expected KEY=V1,V2 with KEY a numeric TrainConfig field", file=sys.stderr)
            sys.exit(2)
        kind = types[key]
        parse = (lambda v: v.lower() in ("1", "true", "yes")) if kind is bool else kind
        out[key] = [parse(v) for v in values.split(",") if v]
    return out


def train_steps(corpus: Any, config: Any) -> dict[str, Any]:
    """Train `config` for its steps with no run folder; the finished event's figures."""
    from lstm_tui.core.training import Trainer

    start = time.perf_counter()
    last = Trainer(config, corpus, out=None).run()
    if last.name != "finished":
        raise RuntimeError(f"training failed: {last}")
    return {
        "val_loss": last.val_loss,
        "train_loss": last.train_loss,
        "steps": last.step,
        "wall_s": time.perf_counter() - start,
        "chars_per_s": last.chars_per_s,
    }


def main() -> int:
    """Run the sweep, print the runs and the summary, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=SHAKESPEARE, help="corpus file (default Tiny Shakespeare)")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, default=3000, help="optimisation steps per run (default 3000)")
    budget.add_argument("--time-limit", type=float, help="seconds per run instead of a number of steps")
    p.add_argument("--name", default="tuning", help="result file name, so sweeps can sit side by side")
    p.add_argument("--seeds", default="1,2", help="comma-separated seeds (default 1,2)")
    p.add_argument(
        "--vary",
        action="append",
        metavar="KEY=V1,V2",
        help="a setting and its values (repeatable; default dropout and clip)",
    )
    args = p.parse_args()
    require_files([args.corpus])
    vary = parse_vary(args.vary or list(DEFAULT_VARY))
    steps = QUICK_STEPS if args.quick else (None if args.time_limit else args.steps)
    time_limit = None if args.quick else args.time_limit
    budget_text = f"{time_limit:g} s" if time_limit else f"{steps:,} steps"
    seeds = [int(s) for s in args.seeds.split(",") if s]
    if args.quick:
        seeds = seeds[:1]

    from lstm_tui.core.config import preset_for

    corpus = load_corpus(args.corpus)
    base = preset_for("default", len(corpus.vocab), len(corpus.text)).with_(
        steps=steps,
        time_limit=time_limit,
        eval_every_s=_FAR,
        sample_every_s=_FAR,
        sample_length=0,
        checkpoint_every_s=_FAR,
        **(QUICK_SHAPE if args.quick else {}),
    )
    # one run per distinct setting: the preset's own values are shared by every sweep
    variants: list[tuple[str, Any]] = [("preset", None)]
    variants += [(k, v) for k, values in vary.items() for v in values if v != getattr(base, k)]

    runs: list[dict[str, Any]] = []
    for seed in seeds:  # seed-major: each seed's runs close in time, so see similar load
        for key, value in variants:
            config = base.with_(seed=seed, **({key: value} if key != "preset" else {})).validate()
            label = "preset" if key == "preset" else f"{key}={value:g}"
            print(f"seed {seed}: {label}, {budget_text} …", file=sys.stderr, flush=True)
            load_before = load_avg()
            r = train_steps(corpus, config)
            runs.append(
                {
                    "key": key,
                    "value": value,
                    "seed": seed,
                    "load_avg_before": load_before,
                    "load_avg_after": load_avg(),
                    **r,
                }
            )

    baseline = {r["seed"]: r["val_loss"] for r in runs if r["key"] == "preset"}
    for r in runs:
        r["val_delta"] = r["val_loss"] - baseline[r["seed"]]  # paired: same seed, same batches
    summary = []
    for key, values in vary.items():
        for value in values:
            same = [
                r
                for r in runs
                if (r["key"] == key and r["value"] == value) or (r["key"] == "preset" and getattr(base, key) == value)
            ]
            vals = [r["val_loss"] for r in same]
            summary.append(
                {
                    "key": key,
                    "value": value,
                    "is_preset": getattr(base, key) == value,
                    "runs": len(same),
                    "val_loss_mean": sum(vals) / len(vals),
                    "val_delta_mean": sum(r["val_delta"] for r in same) / len(same),
                    "val_loss_by_seed": {str(r["seed"]): r["val_loss"] for r in same},
                }
            )
    print_table(
        [
            "setting",
            "value",
            "preset's?",
            "seeds",
            "val nats/char (mean)",
            "Δ vs preset (mean, paired)",
            *[f"seed {s}" for s in seeds],
        ],
        [
            [
                s["key"],
                s["value"],
                s["is_preset"],
                s["runs"],
                s["val_loss_mean"],
                s["val_delta_mean"],
                *[s["val_loss_by_seed"].get(str(sd)) for sd in seeds],
            ]
            for s in summary
        ],
        title=f"validation loss after {budget_text} of `default` on {corpus_label(args.corpus)} "
        f"(vocab {len(corpus.vocab):,}), one setting changed at a time (lower is better)",
    )
    preset_values = {k: getattr(base, k) for k in vary}
    out = write_result(
        args.name,
        {
            "corpus": corpus_label(args.corpus),
            "chars": len(corpus.text),
            "vocab": len(corpus.vocab),
            "val_chars": len(corpus.val),
            "split": "val",
            "steps": steps,
            "seeds": seeds,
            "quick": args.quick,
            "preset_values": preset_values,
            "vary": vary,
            "runs": runs,
            "summary": summary,
        },
        args.out_dir,
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
