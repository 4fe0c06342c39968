"""What the command line writes to a terminal, and the exit codes it ends with.

cli.py wraps stdout and stderr in TerminalSafe, so control characters are shown as
escapes, never obeyed; commands/train.py ends a stopped run with these exit codes and
silences a closed stdout. A module of its own so that neither has to import the other.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, TextIO

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1  # a bug: reported in one line, the traceback only with LSTM_TUI_DEBUG=1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, after saving
EXIT_HANGUP = 129  # 128 + SIGHUP (the terminal went away), after saving
EXIT_TERMINATED = 143  # 128 + SIGTERM (kill, a service manager), after saving
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE: whoever read stdout stopped reading, after saving

# C0 controls but tab and newline, DEL and C1: what can start an escape sequence
# (clear the screen, set the title, move the cursor) when written to a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitize(text: str) -> str:
    """Text safe to show on a terminal: each control character as a visible \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class TerminalSafe:
    """A text stream that writes control characters as visible escapes.

    Every byte the command line prints passes here, so a prefix, a file name or model
    text holding ESC [2J or a title sequence is shown, never obeyed. Everything else
    (flush, isatty, fileno, reconfigure, encoding) is the wrapped stream's.
    """

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(sanitize(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def tolerant(stream: Any) -> None:
    """Characters the stream's encoding lacks (an emoji under PYTHONIOENCODING=ascii or
    euc_jp) are written as \\U escapes instead of raising UnicodeEncodeError."""
    if hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # a detached or closed stream: nothing to print to
            pass


def quiet_stdout() -> None:
    """After a closed pipe: send further output to /dev/null, so nothing (not even the
    flush at exit) raises BrokenPipeError again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
