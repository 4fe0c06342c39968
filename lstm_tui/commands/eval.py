"""`lstm-tui eval`: a run's validation and test loss on a corpus, in nats and bits per character.

Beside them, the corpus's n-gram baseline on the same splits (ngram_order,
ngram_val_loss, ngram_test_loss). For a hybrid run (run.json's "hybrid"), test_loss is
the mixture λ·LSTM + (1 − λ)·n-gram with the λ the run recorded, and lstm_test_loss the
LSTM alone (always present); --pure scores the LSTM alone. On the corpus the run was
trained on, these are the figures its `train --json` finished line gave.
"""

from __future__ import annotations

import argparse
import math
import sys

from lstm_tui.commands.run_args import add_model_argument
from lstm_tui.json_out import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_model_argument(p)
    p.add_argument("--corpus", required=True, metavar="C", help="corpus name or text file")
    p.add_argument(
        "--pure", action="store_true", help="score the LSTM alone, even for a run trained as a hybrid with the n-gram"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.scoring import score_run
    from lstm_tui.core.unknown import UNKNOWN
    from lstm_tui.paths import resolve_corpus

    run_ = load_run(args.model, weights=args.weights)
    path = resolve_corpus(args.corpus)
    score = score_run(run_, read_text(path), str(path), pure=args.pure)
    if score.note is not None:
        print(f"lstm-tui: note: {score.note}", file=sys.stderr)
    result = {"model": str(run_.path), "corpus": str(path), "weights": run_.weights, **score.to_json()}
    if args.json:
        print(dumps(result))
        return 0
    baseline, test, lam = score.baseline, score.test_loss, score.hybrid_lambda

    def vs(which: str) -> str:
        return f" vs {baseline.label} {getattr(baseline, which):.4f}" if baseline is not None else ""

    test_line = ""
    if test is not None:
        test_line = f"; test {test:.4f} nats/char over {score.test_chars:,}"
        if lam is not None:
            test_line += f" hybrid (λ {lam:.3f}; LSTM alone {score.lstm_test_loss:.4f})"
        test_line += vs("test_loss")
    note = f" ({score.dropped:,} unknown characters dropped)" if score.dropped else ""
    if score.mapped:
        # occurrences in the scored text, not distinct characters (train's "added N" counts those)
        note = f" ({score.mapped:,} occurrences of characters it does not know scored as {UNKNOWN}, the n-gram too)"
    loss = score.val_loss
    print(
        f"validation loss {loss:.4f} nats/char = {loss / math.log(2):.4f} bits/char "
        f"over {score.val_chars:,} characters{vs('val_loss')}{test_line} ({run_.weights} weights){note}"
    )
    return 0
