"""The life of an app process that `lstm-tui serve` started for a browser tab.

Such an app has no terminal: its only link to the world is the server's pipes. When
the server ends (Ctrl+C, SIGTERM, kill -9, a crash) the app must end too, however far
along its own shutdown it is, and must never be left spinning, reparented to init.

Both sides take part:
- the server sets LSTM_TUI_SERVED_BY to its PID for its children and, as it ends,
  sends each of them SIGTERM, then SIGKILL to any still there after a grace period
  (`end_children`);
- the app watches its parent from a thread of its own (`watch_parent`): once the
  parent is gone it asks itself to quit (SIGTERM: a training run is saved) and, if
  that has not ended the process after a grace period, leaves with os._exit. The
  thread does not depend on the event loop, so a loop that is stuck or half torn down
  cannot keep the process alive.

No Textual or torch here: the server imports this module too.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

ENV = "LSTM_TUI_SERVED_BY"
GRACE_S = 8.0  # long enough to save a training run (the app's own quit waits 2.5 s)
POLL_S = 0.5
EXIT_CODE = 128 + signal.SIGTERM


def served_by() -> int | None:
    """The server's PID when this process is a served app, else None."""
    value = os.environ.get(ENV, "")
    return int(value) if value.isdigit() else None


def exit_after(grace_s: float = GRACE_S, code: int = EXIT_CODE) -> threading.Thread:
    """End the process with os._exit(code) in grace_s seconds, whatever else happens."""

    def deadline() -> None:
        time.sleep(grace_s)
        os._exit(code)

    thread = threading.Thread(target=deadline, name="lstm-tui-exit-deadline", daemon=True)
    thread.start()
    return thread


def _ask_to_quit() -> None:
    os.kill(os.getpid(), signal.SIGTERM)  # the app's own handler: stop, save, quit


def watch_parent(
    on_gone: Callable[[], None] = _ask_to_quit, grace_s: float = GRACE_S, poll_s: float = POLL_S
) -> threading.Thread:
    """Watch the parent process from a daemon thread; when it is gone (this process is
    reparented), call on_gone and end the process grace_s seconds later if it is
    still running."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        exit_after(grace_s)
        try:
            on_gone()
        except Exception:  # noqa: BLE001 - the deadline above ends the process anyway
            pass

    thread = threading.Thread(target=watch, name="lstm-tui-parent-watch", daemon=True)
    thread.start()
    return thread


def children(pid: int | None = None) -> list[int]:
    """PIDs of the live child processes of pid (this process by default); Linux only
    (/proc), an empty list elsewhere."""
    pid = os.getpid() if pid is None else pid
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = Path("/proc", name, "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and fields[1] == str(pid) and fields[0] != "Z":
            found.append(int(name))
    return found


def _ended(pid: int) -> bool:
    """True once pid has ended: gone, or a zombie nobody has reaped yet. Not reaped
    here: asyncio's child watcher in the server reaps its own children."""
    try:
        stat = Path("/proc", str(pid), "stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return stat[stat.rfind(")") + 2 :].split()[:1] == ["Z"]


def end_children(grace_s: float = GRACE_S) -> list[int]:
    """SIGTERM every child of this process, SIGKILL those left after grace_s; returns
    the PIDs that needed SIGKILL."""
    pending = children()
    for pid in pending:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_s
    while pending and time.monotonic() < deadline:
        pending = [pid for pid in pending if not _ended(pid)]
        if pending:
            time.sleep(0.1)
    for pid in pending:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return pending
