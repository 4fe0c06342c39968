"""`lstm-tui serve`: the app in a web browser, through textual-serve.

textual-serve runs a small aiohttp server; each browser tab that opens the page gets
its own `python -m lstm_tui` process, driven over a websocket. Everything that app can
do (train, import files, delete runs) it does on this machine, as this user: so the
server binds 127.0.0.1 unless --host says otherwise, and there is no login.

Before starting, the address is tried once, so a port in use or a host that is not
this machine's is one line on stderr and exit 2 rather than a traceback; a host other
than loopback is served with a one-line warning. However the server ends, every app
process it started ends with it (lstm_tui/served.py).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import ipaddress
import os
import shlex
import signal
import socket
import sys
from typing import Any

from lstm_tui import served
from lstm_tui.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a whole number, not {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be from 1 to 65535, not {value}")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `serve`."""
    p.add_argument("--host", default=DEFAULT_HOST, metavar="H", help=f"address to bind (default {DEFAULT_HOST})")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="P", help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach this server, when it differs from http://H:P "
        "(for example behind a proxy, or with --host 0.0.0.0)",
    )
    p.epilog = (
        "Each browser tab runs its own copy of the app on this machine, as you, with no login: anyone "
        "who can reach the address can train, import files and delete runs. Keep the default host "
        "127.0.0.1 unless you mean to share it."
    )


def check_bind(host: str, port: int) -> None:
    """Bind and release host:port once; a UserError says why it cannot be served."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise UserError(f"cannot serve on host {host!r}: {exc}; give an address such as 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # As the server will: a port left in TIME_WAIT by a previous run is free to use.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise UserError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use; choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot bind {host}: it is not an address of this machine; try --host 127.0.0.1"
    if exc.errno == errno.EACCES:
        return f"port {port} needs administrator rights; choose one above 1023 with --port"
    return f"cannot serve on {host}:{port} ({exc.strerror or exc})"


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab: this Python's app.

    `exec` replaces the shell, so the app is the server's own child: the server can
    end it, and it sees the server go (lstm_tui/served.py)."""
    command = f"{shlex.quote(sys.executable)} -m lstm_tui"
    return command if os.name == "nt" else f"exec {command}"


def exposed(host: str) -> bool:
    """True unless every address host names is a loopback one (127.0.0.1, ::1)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        return not all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)
    except (OSError, UnicodeError, ValueError):
        return True


def _serve(server: Any) -> None:
    """server.serve() with SIGHUP (the terminal closed) also ending it cleanly; every
    app process it started is ended when it returns or fails, however that happens."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # the loop textual-serve's serve() picks up
    try:
        loop.add_signal_handler(signal.SIGHUP, server.request_exit)
    except (NotImplementedError, AttributeError, RuntimeError, ValueError):  # Windows
        pass
    try:
        server.serve()
    finally:  # after a failure too; normally on_shutdown has ended them already
        served.end_children()


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C; returns 0 (2 through UserError when the address is unusable)."""
    check_bind(args.host, args.port)
    if exposed(args.host):
        print(
            f"lstm-tui: warning: serving on {args.host}: anyone who can reach port {args.port} can read, "
            "train, import and delete your runs, with no login",
            file=sys.stderr,
        )
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("textual-serve is not installed; install it with `pip install textual-serve`") from None

    class EndingServer(Server):  # type: ignore[misc]
        async def on_shutdown(self, app: Any) -> None:
            """Ctrl+C, SIGTERM, SIGHUP: end every app (each saves its training run) while
            the loop still runs, so the server's own child watcher sees them go."""
            await asyncio.get_running_loop().run_in_executor(None, served.end_children)

    shown_host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 address in a URL
    server = EndingServer(
        app_command(),
        host=args.host,
        port=args.port,
        title="lstm-tui",
        public_url=args.public_url or f"http://{shown_host}:{args.port}",
    )
    os.environ[served.ENV] = str(os.getpid())  # each app's environment is a copy of ours
    try:
        _serve(server)
    except OSError as exc:  # taken between our check and the server's bind
        raise UserError(_bind_problem(args.host, args.port, exc)) from None
    return 0
