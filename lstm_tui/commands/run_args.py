"""The arguments every command that reads a saved run shares. Not a command itself."""

from __future__ import annotations

import argparse


def add_model_argument(p: argparse.ArgumentParser) -> None:
    """--model DIR and --weights best|last, as sample, eval, inspect and cells take them."""
    p.add_argument("--model", required=True, metavar="DIR", help="a run folder")
    p.add_argument(
        "--weights",
        choices=["best", "last"],
        default="best",
        help="best: the best-validation weights the run kept (default); last: where training stopped",
    )
