"""`lstm-tui corpora`: list corpora (placeholder until the corpora issue lands)."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="one JSON object per corpus")


def run(args: argparse.Namespace) -> int:
    from lstm_tui import paths

    for f in sorted(paths.bundled_corpora_dir().glob("*.txt")):
        print(f.stem, f)
    return 0
