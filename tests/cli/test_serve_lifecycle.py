"""Every app process `lstm-tui serve` starts ends when the server ends, however it ends.

A real server on 127.0.0.1 and a real websocket client (aiohttp, what the page's
JavaScript speaks): the server is killed (SIGKILL: no cleanup of its own at all) or
stopped (SIGTERM, SIGINT) at each moment of a tab's life: while its app starts, while
it runs, just as the tab closes. The app process must then be gone within a bounded
wait (a liveness bound, generous for a loaded machine), never left reparented and
spinning. Linux only in what it inspects (/proc), like the server-side cleanup.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lstm_tui.served import children
from tests.cli.helpers import cli_env, read_until
from tests.cli.test_serve_cli import START_TIMEOUT_S, _fetch, _free_port

GONE_WITHIN_S = 30.0  # far above the app's 8 s deadline: only a process that never ends fails


def _alive(pid: int) -> bool:
    """True while pid runs (a zombie, ended but not yet reaped by init, has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].split()[0] != "Z"


def _wait_gone(pids: list[int], within: float) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        pids = [p for p in pids if _alive(p)]
        if not pids:
            return []
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


def _start_server() -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstm_tui", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=cli_env(),
    )
    _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + START_TIMEOUT_S)
    return proc, port


async def _session(port: int, moment: str, server: subprocess.Popen[str], sig: int) -> list[int]:
    """Open a tab's websocket, kill the server at `moment`; returns the app PIDs seen."""
    import aiohttp  # textual-serve's own dependency

    url = f"http://127.0.0.1:{port}/ws?width=100&height=30"
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(url)
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        apps: list[int] = []
        deadline = time.monotonic() + START_TIMEOUT_S
        while not apps and time.monotonic() < deadline:
            apps = children(server.pid)
            await asyncio.sleep(0.05)
        assert apps, "the server started no app process for the tab"
        if moment == "starting":  # the app has not painted yet
            server.send_signal(sig)
            await ws.close()
            return apps
        got = await read_until(ws, b"Corpus", deadline)
        assert b"Corpus" in got, "the app never painted"
        # The fixed delays below set the moment under test (the signal while the tab
        # is still open, or while the app shuts down); they wait for nothing.
        if moment == "running":
            server.send_signal(sig)
            await asyncio.sleep(0.5)
            await ws.close()
        else:  # "closing": the tab closes, the server dies while the app shuts down
            await ws.close()
            await asyncio.sleep(0.3 if moment == "closing" else 1.0)
            server.send_signal(sig)
        return apps


@pytest.mark.slow
@pytest.mark.parametrize(
    ("moment", "sig"),
    [
        ("starting", signal.SIGKILL),
        ("running", signal.SIGKILL),
        ("closing", signal.SIGKILL),
        ("closed", signal.SIGKILL),
        ("running", signal.SIGTERM),
        ("closing", signal.SIGINT),
    ],
)
def test_no_app_outlives_its_server(moment: str, sig: int) -> None:
    server, port = _start_server()
    apps: list[int] = []
    try:
        apps = asyncio.run(_session(port, moment, server, sig))
        server.wait(timeout=GONE_WITHIN_S)
        left = _wait_gone(apps, GONE_WITHIN_S)
        assert left == [], f"app process(es) {left} still running after the server got {signal.Signals(sig).name}"
        if sig != signal.SIGKILL:
            assert server.returncode == 0  # a clean stop: it ended its apps itself
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in apps:  # never leave one behind for the next test, even when failing
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_an_exposed_host_is_served_with_a_warning() -> None:
    """--host 0.0.0.0 prints one line saying anyone who can reach the port can delete runs."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstm_tui", "serve", "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    try:
        _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + START_TIMEOUT_S)  # loopback traffic only
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "0.0.0.0" in warnings[0] and "delete your runs" in warnings[0], err
