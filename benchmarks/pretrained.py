"""The pretrained base against counting and against training from scratch, per corpus.

For each Japanese corpus it runs the real command line in a scratch home:

    lstm-tui baseline --corpus C --json                          the n-gram
    lstm-tui train --corpus C --from scratch --time-limit 75 --json     from scratch
    lstm-tui eval --model base-ja --corpus C --json              the base, zero-shot
    lstm-tui train --corpus C --time-limit 75 --json             fine-tuned (base-ja is the default)
    lstm-tui train --corpus C --time-limit 600 --json            fine-tuned, 10 minutes

and tabulates test-split losses (nats/char): the n-gram, the LSTM alone from scratch,
the base zero-shot (the n-gram beside it scores the same text, with the characters
outside the base's vocabulary mapped to U+FFFD), the LSTM alone fine-tuned for 75 s and
for 10 minutes, and the hybrid (LSTM + n-gram) of the 75 s fine-tuned run. Rows: the
five bundled real Japanese corpora, then three texts imported with `lstm-tui import`:
森鴎外「舞姫」 (../shared/corpora) and two works the base never trained on, 坂口安吾
「肝臓先生」 and 柳田国男「遠野物語」 (held out of its pretraining as test works by
scripts/build_pretrain.py). Tiny Shakespeare is trained from scratch only (no English
base). Commands run --jobs at a time, each with one torch thread (the default on a
2-core machine), so each run has a core of its own.

    python benchmarks/pretrained.py [--jobs 2] [--budgets 75 600] [--rows ja-soseki …]

Writes benchmarks/results/pretrained.json. The full table takes ~40 min with 2 jobs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import ROOT, base_parser, now, print_table, write_result
from train_cli import cli

SHARED = ROOT.parent / "shared"
BUNDLED = ["ja-soseki", "ja-neko", "ja-kenji", "ja-akutagawa", "ja-torahiko"]
# name → (where the original is, path inside the pretraining archive or None)
ARCHIVE = "pretrain/aozora-ja-pretrain.tar.xz"
IMPORTED = {
    "maihime": ("corpora/aozora_maihime.txt", None),
    "kanzo-sensei": (ARCHIVE, "cards/001095/files/42617_ruby_29709/42617_ruby_29709.txt"),
    "tono-monogatari": (ARCHIVE, "cards/001566/files/52504_ruby_49666/52504_ruby_49666.txt"),
}
ENGLISH = ["en-shakespeare"]
QUICK_BUDGET_S = 2.0


class CliError(RuntimeError):
    """A command failed: its arguments and the end of its stderr."""


def run_cli(args: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    """Run one lstm-tui command; its JSON lines (raises CliError on failure)."""
    import json

    proc = subprocess.run([*cli(), *args], env=env, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise CliError(f"lstm-tui {' '.join(args)} failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def import_texts(names: list[str], env: dict[str, str], tmp: Path) -> list[str]:
    """Import each named outside text (its Shift_JIS original), or a text file given by
    its path, into the scratch home; returns the corpus names."""
    out = []
    for name in names:
        if name not in IMPORTED:  # a file of the caller's
            run_cli(["import", name, "--name", Path(name).stem], env)
            out.append(Path(name).stem)
            continue
        out.append(name)
        source, member = IMPORTED[name]
        path = SHARED / source
        if member is not None:
            with tarfile.open(path) as tar:
                f = tar.extractfile(member)
                assert f is not None
                path = tmp / f"{name}.txt"
                path.write_bytes(f.read())
        run_cli(["import", str(path), "--name", name], env)
    return out


def budget_of(cmd: list[str]) -> float:
    """The --time-limit of a command, 0 for one without."""
    return float(cmd[cmd.index("--time-limit") + 1]) if "--time-limit" in cmd else 0.0


def finished(events: list[dict[str, Any]]) -> dict[str, Any]:
    return next(e for e in reversed(events) if e.get("event") == "finished")


def tasks_for(row: str, budgets: list[float], english: bool, tmp: Path, quick: bool) -> dict[str, list[str]]:
    """Column → the command that fills it, for one row."""
    shape = ["--hidden", "32", "--embed", "16"] if quick else []
    one = ["--threads", "1", "--json"]
    short = budgets[0]
    cmds: dict[str, list[str]] = {
        "baseline": ["baseline", "--corpus", row, "--json"],
        "scratch": ["train", "--corpus", row, "--from", "scratch", "--time-limit", f"{short:g}", *shape, *one,
                    "--out", str(tmp / f"{row}-scratch")],
    }  # fmt: skip
    if english:
        return cmds
    cmds["zero_shot"] = ["eval", "--model", "base-ja", "--corpus", row, "--json"]
    for b in budgets:
        cmds[f"fine_tuned_{b:g}"] = ["train", "--corpus", row, "--time-limit", f"{b:g}", *one,
                                     "--out", str(tmp / f"{row}-ft-{b:g}")]  # fmt: skip
    return cmds


def merged(path: Path, new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the result at `path` with `new` ones in place of (or after) theirs;
    each kept row keeps the date it was measured."""
    import json

    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"results": []}
    fresh = {r["corpus"]: r for r in new}
    rows = []
    for r in old["results"]:
        r.setdefault("measured", old["machine"]["date"])
        rows.append(fresh.pop(r["corpus"], r))
    return rows + list(fresh.values())


