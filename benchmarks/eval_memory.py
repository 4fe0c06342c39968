"""Peak memory of `lstm-tui eval` on a 100,000-character vocabulary (issue 16).

Evaluation used to score a whole chunk of 32 streams × 256 characters at once: with V
characters that is 8,192 × V float32 logits plus their log-softmax, ~6.6 GB at
V = 100,000 (13 GB was measured at 200,113). core/evaluation.py now scores the output
layer a block of rows at a time (at most 2^22 logits), so the peak is O(block × V).

This script writes a deterministic corpus whose training split holds every one of
--vocab distinct characters, trains a tiny run on it in-process (one step, the LSTM
alone), then runs the real command line `python -m lstm_tui eval --model RUN --corpus
FILE --json` in a child process and reads the child's peak RSS from wait4(). With
--with-unbounded it also runs the same command with the row blocks turned off (the old
behaviour) beside it; that child needs ~7 GB, so it is off by default on a shared box.

    python benchmarks/eval_memory.py [--vocab 100000] [--chars 1200000] [--with-unbounded]

Target: peak RSS ≤ 2 GB (decimal). Writes benchmarks/results/eval_memory.json.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, print_table, verdict, write_result

TARGET_BYTES = 2e9  # 2 GB, decimal as the issue writes it
MIB = 2**20

# The child for the old behaviour: the same command line with the row blocks turned off.
_UNBOUNDED = (
    "import sys; import lstm_tui.core.evaluation as e; e._MAX_LOGITS = 1 << 62; "
    "from lstm_tui.cli import main; sys.exit(main(sys.argv[1:]))"
)


def make_text(vocab: int, chars: int, seed: int = 1) -> str:
    """Every one of `vocab` characters once (shuffled), then Zipf-like draws; the first
    90% (the training split) holds them all, so the run's vocabulary is `vocab` wide."""
    points = [cp for cp in range(0x4E00, 0x4E00 + vocab + 2048) if not 0xD800 <= cp <= 0xDFFF][:vocab]
    alphabet = [chr(cp) for cp in points]
    rng = random.Random(seed)
    head = alphabet[:]
    rng.shuffle(head)
    weights = [1.0 / (i + 1) for i in range(vocab)]
    tail = rng.choices(alphabet, weights=weights, k=max(0, chars - vocab))
    body = "".join(head) + "".join(tail)
    return "\n".join(body[i : i + 60] for i in range(0, len(body), 60)) + "\n"


def train_tiny_run(corpus_file: Path, out: Path) -> int:
    """A one-step run with a tiny LSTM on the corpus; returns its vocabulary size."""
    from lstm_tui.core.config import preset
    from lstm_tui.core.corpus import build_corpus
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.training import Trainer

    text = read_text(corpus_file)
    corpus = build_corpus(text, corpus_file.stem, path=str(corpus_file))
    fields = preset("default").to_dict()
    changes: dict[str, Any] = dict(
        embed=8, hidden=16, seq_len=16, batch_size=4, steps=1, threads=1, precision="fp32",
        eval_every_s=1e9, sample_every_s=1e9, checkpoint_every_s=1e9, sample_length=0,
    )  # fmt: skip
    if "hybrid" in fields:
        changes["hybrid"] = False  # the LSTM alone: this measures the LSTM's evaluation
    Trainer(preset("default").with_(**changes), corpus, out).run()
    return len(corpus.vocab)


def run_measured(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a child to the end, reaping it with os.wait4 to read its own peak RSS: its exit
    code, wall time, peak RSS and output."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "rc": proc.returncode,
            "wall_s": round(time.perf_counter() - t0, 2),
            "peak_rss_bytes": usage.ru_maxrss * 1024,  # Linux reports kilobytes
            "stdout": out.read(),
            "stderr": err.read()[-2000:],
        }


def main() -> None:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--vocab", type=int, default=100_000, help="distinct characters (default 100,000)")
    p.add_argument("--chars", type=int, default=1_200_000, help="corpus length in characters")
    p.add_argument("--with-unbounded", action="store_true", help="also run the old unbounded evaluation (~7 GB)")
    args = p.parse_args()
    if args.quick:  # the smoke test: a narrower vocabulary, same code path
        args.vocab, args.chars = min(args.vocab, 20_000), min(args.chars, 200_000)

    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env["LSTM_TUI_HOME"] = str(folder / "home")
        corpus_file = folder / "wide-vocab.txt"
        corpus_file.write_text(make_text(args.vocab, args.chars), encoding="utf-8")
        run = folder / "run"
        t0 = time.perf_counter()
        vocab = train_tiny_run(corpus_file, run)
        train_s = time.perf_counter() - t0
        cli = ["eval", "--model", str(run), "--corpus", str(corpus_file), "--json", "--weights", "last"]
        sides = {"row blocks (now)": [sys.executable, "-m", "lstm_tui", *cli]}
        if args.with_unbounded:
            sides["whole chunk (before)"] = [sys.executable, "-c", _UNBOUNDED, *cli]
        results: dict[str, dict[str, Any]] = {}
        for label, argv in sides.items():
            r = run_measured(argv, env)
            if r["rc"] != 0:
                print(f"{label}: exit {r['rc']}: {r['stderr'].strip()[-500:]}", file=sys.stderr)
            figures = json.loads(r["stdout"]) if r["rc"] == 0 and r["stdout"].strip() else {}
            results[label] = {
                "rc": r["rc"],
                "peak_rss_mib": round(r["peak_rss_bytes"] / MIB, 1),
                "wall_s": r["wall_s"],
                "val_loss": figures.get("val_loss"),
                "val_chars": figures.get("val_chars"),
            }

    now = results["row blocks (now)"]
    ok = now["rc"] == 0 and now["peak_rss_mib"] * MIB <= TARGET_BYTES
    rows = [[k, v["rc"], v["peak_rss_mib"], v["wall_s"], v["val_loss"]] for k, v in results.items()]
    print_table(
        ["evaluation", "exit", "peak RSS MiB", "wall s", "val loss"],
        rows,
        title=f"lstm-tui eval on a {vocab:,}-character vocabulary ({args.chars:,} characters; tiny LSTM)",
    )
    unbounded_logits = 32 * 256 * vocab * 4
    print(f"one whole chunk's logits alone would be {unbounded_logits / 2**30:.1f} GiB (32 × 256 × V float32)")
    print(f"target: peak RSS ≤ 2 GB: {verdict(ok)}")
    path = write_result(
        "eval_memory",
        {
            "vocab": vocab,
            "corpus_chars": args.chars,
            "train_one_step_s": round(train_s, 2),
            "target_peak_rss_bytes": TARGET_BYTES,
            "results": results,
            "whole_chunk_logits_bytes": unbounded_logits,
            "met": ok,
        },
        args.out_dir,
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
