"""`lstm-tui freq`: morpheme frequency tables (placeholder until the morphology issue lands)."""

from __future__ import annotations

import argparse

from lstm_tui.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", help="corpus name or path")
    src.add_argument("--text-file", help="any text file")
    src.add_argument("--model", help="a run folder: analyse text sampled from it")
    p.add_argument("--pos", choices=["adjective", "noun", "verb", "content", "all"], default="content")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")


def run(args: argparse.Namespace) -> int:
    raise UserError("freq is not available yet")
