"""`lstm-tui kwic`: a concordance (key word in context) of one word, or its collocates.

    lstm-tui kwic (--corpus C | --text-file F | --model DIR) --word W [--by base|surface]
                  [--width N] [--sort left|right] [--json] [--compounds FILE]
                  [--collocates [--window N] [--min-freq N]] [--chars N] [--seed N] [--temperature X] [--pure]

With --json: {"word", "count", "lines": [{"left", "match", "right"}, …]}, where
left + match + right is a span of the text (read as `freq` reads it: Aozora notation
removed). No torch or textual at module level: a run is loaded only for --model.
"""

from __future__ import annotations

import argparse

from lstm_tui.commands.run_args import add_model_sampling_arguments, model_sampling
from lstm_tui.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare kwic's arguments (sources are mutually exclusive)."""
    from lstm_tui.morph.collocations import DEFAULT_MIN_FREQ, DEFAULT_WINDOW, WINDOW_RANGE
    from lstm_tui.morph.kwic import DEFAULT_WIDTH, WIDTH_RANGE

    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", help="corpus name or path")
    src.add_argument("--text-file", help="any text file")
    src.add_argument(
        "--model", metavar="RUN", help="a run (folder or name): look in --chars characters sampled from it"
    )
    p.add_argument("--word", required=True, help="the word to find (a base form unless --by surface)")
    p.add_argument("--by", choices=["base", "surface"], default="base", help="match base forms (default) or surfaces")
    p.add_argument(
        "--width",
        type=int,
        default=DEFAULT_WIDTH,
        help=f"characters of context each side, {WIDTH_RANGE[0]}–{WIDTH_RANGE[1]} (default {DEFAULT_WIDTH})",
    )
    p.add_argument("--sort", choices=["text", "left", "right"], default="text", help="order of the lines")
    p.add_argument("--json", action="store_true", help='print {"word", "count", "lines": [...]}')
    p.add_argument("--compounds", metavar="FILE", help="words to keep whole (one per line, UTF-8), e.g. 赤シャツ")
    p.add_argument("--collocates", action="store_true", help="list the words near W instead of its lines")
    p.add_argument(
        "--window",
        type=int,
        default=DEFAULT_WINDOW,
        help=f"collocates: words each side, {WINDOW_RANGE[0]}–{WINDOW_RANGE[1]} (default {DEFAULT_WINDOW})",
    )
    p.add_argument(
        "--min-freq", type=int, default=DEFAULT_MIN_FREQ, help=f"collocates: floor (default {DEFAULT_MIN_FREQ})"
    )
    add_model_sampling_arguments(p)


def run(args: argparse.Namespace) -> int:
    """Print the concordance (or the collocates) of --word."""
    from lstm_tui.commands.texts import read_source, sample_run_text
    from lstm_tui.morph import kwic
    from lstm_tui.morph.collocations import check_window

    word = args.word.strip()
    if not word:
        raise UserError("--word is empty; give the word to look for, e.g. --word 猫")
    # every setting is checked before the (possibly slow) analysis
    kwic.check_width(args.width)
    if args.collocates:
        check_window(args.window)
    compounds: tuple[str, ...] = ()
    if args.compounds:
        from lstm_tui.morph.compounds import read_word_list

        compounds = read_word_list(args.compounds, "compounds")
    if args.model:
        text = sample_run_text(args.model, model_sampling(args))
    else:
        text = read_source(args.corpus, args.text_file)
    tokens = kwic.tokens_for(text, compounds)
    if args.collocates:
        from lstm_tui.morph.collocations import collocations, format_text
        from lstm_tui.morph.frequency import FreqOptions

        opts = FreqOptions(pos="content", use_surface=args.by == "surface")
        print(format_text(collocations(tokens, word, opts, window=args.window, min_freq=args.min_freq)))
        return 0
    conc = kwic.concordance(tokens, word, args.by, args.width, args.sort)
    nearest = kwic.nearest_in(tokens, word, args.by) if not conc.count else []
    if args.json:
        print(kwic.format_json(conc, nearest))
    else:
        print(kwic.format_text(conc, nearest))
        if not conc.count and (hint := kwic.split_hint(tokens, word)):
            print(hint)
    return 0
