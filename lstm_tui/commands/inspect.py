"""`lstm-tui inspect`: per-character surprisal, rank, entropy and top-k of a run on a text.

With --json it prints one object, {"summary": {"chars", "mean_surprisal", …}, "chars":
[{"char", "p", "rank", "surprisal", "entropy", "top": [[c, p], …]}, …]}; otherwise the
text coloured by surprisal (or rank) with ANSI colours, a legend and the mean.

A corpus split is read in the stretches `eval` reads it in (core/inspection.eval_segments),
so its mean_surprisal is eval's loss of the pure LSTM on that split (`lstm_test_loss` /
`val_loss`), not of any LSTM + n-gram mixture.
"""

from __future__ import annotations

import argparse
import math

from lstm_tui.commands.run_args import add_model_argument
from lstm_tui.json_out import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_model_argument(p)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", metavar="T", help="the text to inspect")
    src.add_argument("--text-file", metavar="F", help="a text file to inspect")
    src.add_argument("--corpus", metavar="C", help="a corpus the run was trained on (with --split)")
    p.add_argument("--split", choices=["val", "test"], default="test", help="which held-out split of --corpus")
    p.add_argument("--top-k", type=int, default=10, metavar="K", help="candidates listed per character (default 10)")
    p.add_argument(
        "--color-by", choices=["surprisal", "rank"], default="surprisal", help="colouring of the text output"
    )
    p.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto", help="ANSI colours (auto: when a terminal)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lstm_tui.commands.inspect_input import corpus_text, read_file_text
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.inspection import eval_segments, inspect_split, inspect_text
    from lstm_tui.errors import UserError

    if args.top_k < 1:
        raise UserError(f"--top-k must be at least 1, not {args.top_k}")
    import torch

    # One thread: the recurrence gains nothing from two, and two collapse as soon as
    # another process wants a core (benchmarks/results/inspection.json: 0.66 s against
    # 2.97 s for 10,000 characters on a loaded 2-core machine).
    torch.set_num_threads(1)
    run_ = load_run(args.model, weights=args.weights)
    if args.corpus is not None:  # every character of a split is known: the text is filtered
        text = corpus_text(run_, args.corpus, args.split)
        readout = inspect_split(run_.model, run_.vocab, text, top_k=args.top_k)
        read_as = f"{len(eval_segments(len(text)))} stretches, as eval reads a split"
    else:
        text = args.text if args.text is not None else read_file_text(args.text_file)
        readout = inspect_text(run_.model, run_.vocab, text, top_k=args.top_k)
        read_as = "one stream"
    if args.json:
        summary = readout.summary()
        summary["read_as"] = read_as
        out = {"summary": summary, "chars": [readout.record(i) for i in range(len(readout))]}
        print(dumps(out))
        return 0
    print_coloured(readout, args.color_by, args.color)
    return 0


def print_coloured(readout, color_by: str, color: str) -> None:  # noqa: ANN001 (Readout, lazily imported)
    """The text on coloured backgrounds, then a legend and the mean (Rich picks the
    terminal's colour depth: truecolor, 256 or 16)."""
    import sys

    from rich.console import Console
    from rich.text import Text

    from lstm_tui.core import heat

    # The command line's stdout shows control characters as visible escapes (cli.py), so
    # Rich writes its colour codes to the stream underneath; the text's own control
    # characters are replaced below before they reach it.
    console = Console(
        file=getattr(sys.stdout, "_inner", sys.stdout),
        force_terminal=True if color == "always" else None,
        no_color=color == "never",
        highlight=False,
        soft_wrap=True,
    )
    out = Text()
    for i, ch in enumerate(readout.text):
        shown = "↵" if ch == "\n" else ch if ch.isprintable() or ch in "\t\u3000" else "\ufffd"
        if not readout.known[i]:
            out.append(shown, style=f"{heat.UNKNOWN_FG} on {heat.UNKNOWN_BG}")
        elif readout.rank[i] <= 0:
            out.append(shown)
        else:
            bg = (
                heat.surprisal_colour(readout.surprisal[i])
                if color_by == "surprisal"
                else heat.rank_colour(readout.rank[i])
            )
            out.append(shown, style=f"{heat.text_colour(bg)} on {bg}")
        if ch == "\n":
            out.append("\n")
    console.print(out)
    legend = Text("\n")
    if color_by == "surprisal":
        legend.append("surprisal (nats): ")
        for label, bg in heat.surprisal_legend():
            legend.append(f" {label} ", style=f"{heat.text_colour(bg)} on {bg}")
    else:
        legend.append("rank: ")
        for _, label, bg in heat.RANK_BUCKETS:
            legend.append(f" {label} ", style=f"{heat.text_colour(bg)} on {bg}")
    legend.append("  ")
    legend.append(" not in vocabulary ", style=f"{heat.UNKNOWN_FG} on {heat.UNKNOWN_BG}")
    console.print(legend)
    mean = readout.mean_surprisal
    unknown = readout.unknown_count
    console.print(
        f"mean surprisal {mean:.4f} nats/char = {mean / math.log(2):.4f} bits/char over "
        f"{readout.scored_count:,} predicted characters"
        + (f" ({unknown:,} not in the vocabulary, left out)" if unknown else "")
    )
