"""`lstm-tui baseline`: the character n-gram baseline of a corpus (order, val and test loss).

With --json, one object: {"order", "val_loss", "test_loss", "by_order", "discount",
"chars", "vocab", "train_chars", "val_chars", "test_chars", "unknown_val",
"unknown_test", "build_s", "elapsed_s", "corpus"}; losses in nats per character.
build_s is how long fitting took; elapsed_s how long this command took to get the
figures (small when they came from the cache, core/ngram_cache.py). No torch is imported.
"""

from __future__ import annotations

import argparse
import math

from lstm_tui.json_out import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `baseline`."""
    p.add_argument("--corpus", required=True, metavar="C", help="corpus name or text file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.epilog = (
        "Interpolated Kneser-Ney (modified, three discounts per order) over characters, trained on "
        "the first 90%% of the text; the order is chosen on the next 5%% (validation) and the last "
        "5%% (test) gives test_loss. Losses are nats per character."
    )


def run(args: argparse.Namespace) -> int:
    """Print the baseline's figures; returns 0."""
    import time

    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.ngram_cache import baseline_for
    from lstm_tui.paths import resolve_corpus

    path = resolve_corpus(args.corpus)
    text = read_text(path)
    start = time.perf_counter()
    b = baseline_for(text)  # read_text raises CorpusError for an empty or unusable file
    took = time.perf_counter() - start
    if args.json:
        out = {**b.to_json(), "elapsed_s": round(took, 3), "corpus": str(path)}
        print(dumps(out))
    else:
        unknown = b.unknown_val + b.unknown_test
        note = f"; {unknown:,} held-out characters never seen in training" if unknown else ""
        print(
            f"{b.label} Kneser-Ney: validation {b.val_loss:.4f}, test {b.test_loss:.4f} nats/char "
            f"({b.test_loss / math.log(2):.4f} bits) on {b.chars:,} characters, vocabulary {b.vocab:,}{note}"
        )
    return 0
