"""The base model's own figures: held-out Aozora works, beside an n-gram fitted on the
same pretraining text, and what its pretraining cost.

Reads the pretraining run (scripts/pretrain_base.py's --out folder, with its
metrics.jsonl) and the bundled copy (models/base-ja, float16 weights), rebuilds the
pretraining corpus (scripts/build_pretrain.py's build/pretrain), and reports:
- the test loss of the held-out works (whole works never trained on), as the run's
  finished line gave it (float32 weights) and as the bundled float16 copy scores it now (the
  two must agree to 1e-3);
- the Kneser–Ney n-gram fitted on the same training works, on the same test works;
- wall time, steps, characters seen and characters per second of the pretraining.

    python benchmarks/base_model.py [--run build/base-ja-run] [--model models/base-ja]

Writes benchmarks/results/base_model.json.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, print_table, write_result


def main() -> int:
    """Score the bundled base on the held-out works; print and write the figures."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--run", type=Path, default=ROOT / "build" / "base-ja-run")
    p.add_argument("--model", type=Path, default=ROOT / "models" / "base-ja")
    p.add_argument("--data", type=Path, default=ROOT / "build" / "pretrain")
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from pretrain_base import pretrain_corpus

    from lstm_tui.core.checkpoint import load_run, read_metrics
    from lstm_tui.core.devices import use_bf16
    from lstm_tui.core.evaluation import evaluate

    corpus = pretrain_corpus(args.data)
    bundled = load_run(args.model)
    test = corpus.test[:20_000] if args.quick else corpus.test
    bf16 = use_bf16(bundled.config.precision, next(bundled.model.parameters()).device)
    loss = evaluate(bundled.model, test, bf16=bf16)
    ends = [m for m in read_metrics(args.run) if m.get("event") == "finished"]
    end: dict[str, Any] = ends[-1] if ends else {}
    progress = load_run(args.run, weights="last").progress
    config = bundled.config
    chars_seen = progress.step * config.batch_size * config.seq_len
    figures = {
        "vocab": len(bundled.vocab),
        "train_chars": len(corpus.train),
        "val_chars": len(corpus.val),
        "test_chars": len(corpus.test),
        "size": f"{config.hidden}x{config.layers}, embed {config.embed}, tied output",
        "test_loss_at_end": end.get("test_loss"),
        "test_loss_bundled": None if args.quick else loss,
        "ngram_order": end.get("ngram_order"),
        "ngram_test_loss": end.get("ngram_test_loss"),
        "best_val_loss": progress.best_val_loss,
        "best_step": progress.best_step,
        "steps": progress.step,
        "elapsed_s": progress.elapsed_s,
        "chars_seen": chars_seen,
        "epochs": chars_seen / len(corpus.train),
        "chars_per_s": chars_seen / progress.elapsed_s if progress.elapsed_s else None,
        "precision": "bf16 autocast" if bf16 else "fp32",
    }
    if not args.quick and figures["test_loss_at_end"] is not None:
        figures["bundled_matches_to_1e-3"] = abs(loss - figures["test_loss_at_end"]) <= 1e-3
    print_table(["figure", "value"], [[k, v] for k, v in figures.items()], title="base-ja on held-out works")
    write_result("base_model", {"quick": args.quick, **figures}, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
