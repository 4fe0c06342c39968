"""Time to quality: held-out loss after the same wall-clock budget, per preset.

Trains with the real Trainer (presets `default` and `seed`, time_limit = --budget) on
Tiny Shakespeare and on 吾輩は猫である (Aozora notation cleaned), split as lstm_tui splits
every corpus (train / validation / test), and prints the loss in nats/char and
bits/char with the default/seed ratio. The published figure is the test loss, from the
Trainer's `finished` event; where that event has no `test_loss` yet the validation loss
stands in and the `split` column says so.

How many steps fit in the budget depends on how busy the machine is, so --repeat N
runs every preset N times (rounds interleaved: default, seed, default, seed, …) and
reports each run, with the load average around it, and the spread.

    python benchmarks/time_to_quality.py [--budget 75] [--repeat 2] [--corpus PATH ...] [--presets default,seed]

Targets (default preset, 75 s on a 2-core CPU): Tiny Shakespeare ≤ 1.50 nats/char,
吾輩は猫である ≤ 3.6 nats/char. Writes benchmarks/results/time_to_quality.json.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPORA,
    QUICK_SHAPE,
    base_parser,
    claim_loss,
    corpus_label,
    load_avg,
    load_corpus,
    print_table,
    require_files,
    verdict,
    write_result,
)

# target held-out loss (nats/char) for the default preset, by corpus file stem
TARGETS = {"tinyshakespeare": 1.50, "wagahai_wa_neko_de_aru": 3.6}
QUICK_BUDGET_S = 0.5


def train_one(corpus: Any, preset_name: str, budget: float, quick: bool = False) -> dict[str, Any]:
    """Train one preset on one corpus for `budget` seconds; final and curve losses."""
    from lstm_tui.core.config import preset_for
    from lstm_tui.core.training import Trainer

    shape = QUICK_SHAPE if quick else {}
    config = preset_for(preset_name, len(corpus.vocab), len(corpus.text)).with_(time_limit=budget, **shape)
    trainer = Trainer(config, corpus, out=None)  # no run folder: saving is not measured here
    curve: list[dict[str, float]] = []
    load_before = load_avg()
    start = time.perf_counter()
    last: Any = None
    for event in trainer.events():
        if event.name == "evaluated":
            curve.append(
                {"elapsed_s": round(event.elapsed_s, 1), "step": event.step, "val_loss": round(event.val_loss, 4)}
            )
        last = event
    wall = time.perf_counter() - start
    if last is None or last.name != "finished":
        raise RuntimeError(f"{preset_name} on {corpus.name} did not finish: {last}")
    claim, split = claim_loss(last)
    return {
        "val_nats": last.val_loss,
        "val_bits": last.val_loss / math.log(2),
        "test_nats": getattr(last, "test_loss", None),
        "claim_nats": claim,  # the figure to publish: test, else validation (see split)
        "claim_bits": claim / math.log(2),
        "split": split,
        "train_nats": last.train_loss,
        "steps": last.step,
        "chars_trained": last.step * config.batch_size * config.seq_len,
        "train_s": last.elapsed_s,  # the budget the Trainer counted (evaluation included)
        "wall_s": wall,  # plus the final evaluation and sample
        "load_avg_before": load_before,
        "load_avg_after": load_avg(),
        "curve": curve,
    }


def spread(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per corpus and preset over the repeats: the claimed loss and steps, min / max."""
    out = []
    keys = sorted({(r["corpus"], r["preset"]) for r in results}, key=lambda k: (k[0], k[1] != "default"))
    for corpus, name in keys:
        runs = [r for r in results if r["corpus"] == corpus and r["preset"] == name]
        losses = [r["claim_nats"] for r in runs]
        steps = [r["steps"] for r in runs]
        target = runs[0]["target_nats"]
        out.append(
            {
                "corpus": corpus,
                "preset": name,
                "runs": len(runs),
                "split": runs[0]["split"],
                "claim_nats_min": min(losses),
                "claim_nats_max": max(losses),
                "steps_min": min(steps),
                "steps_max": max(steps),
                "target_nats": target,
                # every repeat must meet it: one lucky run is not a result
                "target_met_all": None if target is None else all(r["target_met"] for r in runs),
            }
        )
    return out


