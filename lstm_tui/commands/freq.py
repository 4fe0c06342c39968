"""`lstm-tui freq`: morpheme frequency tables (MeCab + unidic-lite), and model-vs-corpus comparison.

Formats: table (aligned text), csv, json, and `seed` — the ancestor diary's one-line
style `'する': 21, 'くださる': 10, …`. No torch or textual import at module level:
a run is loaded (torch) only for --model / --compare-model.
"""

from __future__ import annotations

import argparse
import math
import sys

from lstm_tui.commands.run_args import add_model_sampling_arguments, model_sampling
from lstm_tui.commands.texts import read_source, sample_run_text
from lstm_tui.errors import UserError
from lstm_tui.json_out import dumps

POS_CHOICES = ["adjective", "noun", "verb", "content", "all"]
FORMAT_CHOICES = ["table", "csv", "json", "seed"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Declare freq's arguments (sources are mutually exclusive)."""
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--corpus", help="corpus name or path")
    src.add_argument("--text-file", help="any text file")
    src.add_argument("--model", metavar="RUN", help="a run (folder or name): analyse text sampled from it")
    p.add_argument("--pos", choices=POS_CHOICES, default="content")
    p.add_argument("--top", type=int, default=20, help="rows to show (0 = all; default 20)")
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="table",
        help="table, csv, json, or seed: the ancestor's style 'する': 21, 'くださる': 10, …",
    )
    p.add_argument("--min-freq", type=int, default=1, help="drop words seen fewer times (default 1)")
    p.add_argument(
        "--stopwords",
        default="default",
        help="comma-separated stop-list; 'default' = こと,もの,ところ,ため,はず,わけ,よう,とき; '' = none",
    )
    p.add_argument("--hide-hiragana", action="store_true", help="hide words written only in hiragana")
    p.add_argument("--surface", action="store_true", help="count surface forms (撮っ) not base forms (撮る)")
    p.add_argument("--with-keiyodoshi", action="store_true", help="adjectives include 形状詞 (静か, 大切)")
    p.add_argument("--with-pronouns", action="store_true", help="nouns include 代名詞 (私, これ)")
    p.add_argument(
        "--compare-model",
        metavar="RUN",
        help="sample --chars characters from this run and compare them with the corpus",
    )
    p.add_argument(
        "--compare-corpus",
        metavar="C2",
        help="compare the corpus (or --text-file) with this second corpus name or path",
    )
    p.add_argument(
        "--keyness",
        action="store_true",
        help="with --compare-corpus or --compare-model: key words both ways (log-likelihood G², log ratio)",
    )
    p.add_argument(
        "--min-g2",
        type=float,
        default=3.84,
        help="keyness: keep words with G² at least this (3.84: p < 0.05, 6.63: p < 0.01; default 3.84)",
    )
    p.add_argument(
        "--compounds",
        metavar="FILE",
        help="words MeCab splits to count as one noun (one per line, UTF-8), e.g. 赤シャツ",
    )
    p.add_argument("--stoplist", metavar="FILE", help="stop-list file (one word per line, UTF-8); replaces --stopwords")
    add_model_sampling_arguments(p)


def _options(args: argparse.Namespace):  # -> FreqOptions
    from lstm_tui.morph.frequency import FreqOptions, parse_stopwords

    stopwords = parse_stopwords(args.stopwords)
    if args.stoplist:
        from lstm_tui.morph.compounds import read_word_list

        stopwords = frozenset(read_word_list(args.stoplist, "stop-list"))
    return FreqOptions(
        pos=args.pos,
        top=args.top,
        min_freq=args.min_freq,
        stopwords=stopwords,
        hide_hiragana=args.hide_hiragana,
        use_surface=args.surface,
        with_keiyodoshi=args.with_keiyodoshi,
        with_pronouns=args.with_pronouns,
    )


