#!/usr/bin/env python3
"""Copy a run into models/ as a bundled run (the wheel ships models/).

    python scripts/bundle_run.py SRC DST

Writes DST with the run's best weights as model.safetensors in float16 (half the
wheel; `eval` reproduces the float32 figures to 1e-3, see benchmarks/base_model.py),
run.json (config, vocabulary, progress, the hybrid's λ and the parent it started
from), the non-progress events of metrics.jsonl and the samples; no optimizer state
and no best.safetensors (a bundled run is read-only: it is sampled, scored and started
from, never resumed). The corpus path is emptied, so a bundled corpus is found by
name and a pretraining text that is not bundled is not looked for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing


def bundle(src: Path, dst: Path) -> str:
    """Write the bundled copy of run `src` to `dst`; returns a one-line summary."""
    from lstm_tui.core import checkpoint as ckpt

    best = ckpt.load_run(src, weights="best")
    metrics = [m for m in ckpt.read_metrics(src) if m.get("event") != "progress"]
    ckpt.save_run(
        dst,
        best.model.half(),
        best.vocab,
        best.config,
        {**best.corpus, "path": ""},
        best.progress,
        metrics=metrics,
        samples=ckpt.read_samples(src),
        hybrid=best.hybrid,
        parent=best.parent,
    )
    for stale in (ckpt.BEST_FILE, ckpt.OPTIMIZER_FILE):
        (dst / stale).unlink(missing_ok=True)
    return f"bundled {src} ({best.weights} weights, best step {best.progress.best_step}) as {dst}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    args = ap.parse_args(argv)
    print(bundle(args.src, args.dst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
