"""`lstm-tui import`: add a corpus (placeholder until the corpora issue lands)."""

from __future__ import annotations

import argparse

from lstm_tui.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="a text file, or an Aozora Bunko .txt/.zip")
    p.add_argument("--name", help="corpus name (default: from the file name)")
    p.add_argument("--wakati", action="store_true", help="also write NAME-wakati, split into morphemes")
    p.add_argument("--no-aozora", action="store_true", help="do not clean Aozora Bunko notation")
    p.add_argument("--force", action="store_true", help="replace a corpus of the same name")


def run(args: argparse.Namespace) -> int:
    raise UserError("import is not available yet")