def main() -> int:
    """Run every row's commands, --jobs at a time; print the table, write the JSON."""
    p = base_parser(__doc__.split("\n\n")[0])
    p.add_argument("--rows", nargs="+", default=BUNDLED + list(IMPORTED) + ENGLISH)
    p.add_argument("--budgets", nargs="+", type=float, default=[75.0, 600.0], help="fine-tuning seconds")
    p.add_argument("--jobs", type=int, default=2, help="commands at once, one torch thread each")
    p.add_argument("--keep", type=Path, metavar="DIR", help="copy the fine-tuned runs here (the demo run is one)")
    p.add_argument("--merge", action="store_true", help="replace only these rows in the existing result")
    args = p.parse_args()
    budgets = [QUICK_BUDGET_S] if args.quick else sorted(args.budgets)
    rows = list(args.rows)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "LSTM_TUI_HOME": str(tmp / "home"), "OMP_NUM_THREADS": "1"}
        imported = import_texts([r for r in rows if r in IMPORTED or Path(r).suffix], env, tmp)
        rows = [r for r in rows if not (r in IMPORTED or Path(r).suffix)] + imported
        facts = {c["name"]: c for c in run_cli(["corpora", "--json"], env)}
        jobs = [
            (row, col, cmd)
            for row in rows
            for col, cmd in tasks_for(row, budgets, row in ENGLISH, tmp, args.quick).items()
        ]
        jobs.sort(key=lambda job: -budget_of(job[2]))  # longest first, so the workers end together
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            done = {(row, col): pool.submit(run_cli, cmd, env) for row, col, cmd in jobs}
            out = {key: fut.result() for key, fut in done.items()}
        if args.keep is not None:
            for run in tmp.glob("*-ft-*"):
                shutil.copytree(run, args.keep / run.name, dirs_exist_ok=True)
    results = []
    for row in rows:
        r: dict[str, Any] = {"corpus": row, "chars": facts[row]["chars"], "vocab": facts[row].get("distinct")}
        r["ngram"] = out[(row, "baseline")][0]
        r["scratch"] = finished(out[(row, "scratch")])
        if row not in ENGLISH:
            r["zero_shot"] = out[(row, "zero_shot")][0]
            r["fine_tuned"] = {f"{b:g}": finished(out[(row, f"fine_tuned_{b:g}")]) for b in budgets}
        r["measured"] = now()
        results.append(r)
    if args.merge:
        results = merged(args.out_dir / "pretrained.json", results)
    table = []
    for r in results:
        ft = r.get("fine_tuned", {})
        first, last = (ft.get(f"{budgets[0]:g}", {}), ft.get(f"{budgets[-1]:g}", {})) if ft else ({}, {})
        zs = r.get("zero_shot", {})
        hybrid = first.get("test_loss") if ft else r["scratch"].get("test_loss")
        longer = last.get("lstm_test_loss") if len(budgets) > 1 else None
        table.append([
            r["corpus"], r["chars"], r["vocab"], r["ngram"]["test_loss"], r["scratch"].get("lstm_test_loss"),
            zs.get("lstm_test_loss"), zs.get("ngram_test_loss"), first.get("lstm_test_loss"), longer, hybrid,
        ])  # fmt: skip
    print_table(
        ["corpus", "chars", "vocab", "n-gram", f"scratch {budgets[0]:g}s", "base zero-shot", "(its n-gram)",
         f"fine-tuned {budgets[0]:g}s", f"fine-tuned {budgets[-1]:g}s", "hybrid"],
        table,
        title="test loss, nats/char (LSTM alone unless said)",
    )  # fmt: skip
    write_result("pretrained", {"quick": args.quick, "budgets_s": budgets, "jobs": args.jobs, "results": results},
                 args.out_dir)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
