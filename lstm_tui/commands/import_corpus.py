"""`lstm-tui import`: add a text file or an Aozora Bunko work as a corpus.

Prints the new corpus name (and NAME-wakati with --wakati) on stdout, one per line.
"""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `import`."""
    p.add_argument("path", metavar="PATH", help="a text file, or an Aozora Bunko .txt/.zip")
    p.add_argument("--name", help="corpus name (default: from the file name)")
    p.add_argument("--wakati", action="store_true", help="also write NAME-wakati, split into morphemes")
    p.add_argument("--no-aozora", action="store_true", help="do not clean Aozora Bunko notation")
    p.add_argument("--force", action="store_true", help="replace a corpus of the same name")
    p.epilog = (
        "The encoding (UTF-8, UTF-16, Shift_JIS/cp932, EUC-JP) is detected. An Aozora "
        "Bunko work is recognised and cleaned of ruby, annotations and its header and "
        "footer unless --no-aozora. The corpus is written as UTF-8 to the user corpora "
        "folder (set LSTM_TUI_HOME to move it); its name is printed."
    )


def run(args: argparse.Namespace) -> int:
    """Import the file; returns 0, or raises CorpusError for unusable input."""
    from lstm_tui.importing import import_corpus

    info = import_corpus(
        args.path,
        name=args.name,
        wakati=args.wakati,
        aozora=False if args.no_aozora else "auto",
        force=args.force,
    )
    print(info.name)
    if args.wakati:
        print(f"{info.name}-wakati")
    return 0
