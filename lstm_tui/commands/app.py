"""`lstm-tui` with no command: open the app."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Open the app; returns its exit code (non-zero after a crash, 143/129 after
    SIGTERM/SIGHUP, with the training run saved)."""
    from lstm_tui.paths import home_dir

    # A bad LSTM_TUI_HOME is one line on stderr here, before the terminal is taken over,
    # rather than a crash inside the app.
    home_dir()
    from lstm_tui.ui.app import run_app  # without Textual, cli.py prints the help instead

    return run_app()
