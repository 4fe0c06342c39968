"""The `lstm-tui` command line: argparse sub-commands, each run by a module in commands/.

Neither torch nor textual is imported here or by any commands module at import time,
so `--help` and `corpora` stay fast; each command imports what it needs inside `run`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn, Sequence

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
    "runs": ("runs", "list the saved runs with their figures"),
    "serve": ("serve", "serve the app to a web browser (textual-serve)"),
}

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad arguments as one line on stderr and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser; builds every sub-command's arguments."""
    parser = OneLineParser(
        prog="lstm-tui",
        description="Train character-level LSTM language models in the terminal. "
        "With no command, opens the app.",
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
    args = build_parser().parse_args(argv)
    module = COMMANDS[args.command][0] if args.command else "app"
    try:
        return importlib.import_module(f"lstm_tui.commands.{module}").run(args)
    except UserError as exc:
        print(f"lstm-tui: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("lstm-tui: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
