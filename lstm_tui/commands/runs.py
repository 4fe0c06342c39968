"""`lstm-tui runs`: the saved runs with their figures (core/runs.py), no torch.

With --json, one JSON object per line, one per run (the user's runs newest first, then
the bundled demo): {"name", "path", "corpus", "parent", "preset", "size", "cell", "steps",
"epoch", "elapsed_s", "val_loss", "last_val_loss", "test_loss", "lstm_test_loss",
"hybrid_lambda", "best_step",
"ngram_order", "ngram_val_loss", "ngram_test_loss", "margin", "margin_split",
"saved_at", "bundled", "error", "broken"}; unknown figures are null. A broken run
folder is listed with "broken": true and the reason in "error".
"""

from __future__ import annotations

import argparse

from lstm_tui.json_out import dumps


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `runs`."""
    p.add_argument("--json", action="store_true", help="print one JSON object per run")
    p.epilog = (
        "Lists the runs in your models folder and the bundled runs. from is what a run started from "
        "(base-ja, another run, or scratch); val is the best validation loss, test the run's model as "
        "trained (the LSTM + n-gram mixture for a hybrid run, as `train --json` reports it), LSTM the "
        "LSTM alone, margin test minus the n-gram baseline's on the same split (known once the run or "
        "`lstm-tui baseline` has fitted it); nats per character."
    )


def run(args: argparse.Namespace) -> int:
    """Print the runs; returns 0 (an empty list is not an error)."""
    from lstm_tui.core.run_names import bundled_label
    from lstm_tui.core.runs import format_duration, format_loss, index_runs
    from lstm_tui.paths import user_models_dir
    from lstm_tui.terminal import columns

    rows = index_runs()
    if args.json:
        for row in rows:
            print(dumps(row.to_json()))
        return 0
    if not rows:
        print(f"no saved runs yet in {user_models_dir()}; train one with `lstm-tui train --corpus C`")
        return 0
    header = ("name", "corpus", "from", "size", "steps", "time", "val", "test", "LSTM", "margin", "saved")
    table = [header]
    broken = []
    for r in rows:
        if r.broken:
            broken.append(f"{r.name}: broken: {r.error}")
            continue
        margin = "—" if r.margin is None else f"{r.margin:+.4f} ({r.margin_split})"
        name = bundled_label(r.name) if r.bundled else r.name
        steps = "—" if r.steps is None else f"{r.steps:,}"
        lstm = r.lstm_test_loss if r.lstm_test_loss is not None else r.test_loss
        table.append(
            (name, r.corpus or "?", r.parent or "scratch", r.size or "?", steps,
             format_duration(r.elapsed_s, units=True), format_loss(r.val_loss, 4), format_loss(r.test_loss, 4),
             format_loss(lstm, 4), margin,
             (r.saved_at or "—")[:16].replace("T", " "))
        )  # fmt: skip
    for line in columns(table):  # padded by terminal columns: a Japanese name lines up
        print(line)
    for line in broken:
        print(line)
    return 0
