"""Running the real command line, in-process or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """main(argv) in this process → (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse exits on bad arguments
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["OMP_NUM_THREADS"] = "1"
    env.update(extra)
    return env


def run_cli(*argv: str, timeout: float = 120, **popen: object) -> subprocess.CompletedProcess[str]:
    """`python -m lstm_tui ARGV` as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "lstm_tui", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(),
        **popen,  # type: ignore[arg-type]
    )
