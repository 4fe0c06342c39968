"""The `lstm-tui` command line: argparse sub-commands, each run by a module in commands/.

Neither torch nor textual is imported here or by any commands module at import time,
so `--help` and `corpora` stay fast; each command imports what it needs inside `run`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from lstm_tui import __version__
from lstm_tui.errors import UserError

# sub-command name → module in lstm_tui.commands (each has add_arguments and run)
COMMANDS: dict[str, tuple[str, str]] = {
    "corpora": ("corpora", "list the bundled and imported corpora"),
    "import": ("import_corpus", "add a text file or an Aozora Bunko work as a corpus"),
    "train": ("train", "train a character-level LSTM on a corpus"),
    "sample": ("sample", "generate text from a trained run"),
    "freq": ("freq", "morpheme frequency tables (MeCab + unidic-lite)"),
    "kwic": ("kwic", "key word in context: every occurrence of a word, or its collocates"),
    "eval": ("eval", "validation loss of a run on a corpus"),
    "baseline": ("baseline", "the character n-gram (Kneser-Ney) baseline of a corpus"),
    "inspect": ("inspect", "per-character surprisal, rank and top-k of a run on a text"),
    "cells": ("cells", "LSTM units that track brackets, script, line position, …"),
    "runs": ("runs", "list the saved runs with their figures"),
    "serve": ("serve", "serve the app to a web browser (textual-serve)"),
}

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


def _tolerant(stream: Any) -> None:
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


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad arguments as one line on stderr and exits 2."""

    def error(self, message: str) -> NoReturn:
        m = re.match(r"argument (--[\w-]+).*: expected one argument", message)
        if m:  # `--prefix -abc`: argparse takes -abc for an option
            opt = m.group(1)
            message += f"; a value that starts with '-' goes after '=', as in {opt}=-abc"
        self.exit(EXIT_BAD_INPUT, sanitize(f"{self.prog}: error: {message} (see --help)") + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser; builds every sub-command's arguments."""
    parser = OneLineParser(
        prog="lstm-tui",
        description="Train character-level LSTM language models in the terminal. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"lstm-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, (module, help_text) in COMMANDS.items():
        mod = importlib.import_module(f"lstm_tui.commands.{module}")
        p = sub.add_parser(name, help=help_text, description=help_text)
        mod.add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(real_out), TerminalSafe(real_err)  # type: ignore[assignment]
    try:
        args = build_parser().parse_args(argv)
        module = COMMANDS[args.command][0] if args.command else "app"
        if module == "app":  # the app draws on the terminal itself, escape sequences and all
            sys.stdout, sys.stderr = real_out, real_err
        return _run(module, args)
    finally:
        sys.stdout, sys.stderr = real_out, real_err


def _run(module: str, args: argparse.Namespace) -> int:
    """Run one command, turning every failure into one line on stderr and an exit code."""
    try:
        return importlib.import_module(f"lstm_tui.commands.{module}").run(args)
    except UserError as exc:
        print(f"lstm-tui: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("lstm-tui: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `lstm-tui corpora | head`: the reader has what it wanted (train saves first,
        # in commands/train.py, so no run is lost here)
        quiet_stdout()
        return 0
    except MemoryError:
        print("lstm-tui: error: out of memory; try a smaller model, corpus or --length", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RuntimeError as exc:
        # torch reports a failed allocation ("can't allocate memory", "CUDA out of
        # memory") as a RuntimeError, wherever in a command it happens
        if (err := _allocation_error(exc)) is None:
            return _internal_error(exc)
        print(f"lstm-tui: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        return _internal_error(exc)


def _allocation_error(exc: RuntimeError) -> UserError | None:
    """A torch allocation failure as a UserError (preflight's wording), else None."""
    if "torch" not in sys.modules:  # not torch's: nothing to translate, and no import now
        return None
    from lstm_tui.core.preflight import allocation_error

    return allocation_error(exc)


def _internal_error(exc: Exception) -> int:
    """A bug: one line on stderr (the traceback with LSTM_TUI_DEBUG=1); exit 1."""
    if os.environ.get("LSTM_TUI_DEBUG"):
        raise exc
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    print(
        f"lstm-tui: internal error: {type(exc).__name__}: {first} "
        "(a bug; please report it, with the traceback LSTM_TUI_DEBUG=1 shows)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL
