"""The `lstm-tui` command line: argparse sub-commands, each run by a module in commands/.

Neither torch nor textual is imported here or by any commands module at import time,
so `--help` and `corpora` stay fast; each command imports what it needs inside `run`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from lstm_tui import __version__
from lstm_tui.errors import UserError
from lstm_tui.terminal import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    TerminalSafe,
    quiet_stdout,
    sanitize,
    tolerant,
)

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
    tolerant(sys.stdout)
    tolerant(sys.stderr)
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(real_out), TerminalSafe(real_err)  # type: ignore[assignment]
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        module = COMMANDS[args.command][0] if args.command else "app"
        if module == "app":  # the app draws on the terminal itself, escape sequences and all
            sys.stdout, sys.stderr = real_out, real_err
            if importlib.util.find_spec("textual") is None:
                parser.print_help()  # an install without the app: what the command line does
                return 0
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
