"""What the command line writes to a terminal, and the exit codes it ends with.

cli.py wraps stdout and stderr in TerminalSafe, so control characters are shown as
escapes, never obeyed; commands/train.py ends a stopped run with these exit codes and
silences a closed stdout. A module of its own so that neither has to import the other.
The commands' aligned tables pad and cut text by terminal columns (display_width), so a
Japanese name, two columns a character, lines up with an ASCII one.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Collection, Sequence
from typing import Any, TextIO

from lstm_tui import text_width

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


def char_width(ch: str) -> int:
    """Terminal columns of one character as the command line shows it: text_width's rule,
    and 4 for a control character (TerminalSafe writes it as \\xNN)."""
    return 4 if _CONTROL.match(ch) else text_width.char_width(ch)


def display_width(text: str) -> int:
    """Terminal columns of text as the command line shows it (see char_width)."""
    return text_width.display_width(text, char_width)


def pad(text: str, width: int, right: bool = False) -> str:
    """text padded with spaces to width terminal columns (see char_width): after it
    (left-aligned), or before it with right=True; text that wide or wider as it is."""
    return text_width.pad(text, width, right, char_width)


def keep_end(text: str, width: int, mark: str = "…") -> str:
    """text when it fits in width columns, else mark and as much of its end as fits (the
    end of a path is its file name): the result is never wider than width."""
    if display_width(text) <= width:
        return text
    room, start = width - display_width(mark), len(text)
    while start > 0 and room - char_width(text[start - 1]) >= 0:
        start -= 1
        room -= char_width(text[start])
    while start < len(text) and char_width(text[start]) == 0:
        start += 1  # a combining mark whose base was cut would sit on the mark
    return mark + text[start:]


def columns(rows: Sequence[Sequence[str]], right: Collection[int] = (), gap: str = "  ") -> list[str]:
    """rows as aligned lines: each column as wide (in terminal columns) as its widest
    cell, left-aligned but the columns numbered in right, trailing spaces stripped."""
    if not rows:
        return []
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        gap.join(pad(cell, w, right=i in right) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in rows
    ]
