"""`lstm-tui serve`: answers HTTP 200 with the app's page; a port in use is one line, exit 2."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.cli.helpers import cli_env, read_until, run_main

START_TIMEOUT_S = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, deadline: float) -> tuple[int, str]:
    """GET url, retrying until the server is up or the deadline passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def _app_screen(url: str, timeout: float) -> bytes:
    """What the app sends to a browser over the page's websocket, until it has painted."""
    import aiohttp  # textual-serve's own dependency

    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await ws.send_json(["resize", {"width": 120, "height": 36}])
        return await read_until(ws, b"Corpus", time.monotonic() + timeout)


def test_serve_answers_200_with_the_app_page() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstm_tui", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=cli_env(),
    )
    try:
        status, page = _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + START_TIMEOUT_S)
        assert status == 200
        assert "lstm-tui" in page  # the page's title
        assert f"ws://127.0.0.1:{port}/ws" in page  # the websocket the page drives the app through
        # and through it the app itself starts and paints its tabs
        screen = asyncio.run(_app_screen(f"http://127.0.0.1:{port}/ws?width=120&height=36", START_TIMEOUT_S))
        assert b"Corpus" in screen and b"Runs" in screen
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert "Traceback" not in output
    assert "127.0.0.1" in output  # it bound the loopback address by default


def test_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run_main(capsys, "serve", "--port", str(port))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"port {port}" in err and "in use" in err and "--port" in err


@pytest.mark.parametrize(
    ("host", "words"), [("203.0.113.7", "not an address of this machine"), ("no-such-host.invalid", "cannot serve")]
)
def test_host_that_cannot_be_bound_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], host: str, words: str
) -> None:
    code, out, err = run_main(capsys, "serve", "--host", host, "--port", str(_free_port()))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err


def test_bad_port_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "serve", "--port", "70000")
    assert code == 2 and err.count("\n") == 1 and "65535" in err
