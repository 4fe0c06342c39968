"""Shared pieces of the reliability tests: tiny corpora, run folders, one-line checks."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 40

# Small, fast model settings for the command line (one thread: the box is shared).
SMALL = ["--hidden", "16", "--embed", "8", "--seq-len", "16", "--batch-size", "4", "--threads", "1"]


def write_corpus(folder: Path, name: str = "tiny.txt", text: str = TEXT) -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def make_run(out: Path, steps: int = 2) -> Path:
    """A small valid run folder written by the real Trainer."""
    from lstm_tui.core.training import Trainer
    from tests.core.helpers import tiny_config, tiny_corpus

    # the LSTM alone: a hybrid run made from an in-memory corpus (no file) would note on
    # every sample that its n-gram's corpus is gone, which these tests are not about
    Trainer(tiny_config(steps=steps, hybrid=False), tiny_corpus(TEXT), out).run()
    return out


def copy_run(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def hidden_files(folder: Path) -> list[str]:
    """Names of hidden (temporary) files anywhere below folder."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


def assert_one_line(code: int, err: str, *needles: str, exit_code: int = 2) -> str:
    """Exit code as given, exactly one stderr line, no traceback, all needles in it."""
    assert code == exit_code, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    line = lines[0]
    for needle in needles:
        assert needle.lower() in line.lower(), (needle, line)
    return line


def child_env(home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["OMP_NUM_THREADS"] = "1"
    if home is not None:
        env["LSTM_TUI_HOME"] = str(home)
    return env


PYTHON = sys.executable
