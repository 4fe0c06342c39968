"""`lstm-tui sample`: stream text from a saved run to stdout.

A hybrid run (run.json's "hybrid") samples from λ·LSTM + (1 − λ)·n-gram, the n-gram
rebuilt from the run's corpus (from the disk cache after the first time); --pure
samples the LSTM alone. When that corpus is gone or changed, it says so in one line on
stderr and samples the LSTM alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lstm_tui.commands.run_args import add_model_argument, add_pure_argument
from lstm_tui.core.sampling_options import DEFAULT_LENGTH, DEFAULT_TEMPERATURE, MAX_TEMPERATURE, SamplingOptions


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_model_argument(p)
    p.add_argument("--prefix", default="", metavar="P", help="text the sample continues")
    p.add_argument(
        "--temperature",
        type=float,
        default=DEFAULT_TEMPERATURE,
        metavar="X",
        help=f"0 is greedy; higher is wilder (0–{MAX_TEMPERATURE:g}, default {DEFAULT_TEMPERATURE:g})",
    )
    p.add_argument("--length", type=int, default=DEFAULT_LENGTH, metavar="N", help="new characters to write")
    p.add_argument(
        "--top-k", type=int, default=None, metavar="K", help="sample only from the K likeliest (default off)"
    )
    p.add_argument("--seed", type=int, default=None, metavar="N", help="same seed, same text")
    add_pure_argument(p)


def options_from(args: argparse.Namespace) -> SamplingOptions:
    """The sampling options the flags ask for (ConfigError names a bad one)."""
    return SamplingOptions(
        temperature=args.temperature, top_k=args.top_k, length=args.length, seed=args.seed, pure=args.pure
    )


SHOWN_UNKNOWN = 10  # unknown prefix characters named in the warning; the rest are counted


def listed(chars: Sequence[str], shown: int = SHOWN_UNKNOWN) -> str:
    """The first `shown` characters, quoted, then "… and N more": one short line even
    for a prefix of 32,000 characters the model never saw."""
    head = " ".join(repr(c) for c in chars[:shown])
    return head + (f" … and {len(chars) - shown:,} more" if len(chars) > shown else "")


def run(args: argparse.Namespace) -> int:
    import torch

    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.run_sampling import run_mixture
    from lstm_tui.core.runfiles import BEST_FILE
    from lstm_tui.core.sample_checks import split_prefix
    from lstm_tui.core.sampling import stream
    from lstm_tui.paths import bundled_models_dir

    options = options_from(args)
    torch.set_num_threads(1)  # one character at a time is latency-bound: 1 thread is fastest
    run_ = load_run(args.model, weights=args.weights)
    # A bundled run ships its best weights as model.safetensors (models/README.md): no note.
    bundled = run_.path.resolve().parent == bundled_models_dir().resolve()
    if args.weights == "best" and run_.weights != "best" and not bundled:  # as eval says it, on one line
        print(
            f"lstm-tui: note: {run_.path} has no best weights ({BEST_FILE}); sampling its last weights",
            file=sys.stderr,
        )
    unknown = split_prefix(args.prefix, run_.vocab).unknown
    if unknown:
        print(f"lstm-tui: warning: the model never saw {listed(unknown)}; skipped in the prefix", file=sys.stderr)
    mixture = run_mixture(run_, pure=options.pure)
    if mixture.note is not None:
        print(f"lstm-tui: note: {mixture.note}", file=sys.stderr)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        # a prefix with undecodable bytes arrives as lone surrogates; print, never crash
        out.reconfigure(errors="replace")
    out.write(args.prefix)
    chars = stream(run_.model, run_.vocab, args.prefix, options, ngram=mixture.ngram, lam=mixture.lam)
    for ch in chars:
        out.write(ch)
        if ch == "\n" or out.isatty():
            out.flush()
    out.write("\n")
    out.flush()
    return 0
