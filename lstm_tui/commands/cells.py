"""`lstm-tui cells`: the LSTM units that best track brackets, quotes, script, position in
the line and sentence ends (and a --regex of your own), by |correlation|.

--json prints {"predicates": [{"name", "units": [{"unit", "layer", "state", "corr"}, …],
"positive"}, …]}: "unit" is the index within its layer, "state" is "h" or "c".
"""

from __future__ import annotations

import argparse

from lstm_tui.commands.run_args import add_model_argument
from lstm_tui.json_out import dumps

DEFAULT_CHARS = 100_000  # a cell search over this many characters takes a few seconds
# h and c of every unit are kept per character: a million characters of a 256 × 2 model
# is already 4 GB of float32, so more is refused before the model is even loaded.
MAX_CHARS = 1_000_000


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_model_argument(p)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", metavar="C", help="a corpus the run was trained on")
    src.add_argument("--text-file", metavar="F", help="any text file")
    p.add_argument(
        "--split", choices=["all", "train", "val", "test"], default="all", help="which part of --corpus (default all)"
    )
    p.add_argument(
        "--chars",
        type=int,
        default=DEFAULT_CHARS,
        metavar="N",
        help=f"read the first N characters (default {DEFAULT_CHARS:,}, at most {MAX_CHARS:,})",
    )
    p.add_argument("--top", type=int, default=5, metavar="N", help="units listed per predicate (default 5)")
    p.add_argument("--regex", metavar="RE", help="also rank units by this regular expression's matches")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Rank the units; every argument is checked before the model is loaded."""
    from lstm_tui.commands.inspect_input import corpus_text, read_file_text
    from lstm_tui.core.cell_search import find_cells
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.inspection import inspect_text
    from lstm_tui.core.user_pattern import check_pattern
    from lstm_tui.errors import UserError
    from lstm_tui.terminal import display_width, pad

    if not 2 <= args.chars <= MAX_CHARS:
        raise UserError(f"--chars must be from 2 to {MAX_CHARS:,}, not {args.chars:,}")
    if args.top < 1:
        raise UserError(f"--top must be at least 1, not {args.top}")
    if args.regex is not None:
        check_pattern(args.regex)  # compiled in a worker: never hangs or crashes here
    import torch

    # One thread: the recurrence gains nothing from two, and two collapse as soon as
    # another process wants a core (benchmarks/results/inspection.json: 0.66 s against
    # 2.97 s for inspect of 10,000 characters on a loaded 2-core machine).
    torch.set_num_threads(1)
    run_ = load_run(args.model, weights=args.weights)
    text = read_file_text(args.text_file) if args.text_file else corpus_text(run_, args.corpus, args.split)
    text = text[: args.chars]
    readout = inspect_text(run_.model, run_.vocab, text, top_k=1, states=True, predictions=False)
    results = find_cells(readout, top=args.top, regex=args.regex)
    if args.json:
        print(dumps({"chars": len(text), "predicates": [r.to_dict() for r in results]}))
        return 0
    print(f"{len(text):,} characters, {readout.layers} layer(s) × {readout.hidden} units, h and c")
    width = max(display_width(r.name) for r in results)  # terminal columns: 「」 and 。 take two
    for r in results:
        if not r.units:
            print(f"{pad(r.name, width)}  ({r.note})")
            continue
        best = "  ".join(
            f"{u.state}{u.unit}" + (f"@L{u.layer}" if readout.layers > 1 else "") + f" {u.corr:+.2f}" for u in r.units
        )
        print(f"{pad(r.name, width)}  {best}")
    return 0
