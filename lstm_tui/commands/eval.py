"""`lstm-tui eval`: a run's validation and test loss on a corpus, in nats and bits per character.

Beside them, the corpus's n-gram baseline on the same splits (ngram_order,
ngram_val_loss, ngram_test_loss). For a hybrid run (run.json's "hybrid"), test_loss is
the mixture λ·LSTM + (1 − λ)·n-gram with the λ the run recorded, and lstm_test_loss the
LSTM alone (always present); --pure scores the LSTM alone. On the corpus the run was
trained on, these are the figures its `train --json` finished line gave.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from lstm_tui.commands.run_args import add_model_argument


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_model_argument(p)
    p.add_argument("--corpus", required=True, metavar="C", help="corpus name or text file")
    p.add_argument(
        "--pure", action="store_true", help="score the LSTM alone, even for a run trained as a hybrid with the n-gram"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")


def _baseline(text: str) -> Any:
    """The corpus's n-gram baseline, or None for a text too short to have one."""
    from lstm_tui.core.ngram import baseline_for
    from lstm_tui.errors import UserError

    try:
        return baseline_for(text)  # on the run's own corpus, the same cache entry as `lstm-tui baseline`
    except (UserError, ValueError):
        return None


def run(args: argparse.Namespace) -> int:
    from lstm_tui.core import hybrid
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.corpus import build_corpus
    from lstm_tui.core.devices import use_bf16
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.evaluation import evaluate, evaluate_log_probs
    from lstm_tui.core.unknown import UNKNOWN
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
    lstm_test, test_lp = math.nan, None
    if len(corpus.test) >= 2:
        lstm_test, test_lp = evaluate_log_probs(run_.model, corpus.test, bf16=bf16)
    test, lam = lstm_test, None
    if run_.hybrid is not None and not args.pure and test_lp is not None:
        ngram, why = hybrid.run_ngram(run_.hybrid, run_.corpus, text)
        if ngram is None:
            print(
                f"lstm-tui: note: scoring the LSTM alone: this hybrid run's n-gram is unavailable ({why})",
                file=sys.stderr,
            )
        else:
            val_end = len(corpus.train) + len(corpus.val)
            lam = run_.hybrid.lam
            test = hybrid.mixed_loss(test_lp, hybrid.ngram_targets(ngram, corpus.text, val_end, len(corpus.text)), lam)
    # The n-gram scores the text the LSTM scores: for a base model, with the characters
    # outside its vocabulary mapped to its UNKNOWN symbol (core/unknown.py).
    baseline = _baseline(corpus.text)
    dropped = len(text) - len(corpus.text)
    mapped = corpus.text.count(UNKNOWN) - text.count(UNKNOWN) if UNKNOWN in run_.vocab else 0
    result = {
        "model": str(run_.path),
        "corpus": str(path),
        "weights": run_.weights,
        "val_chars": len(corpus.val),
        "val_loss": round(loss, 6),
        "bits_per_char": round(loss / math.log(2), 6),
        "test_chars": len(corpus.test),
        "test_loss": round(test, 6) if math.isfinite(test) else None,
        "lstm_test_loss": round(lstm_test, 6) if math.isfinite(lstm_test) else None,
        "hybrid_lambda": round(lam, 6) if lam is not None else None,
        "ngram_order": baseline.order if baseline is not None else None,
        "ngram_val_loss": round(baseline.val_loss, 6) if baseline is not None else None,
        "ngram_test_loss": round(baseline.test_loss, 6) if baseline is not None else None,
        "unknown_chars_dropped": dropped,
        "unknown_chars_mapped": mapped,
        "precision": "bf16" if bf16 else "fp32",
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:

        def vs(which: str) -> str:
            return f" vs {baseline.label} {getattr(baseline, which):.4f}" if baseline is not None else ""

        test_line = ""
        if math.isfinite(test):
            test_line = f"; test {test:.4f} nats/char over {len(corpus.test):,}"
            if lam is not None:
                test_line += f" hybrid (λ {lam:.3f}; LSTM alone {lstm_test:.4f})"
            test_line += vs("test_loss")
        note = f" ({dropped:,} unknown characters dropped)" if dropped else ""
        if mapped:
            note = f" ({mapped:,} characters outside its vocabulary scored as {UNKNOWN}, the n-gram too)"
        print(
            f"validation loss {loss:.4f} nats/char = {loss / math.log(2):.4f} bits/char "
            f"over {len(corpus.val):,} characters{vs('val_loss')}{test_line} ({run_.weights} weights){note}"
        )
    return 0
