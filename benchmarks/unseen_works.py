"""The base on every work it never saw: zero-shot and fine-tuned 75 s, against counting.

scripts/build_pretrain.py holds 30 whole works out of the base's pretraining as its
test set. This script takes each of them with at least --min-chars characters (12
works at the default 9,000; shorter ones leave a test split of a few hundred
characters), imports its Shift_JIS original with `lstm-tui import`, and runs the real
command line in a scratch home:

    lstm-tui baseline --corpus W --json                the n-gram
    lstm-tui eval --model base-ja --corpus W --json    the base, zero-shot
    lstm-tui train --corpus W --time-limit 75 --json   fine-tuned (base-ja is the default)

It reports each work's test-split losses (nats/char, LSTM alone) and how many works
the fine-tuned LSTM beats the n-gram on, and by 0.30 or more. The works are chosen by
length alone, before any result is seen: this is the spread a person's own text can
expect, not a selection.

    python benchmarks/unseen_works.py [--jobs 2] [--min-chars 9000] [--budget 75]

Writes benchmarks/results/unseen_works.json (~10 min with 2 jobs).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import EXIT_MISSING, ROOT, base_parser, median, print_table, write_result
from pretrained import ARCHIVE, SHARED, finished, run_cli

MANIFEST = SHARED / "pretrain" / "manifest.tsv"
SPLIT = ROOT / "build" / "pretrain" / "split.json"
QUICK_BUDGET_S = 2.0
REQUIRED_MARGIN = 0.30  # issue 19: an imported text's fine-tuned LSTM beats its n-gram by this


def held_out_works(min_chars: int) -> list[dict[str, str]]:
    """The base's test works (manifest rows) with at least `min_chars` characters,
    longest first."""
    test = set(json.loads(SPLIT.read_text(encoding="utf-8"))["works"]["test"])
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["path"] in test]
    return sorted((r for r in rows if int(r["chars"]) >= min_chars), key=lambda r: -int(r["chars"]))


def corpus_name(work: dict[str, str]) -> str:
    """A corpus name for a work: its Aozora file number."""
    return "unseen-" + Path(work["path"]).name.split("_")[0]


def import_works(works: list[dict[str, str]], env: dict[str, str], tmp: Path) -> None:
    """Import each work's original from the pretraining archive into the scratch home."""
    with tarfile.open(SHARED / ARCHIVE) as tar:
        for work in works:
            f = tar.extractfile(work["path"])
            assert f is not None
            path = tmp / f"{corpus_name(work)}.txt"
            path.write_bytes(f.read())
            run_cli(["import", str(path), "--name", corpus_name(work)], env)


def commands(name: str, budget: float, tmp: Path, quick: bool, lr: float | None) -> dict[str, list[str]]:
    """Column → the command that fills it, for one work."""
    shape = ["--steps", "3"] if quick else ["--time-limit", f"{budget:g}"]
    shape += ["--lr", f"{lr:g}"] if lr is not None else []
    return {
        "ngram": ["baseline", "--corpus", name, "--json"],
        "zero_shot": ["eval", "--model", "base-ja", "--corpus", name, "--json"],
        "fine_tuned": ["train", "--corpus", name, *shape, "--threads", "1", "--json", "--out", str(tmp / f"{name}-ft")],
    }


def main() -> int:
    """Run every work's commands, --jobs at a time; print the table, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--min-chars", type=int, default=9000, help="shortest work taken")
    p.add_argument("--budget", type=float, default=75.0, help="fine-tuning seconds")
    p.add_argument("--jobs", type=int, default=2, help="commands at once, one torch thread each")
    p.add_argument("--limit", type=int, help="take only the first N works (longest first)")
    p.add_argument("--lr", type=float, help="fine-tuning learning rate (default: train's own)")
    args = p.parse_args()
    if not (SPLIT.exists() and MANIFEST.exists()):
        print(f"needs {MANIFEST} and {SPLIT} (python scripts/build_pretrain.py)", file=sys.stderr)
        return EXIT_MISSING
    works = held_out_works(args.min_chars)[: args.limit]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "LSTM_TUI_HOME": str(tmp / "home"), "OMP_NUM_THREADS": "1"}
        import_works(works, env, tmp)
        jobs = [(corpus_name(w), col, cmd) for w in works
                for col, cmd in commands(corpus_name(w), args.budget, tmp, args.quick, args.lr).items()]  # fmt: skip
        jobs.sort(key=lambda job: job[1] != "fine_tuned")  # the long ones first
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            done = {(name, col): pool.submit(run_cli, cmd, env) for name, col, cmd in jobs}
            out = {key: fut.result() for key, fut in done.items()}
    results: list[dict[str, Any]] = []
    for w in works:
        name = corpus_name(w)
        ft = finished(out[(name, "fine_tuned")])
        ngram = out[(name, "ngram")][0]
        zs = out[(name, "zero_shot")][0]
        results.append({
            "corpus": name, "title": w["title"], "author": w["author"], "path": w["path"], "chars": int(w["chars"]),
            "test_chars": ngram["test_chars"], "ngram": ngram["test_loss"], "zero_shot": zs["lstm_test_loss"],
            "zero_shot_ngram": zs["ngram_test_loss"], "fine_tuned": ft["lstm_test_loss"],
            "hybrid": ft["test_loss"], "best_step": ft.get("best_step"), "best_val_loss": ft.get("best_val_loss"),
            "margin": ft["lstm_test_loss"] - ngram["test_loss"],
        })  # fmt: skip
    margins = [r["margin"] for r in results]
    summary = {
        "works": len(results),
        "beats_ngram": sum(m < 0 for m in margins),
        "beats_by_required": sum(m <= -REQUIRED_MARGIN for m in margins),
        "required_margin": REQUIRED_MARGIN,
        "median_margin": median(margins) if margins else None,
        "zero_shot_beats_ngram": sum(r["zero_shot"] < r["zero_shot_ngram"] for r in results),
        "mean_best_val_loss": sum(r["best_val_loss"] for r in results) / len(results) if results else None,
    }
    print_table(
        ["work", "author", "chars", "test chars", "n-gram", "zero-shot", "fine-tuned", "margin", "hybrid"],
        [[r["title"], r["author"], r["chars"], r["test_chars"], r["ngram"], r["zero_shot"], r["fine_tuned"],
          r["margin"], r["hybrid"]] for r in results],
        title=f"test loss, nats/char (LSTM alone unless said); fine-tuned {args.budget:g} s",
    )  # fmt: skip
    print(json.dumps(summary, ensure_ascii=False))
    data = {"quick": args.quick, "budget_s": args.budget, "lr": args.lr, "min_chars": args.min_chars, "jobs": args.jobs,
            "summary": summary, "results": results}  # fmt: skip
    write_result("unseen_works", data, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
