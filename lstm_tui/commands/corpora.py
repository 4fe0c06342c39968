"""`lstm-tui corpora`: list the bundled and imported corpora.

Output: a table (name, language, chars, distinct, lines, source, path) and a line
naming the default corpus, or with --json one JSON object per line, one per corpus
(JSON Lines), with the fields of lstm_tui.catalog.CorpusInfo. Neither torch nor
textual is imported.
"""

from __future__ import annotations

import argparse

from lstm_tui.json_out import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `corpora`."""
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per line, one per corpus (JSON Lines), with keys "
        "name, title, language, chars, distinct, lines, path, source, description, "
        "licence, bundled, default (the corpus the app opens on; exactly one) and "
        "works (per work: title, subtitle, author, teihon, teihon_parent, "
        "first_published, input, proofing, source, sha256)",
    )
    p.epilog = (
        "Without --json: a table of name, language, chars, distinct, lines, source, path; "
        "SOURCE says 'bundled' for a corpus shipped with lstm-tui."
    )


def run(args: argparse.Namespace) -> int:
    """Print the corpora; returns 0."""
    from lstm_tui.catalog import list_corpora
    from lstm_tui.terminal import columns

    corpora = list_corpora()
    if args.json:
        for c in corpora:
            print(dumps(c.to_json()))
        return 0
    header = ["NAME", "LANG", "CHARS", "DISTINCT", "LINES", "SOURCE", "PATH"]
    rows = [header] + [
        [
            c.name,
            c.language,
            f"{c.chars:,}",
            f"{c.distinct:,}",
            f"{c.lines:,}",
            "bundled" if c.bundled else _short(c.source),
            str(c.path),
        ]
        for c in corpora
    ]
    print("\n".join(columns(rows, right={2, 3, 4})))  # by terminal columns: 日記 is 4 wide
    if not corpora:
        print("(no corpora found; add one with `lstm-tui import PATH`)")
    defaults = [c.name for c in corpora if c.default]
    if defaults:
        print(f"default: {defaults[0]}")
    return 0


def _short(source: str, width: int = 40) -> str:
    """Keep the end of a long source path, at most width terminal columns: the file name
    is the useful part."""
    from lstm_tui.terminal import keep_end

    return keep_end(source, width)
