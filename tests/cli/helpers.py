"""Running the real command line, in-process or as a subprocess; reading a served app's websocket."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lstm_tui.cli import main

if TYPE_CHECKING:
    import aiohttp

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


async def read_until(ws: aiohttp.ClientWebSocketResponse, marker: bytes, deadline: float) -> bytes:
    """What a served app sends over its websocket until `marker` is in it, the deadline
    (a time.monotonic() value) passes, or the socket stops sending data."""
    import aiohttp  # textual-serve's own dependency

    got = b""
    while marker not in got and time.monotonic() < deadline:
        try:
            msg = await asyncio.wait_for(ws.receive(), max(0.1, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            continue
        if msg.type == aiohttp.WSMsgType.BINARY:
            got += msg.data
        elif msg.type == aiohttp.WSMsgType.TEXT:
            got += msg.data.encode()
        else:
            break
    return got