def main() -> int:
    """Train every corpus × preset × repeat, print the tables and write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus", type=Path, action="append", help="corpus file (repeatable; default Tiny Shakespeare and 吾輩)"
    )
    p.add_argument("--budget", type=float, default=75.0, help="seconds of training per run (default 75)")
    p.add_argument("--repeat", type=int, default=1, help="runs of every preset on every corpus (default 1)")
    p.add_argument("--presets", default="default,seed", help="comma-separated presets (default: default,seed)")
    args = p.parse_args()
    corpora = args.corpus or list(DEFAULT_CORPORA)
    require_files(corpora)
    budget = QUICK_BUDGET_S if args.quick else args.budget
    presets = [s.strip() for s in args.presets.split(",") if s.strip()]

    results: list[dict[str, Any]] = []
    for path in corpora:
        corpus = load_corpus(path)
        label = corpus_label(path)
        for run in range(1, args.repeat + 1):
            for name in presets:
                print(
                    f"training {name} on {label} for {budget:g} s (run {run}/{args.repeat}) …",
                    file=sys.stderr,
                    flush=True,
                )
                r = train_one(corpus, name, budget, args.quick)
                target = TARGETS.get(label) if name == "default" else None
                results.append(
                    {
                        "corpus": label,
                        "preset": name,
                        "run": run,
                        "chars": len(corpus.text),
                        "vocab": len(corpus.vocab),
                        "val_chars": len(corpus.val),
                        "test_chars": len(getattr(corpus, "test", ())),
                        "target_nats": target,
                        "target_met": None if target is None else r["claim_nats"] <= target,
                        **r,
                    }
                )

    rows = []
    for r in results:
        ref = next(
            (x for x in results if x["corpus"] == r["corpus"] and x["run"] == r["run"] and x["preset"] == "seed"), None
        )
        ratio = r["claim_nats"] / ref["claim_nats"] if ref else None
        r["ratio_to_seed"] = ratio
        rows.append(
            [
                r["corpus"],
                r["chars"],
                r["vocab"],
                r["preset"],
                r["run"],
                r["steps"],
                r["chars_trained"],
                r["split"],
                r["claim_nats"],
                r["claim_bits"],
                ratio,
                r["target_nats"],
                verdict(r["target_met"]),
                r["val_nats"],
                " ".join(f"{x:g}" for x in r["load_avg_before"] or []),
            ]
        )
    print_table(
        [
            "corpus",
            "corpus chars",
            "vocab (distinct chars)",
            "preset",
            "run",
            "steps",
            "chars seen",
            "split",
            "nats/char",
            "bits/char",
            "÷ seed",
            "target",
            "met?",
            "val nats/char",
            "load avg before",
        ],
        rows,
        title=f"held-out loss after {budget:g} s of training (lower is better)",
    )
    summary = spread(results)
    if args.repeat > 1:
        print()
        print_table(
            ["corpus", "preset", "runs", "split", "nats/char min", "max", "steps min", "max", "all met?"],
            [
                [
                    s["corpus"],
                    s["preset"],
                    s["runs"],
                    s["split"],
                    s["claim_nats_min"],
                    s["claim_nats_max"],
                    s["steps_min"],
                    s["steps_max"],
                    verdict(s["target_met_all"]),
                ]
                for s in summary
            ],
            title=f"spread over {args.repeat} runs",
        )
    out = write_result(
        "time_to_quality",
        {
            "budget_s": budget,
            "repeat": args.repeat,
            "presets": presets,
            "quick": args.quick,
            "results": results,
            "summary": summary,
        },
        args.out_dir,
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