def _render_comparison(cmp, fmt: str, top: int) -> str:  # cmp: Comparison
    """The comparison in the chosen format."""
    if fmt == "json":
        return dumps(
            {
                "spearman": cmp.spearman,
                "jensen_shannon_bits": cmp.jsd,
                "corpus_tokens": cmp.corpus_tokens,
                "generated_tokens": cmp.generated_tokens,
                "invented_share": cmp.invented_share,
                "invented": [{"word": w, "count": n} for w, n in cmp.invented],
                "rows": [r.__dict__ for r in cmp.rows],
            },
            indent=2,
        )
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(["word", "corpus_count", "generated_count", "corpus_per_mille", "generated_per_mille"])
        for r in cmp.rows:
            out.writerow(
                [r.word, r.corpus_count, r.generated_count, f"{r.corpus_per_mille:.3f}", f"{r.generated_per_mille:.3f}"]
            )
        return buf.getvalue().rstrip("\n")
    if fmt == "seed":
        from lstm_tui.morph.frequency import format_seed

        return f"{cmp.summary()}\nnot in the corpus: {format_seed(cmp.invented[: top or None])}"
    from lstm_tui.terminal import display_width, pad

    shown = cmp.rows[: top or None]
    wide = max([12, *(display_width(r.word) for r in shown)])  # terminal columns: a kanji takes two
    lines = [cmp.summary(), "", f"{pad('word', wide)}{'corpus ‰':>10}{'model ‰':>10}"]
    lines += [f"{pad(r.word, wide)}{r.corpus_per_mille:>10.2f}{r.generated_per_mille:>10.2f}" for r in shown]
    inv = ", ".join(f"{w} ({n})" for w, n in cmp.invented[: top or None])
    lines += ["", f"generated words not in the corpus: {inv or '(none)'}"]
    return "\n".join(lines)


def _label(corpus: str | None, text_file: str | None) -> str:
    """A short name for a source in keyness output: the corpus name or the file's stem."""
    from pathlib import Path

    spec = corpus if corpus is not None else text_file or "text"
    return Path(spec).stem or spec


def _counts(text: str, compounds: tuple[str, ...]):  # -> Counter[Morpheme]
    """Morpheme counts of text (cached); with compounds, from the token stream with them joined."""
    from lstm_tui.morph.cache import get_cache

    if not compounds:
        return get_cache().counts(text)
    from lstm_tui.morph.kwic import tokens_for

    return tokens_for(text, compounds).counts()


def _keyness(args: argparse.Namespace, opts, text_a: str, text_b: str, label_b: str, compounds) -> int:
    """Print the key words of A against B and of B against A."""
    import dataclasses

    from lstm_tui.morph.frequency import word_counts
    from lstm_tui.morph.keyness import keyness, render

    # the totals are every token the filter keeps: top and min_freq only trim the listing
    whole = dataclasses.replace(opts, top=0, min_freq=1)
    counts_a = word_counts(_counts(text_a, compounds), whole)
    counts_b = word_counts(_counts(text_b, compounds), whole)
    result = keyness(
        counts_a,
        counts_b,
        min_g2=args.min_g2,
        top=args.top,
        min_freq=args.min_freq,
        label_a=_label(args.corpus, args.text_file),
        label_b=label_b,
    )
    print(render(result, args.format, generated=bool(args.compare_model)))
    return 0


def run(args: argparse.Namespace) -> int:
    """Print the frequency table (or the comparison, or keyness) for the chosen source."""
    from lstm_tui.morph.frequency import render, table_from_counts

    opts = _options(args)
    compounds: tuple[str, ...] = ()
    if args.compounds:
        from lstm_tui.morph.compounds import read_word_list

        compounds = read_word_list(args.compounds, "compounds")
    if args.compare_model and args.compare_corpus:
        raise UserError("give one of --compare-model and --compare-corpus, not both")
    if args.keyness and not (args.compare_model or args.compare_corpus):
        raise UserError("--keyness compares two texts: add --compare-corpus C2 or --compare-model DIR")
    if (args.compare_model or args.compare_corpus) and args.model:
        raise UserError("a comparison needs a corpus on the left: give --corpus or --text-file, not --model")
    if not math.isfinite(args.min_g2) or args.min_g2 < 0:  # nan compares false with everything
        raise UserError(f"--min-g2 must be a finite number ≥ 0, not {args.min_g2}")
    if args.compare_model or args.compare_corpus:
        corpus_text = read_source(args.corpus, args.text_file)
        if args.compare_model:
            other = sample_run_text(args.compare_model, model_sampling(args))
            label_b = "model"
        else:
            other = read_source(args.compare_corpus, None)
            label_b = _label(args.compare_corpus, None)
        if args.keyness:
            return _keyness(args, opts, corpus_text, other, label_b, compounds)
        from lstm_tui.morph.compare import compare_texts

        print(_render_comparison(compare_texts(corpus_text, other, opts), args.format, args.top))
        return 0
    if args.model:
        text = sample_run_text(args.model, model_sampling(args))
    else:
        text = read_source(args.corpus, args.text_file)
    if compounds:
        print(render(table_from_counts(_counts(text, compounds), opts), args.format))
        return 0
    from lstm_tui.morph.cache import frequency_table

    table = frequency_table(text, opts)
    if args.format == "seed" and not table.rows:
        # the one-line style has no room for "none": say so on stderr, not an empty line
        print(
            f"lstm-tui: no {args.pos} words in the text (try --pos all or a lower --min-freq)",
            file=sys.stderr,
        )
        return 0
    print(render(table, args.format))
    return 0
