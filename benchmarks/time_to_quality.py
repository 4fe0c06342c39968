"""Time to quality: validation loss after the same wall-clock budget, per preset.

Trains with the real Trainer (presets `default` and `seed`, time_limit = --budget) on
Tiny Shakespeare and on 吾輩は猫である (Aozora notation cleaned), the last 10% of each held
out, and prints validation loss in nats/char and bits/char with the default/seed ratio.

    python benchmarks/time_to_quality.py [--budget 75] [--corpus PATH ...] [--presets default,seed]

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
    DEFAULT_CORPORA, QUICK_SHAPE, base_parser, corpus_label, load_corpus, print_table, require_files, verdict, write_result,
)

# target validation loss (nats/char) for the default preset, by corpus file stem
TARGETS = {"tinyshakespeare": 1.50, "wagahai_wa_neko_de_aru": 3.6}
QUICK_BUDGET_S = 0.5


def train_one(corpus: Any, preset_name: str, budget: float, quick: bool = False) -> dict[str, Any]:
    """Train one preset on one corpus for `budget` seconds; final and curve losses."""
    from lstm_tui.core.config import preset_for
    from lstm_tui.core.training import Trainer

    config = preset_for(preset_name, len(corpus.vocab), len(corpus.text)).with_(time_limit=budget, **(QUICK_SHAPE if quick else {}))
    trainer = Trainer(config, corpus, out=None)  # no run folder: saving is not measured here
    curve: list[dict[str, float]] = []
    start = time.perf_counter()
    last: Any = None
    for event in trainer.events():
        if event.name == "evaluated":
            curve.append({"elapsed_s": round(event.elapsed_s, 1), "step": event.step, "val_loss": round(event.val_loss, 4)})
        last = event
    wall = time.perf_counter() - start
    if last is None or last.name != "finished":
        raise RuntimeError(f"{preset_name} on {corpus.name} did not finish: {last}")
    val = last.val_loss
    return {
        "val_nats": val,
        "val_bits": val / math.log(2),
        "train_nats": last.train_loss,
        "steps": last.step,
        "chars_trained": last.step * config.batch_size * config.seq_len,
        "train_s": last.elapsed_s,  # the budget the Trainer counted (evaluation included)
        "wall_s": wall,  # plus the final evaluation and sample
        "curve": curve,
    }


def main() -> int:
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, action="append", help="corpus file (repeatable; default Tiny Shakespeare and 吾輩)")
    p.add_argument("--budget", type=float, default=75.0, help="seconds of training per preset and corpus (default 75)")
    p.add_argument("--presets", default="default,seed", help="comma-separated presets (default: default,seed)")
    args = p.parse_args()
    corpora = args.corpus or list(DEFAULT_CORPORA)
    require_files(corpora)
    budget = QUICK_BUDGET_S if args.quick else args.budget
    presets = [s.strip() for s in args.presets.split(",") if s.strip()]

    results: list[dict[str, Any]] = []
    for path in corpora:
        corpus = load_corpus(path)  # default val split: the last 10% held out
        label = corpus_label(path)
        for name in presets:
            print(f"training {name} on {label} for {budget:g} s …", file=sys.stderr, flush=True)
            r = train_one(corpus, name, budget, args.quick)
            target = TARGETS.get(label) if name == "default" else None
            results.append({
                "corpus": label, "preset": name, "chars": len(corpus.text), "vocab": len(corpus.vocab),
                "val_chars": len(corpus.val), "target_nats": target,
                "target_met": None if target is None else r["val_nats"] <= target, **r,
            })

    rows = []
    for r in results:
        ref = next((x for x in results if x["corpus"] == r["corpus"] and x["preset"] == "seed"), None)
        ratio = r["val_nats"] / ref["val_nats"] if ref else None
        r["ratio_to_seed"] = ratio
        rows.append([
            r["corpus"], r["preset"], r["vocab"], r["steps"], r["chars_trained"], r["val_nats"], r["val_bits"],
            ratio, r["target_nats"], verdict(r["target_met"]),
        ])
    print_table(
        ["corpus", "preset", "vocab", "steps", "chars seen", "val nats/char", "val bits/char", "÷ seed", "target", "met?"],
        rows, title=f"validation loss after {budget:g} s of training (lower is better)",
    )
    out = write_result("time_to_quality", {"budget_s": budget, "presets": presets, "results": results}, args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
