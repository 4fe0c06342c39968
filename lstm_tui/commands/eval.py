"""`lstm-tui eval`: a run's validation and test loss on a corpus, in nats and bits per character."""

from __future__ import annotations

import argparse
import json
import math


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, metavar="DIR", help="a run folder")
    p.add_argument("--corpus", required=True, metavar="C", help="corpus name or text file")
    p.add_argument(
        "--weights",
        choices=["best", "last"],
        default="best",
        help="best: the best-validation weights the run kept (default); last: where training stopped",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.corpus import build_corpus
    from lstm_tui.core.devices import use_bf16
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.evaluation import evaluate
    from lstm_tui.errors import CorpusError
    from lstm_tui.paths import resolve_corpus

    run_ = load_run(args.model, weights=args.weights)
    path = resolve_corpus(args.corpus)
    text = read_text(path)
    # The run's own vocabulary and the fixed 90/5/5 splits: the corpus it trained on
    # gives the run's own validation figure.
    corpus = build_corpus(text, path.stem, vocab=run_.vocab)
    if len(corpus.val) < 2:
        raise CorpusError(f"{path} leaves fewer than 2 validation characters the model knows")
    # The precision the run trained (and validated) under, so the same corpus gives the
    # run's own figure; on a CPU without fast bf16 "auto" means float32.
    device = next(run_.model.parameters()).device
    bf16 = use_bf16(run_.config.precision, device)
    loss = evaluate(run_.model, corpus.val, bf16=bf16)
    test = evaluate(run_.model, corpus.test, bf16=bf16) if len(corpus.test) >= 2 else math.nan
    dropped = len(text) - len(corpus.text)
    result = {
        "model": str(run_.path),
        "corpus": str(path),
        "weights": run_.weights,
        "val_chars": len(corpus.val),
        "val_loss": round(loss, 6),
        "bits_per_char": round(loss / math.log(2), 6),
        "test_chars": len(corpus.test),
        "test_loss": round(test, 6) if math.isfinite(test) else None,
        "unknown_chars_dropped": dropped,
        "precision": "bf16" if bf16 else "fp32",
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        test_line = f"; test {test:.4f} nats/char over {len(corpus.test):,}" if math.isfinite(test) else ""
        print(
            f"validation loss {loss:.4f} nats/char = {loss / math.log(2):.4f} bits/char "
            f"over {len(corpus.val):,} characters{test_line} ({run_.weights} weights)"
            + (f" ({dropped:,} unknown characters dropped)" if dropped else "")
        )
    return 0
