"""The seed's moment: what follows 「こんにち」 at temperature 0.1.

The diary this tool descends from samples its model with the prefix こんにち at
temperature 0.1 (../shared/seed). This script asks the bundled models the same
question through the real command line (`lstm-tui sample`, as the run streams and with
--pure), and reads the LSTM's own next-character distribution after the prefix, so the
answer can be explained: it also counts what follows こんにち in the pretraining text
and the demo's corpus, where those exist.

    python benchmarks/seed_moment.py [--models models/base-ja models/demo-ja-soseki]

Writes benchmarks/results/seed_moment.json.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, print_table, write_result
from train_cli import cli

PREFIX = "こんにち"
TEMPERATURE = 0.1
SEEDS = (1, 2, 3)
TEXTS = {
    "pretraining train split": ROOT / "build" / "pretrain" / "train.txt",
    "ja-soseki": ROOT / "corpora" / "ja-soseki.txt",
}


def sampled(model: Path, seed: int, pure: bool) -> str:
    """What `lstm-tui sample` prints after the prefix (20 characters)."""
    args = ["sample", "--model", str(model), "--prefix", PREFIX, "--temperature", str(TEMPERATURE)]
    args += ["--length", "20", "--seed", str(seed)] + (["--pure"] if pure else [])
    proc = subprocess.run([*cli(), *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return proc.stdout.strip()[len(PREFIX) :]


def next_chars(model: Path, top: int = 6) -> list[tuple[str, float]]:
    """The LSTM's most likely characters after the prefix, with probabilities."""
    import torch

    from lstm_tui.core import checkpoint

    run = checkpoint.load_run(model, weights="best")
    lstm = run.model.float().eval()
    x = torch.tensor([[run.vocab.stoi[c] for c in PREFIX]])
    with torch.no_grad():
        out = lstm(x)
    logits = out[0] if isinstance(out, tuple) else out
    p = torch.softmax(logits[0, -1].float(), -1)
    best = torch.topk(p, top)
    ha = float(p[run.vocab.stoi["は"]])
    return [(run.vocab.chars[int(i)], round(float(q), 4)) for q, i in zip(best.values, best.indices)] + [
        ("は", round(ha, 5))
    ]


def followers(path: Path) -> dict[str, int] | None:
    """How often each character follows the prefix in a text, or None when it is absent."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    return dict(Counter(m.group(1) for m in re.finditer(PREFIX + "(.)", text)).most_common())


def main() -> int:
    """Ask each model; print the table, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--models", nargs="+", type=Path, default=[ROOT / "models/base-ja", ROOT / "models/demo-ja-soseki"])
    args = p.parse_args()
    rows: list[dict[str, Any]] = []
    for model in args.models:
        rows.append({
            "model": model.name,
            "sampled": {str(s): sampled(model, s, pure=False) for s in SEEDS},
            "sampled_pure": sampled(model, SEEDS[0], pure=True),
            "next_chars": next_chars(model),
        })  # fmt: skip
    counts = {name: followers(path) for name, path in TEXTS.items()}
    table = []
    for r in rows:
        top = " ".join(f"{c}:{q:.2f}" for c, q in r["next_chars"][:-1])
        first, pure = (r["sampled"]["1"].replace("\n", "⏎"), r["sampled_pure"].replace("\n", "⏎"))
        table.append([r["model"], first, pure, top, r["next_chars"][-1][1]])
    headers = ["model", "continues with (seed 1)", "LSTM alone", "top next characters (p)", "p(は)"]
    print_table(headers, table, title=f"prefix {PREFIX} at temperature {TEMPERATURE}")
    print("what follows こんにち in the text:", counts)
    write_result("seed_moment", {"prefix": PREFIX, "temperature": TEMPERATURE, "models": rows, "followers": counts},
                 args.out_dir)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
