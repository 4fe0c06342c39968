"""`lstm-tui` with no command: open the app."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    try:
        from lstm_tui.ui.app import run_app
    except ImportError:
        from lstm_tui.cli import build_parser

        build_parser().print_help()
        return 0
    return run_app()
