"""The arguments every command that reads a saved run shares. Not a command itself."""

from __future__ import annotations

import argparse

from lstm_tui.core.sampling_options import DEFAULT_TEMPERATURE, MAX_TEMPERATURE, SamplingOptions


def add_model_argument(p: argparse.ArgumentParser) -> None:
    """--model DIR and --weights best|last, as sample, eval, inspect and cells take them."""
    p.add_argument(
        "--model", required=True, metavar="RUN", help="a run folder, or a run's name as `lstm-tui runs` lists it"
    )
    p.add_argument(
        "--weights",
        choices=["best", "last"],
        default="best",
        help="best: the best-validation weights the run kept (default); last: where training stopped",
    )


def add_pure_argument(p: argparse.ArgumentParser) -> None:
    """--pure: sample the LSTM alone, as sample, freq --model and kwic --model take it."""
    p.add_argument(
        "--pure", action="store_true", help="sample the LSTM alone, even from a run trained as a hybrid with the n-gram"
    )


SAMPLED_CHARS = 2000  # what freq and kwic read of a run by default


def add_model_sampling_arguments(p: argparse.ArgumentParser) -> None:
    """--chars, --seed, --temperature and --pure: how freq and kwic sample a run."""
    p.add_argument(
        "--chars", type=int, default=SAMPLED_CHARS, help=f"characters to sample from a run (default {SAMPLED_CHARS})"
    )
    p.add_argument("--seed", type=int, default=0, help="sampling seed for a run (default 0)")
    p.add_argument(
        "--temperature",
        type=float,
        default=DEFAULT_TEMPERATURE,
        help=f"sampling temperature for a run, 0–{MAX_TEMPERATURE:g} (default {DEFAULT_TEMPERATURE:g})",
    )
    add_pure_argument(p)


def model_sampling(args: argparse.Namespace) -> SamplingOptions:
    """The options freq and kwic sample a --model with (ConfigError names a bad flag)."""
    return SamplingOptions(temperature=args.temperature, length=args.chars, seed=args.seed, pure=args.pure)
