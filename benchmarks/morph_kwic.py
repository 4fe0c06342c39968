"""Benchmark: KWIC of 猫 over 吾輩は猫である (warm, and the whole cold CLI call) and keyness
of two novels (坊っちゃん against 銀河鉄道の夜, cold).

    python benchmarks/morph_kwic.py [--corpus PATH] [--keyness-a PATH --keyness-b PATH] [--quick]

Prints a table and writes benchmarks/results/morph_kwic.json. Defaults are the bundled
corpora: corpora/ja-neko.txt, and 坊っちゃん / 銀河鉄道の夜 cut from corpora/ja-soseki.txt and
corpora/ja-kenji.txt (written to a temporary folder). Targets (issue 13 §6):
KWIC warm ≤ 0.3 s; whole cold CLI call ≤ 2.5 s; keyness of two novels ≤ 2 s cold.

"Cold" CLI calls run `python -m lstm_tui …` in a fresh process with an empty user folder,
so nothing is cached: interpreter start, imports, reading, MeCab and output all count.
The same call with the disk cache filled is reported beside it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, base_parser, require_files, write_result

NEKO = ROOT / "corpora" / "ja-neko.txt"
SOSEKI = ROOT / "corpora" / "ja-soseki.txt"
KENJI = ROOT / "corpora" / "ja-kenji.txt"
BOCCHAN_END = "（明治三十九年四月）\n"
GINGA_END = "\n\nどっどど"
TARGETS = {"kwic_warm_s": 0.3, "kwic_cold_cli_s": 2.5, "keyness_cold_cli_s": 2.0}


def cli(home: Path, *argv: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Seconds of one `python -m lstm_tui ARGV` call (wall clock, process start to exit)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LSTM_TUI_HOME": str(home), "OMP_NUM_THREADS": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_tui", *argv], capture_output=True, text=True, encoding="utf-8", env=env
    )
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"lstm-tui {' '.join(argv)} failed: {proc.stderr.strip()}")
    return took, proc


def cold_and_cached(argv: list[str], repeats: int) -> tuple[list[float], list[float]]:
    """Each repeat: a call with an empty user folder (cold), then one with its cache filled."""
    cold, cached = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as home:
            cold.append(cli(Path(home), *argv)[0])
            cached.append(cli(Path(home), *argv)[0])
    return cold, cached


def slice_novels(folder: Path) -> tuple[Path, Path]:
    """坊っちゃん and 銀河鉄道の夜 as two files, cut from the bundled corpora."""
    soseki = SOSEKI.read_text(encoding="utf-8")
    kenji = KENJI.read_text(encoding="utf-8")
    a, b = folder / "bocchan.txt", folder / "ginga.txt"
    a.write_text(soseki[: soseki.index(BOCCHAN_END) + len(BOCCHAN_END)], encoding="utf-8")
    b.write_text(kenji[: kenji.index(GINGA_END) + 1], encoding="utf-8")
    return a, b


def main() -> int:
    """Run the benchmark; exit 2 with one line when a corpus is missing."""
    ap = base_parser(__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=NEKO, help="KWIC corpus (default corpora/ja-neko.txt)")
    ap.add_argument("--word", default="猫", help="the KWIC word (default 猫)")
    ap.add_argument("--keyness-a", type=Path, help="first novel (default 坊っちゃん from corpora/ja-soseki.txt)")
    ap.add_argument("--keyness-b", type=Path, help="second novel (default 銀河鉄道の夜 from corpora/ja-kenji.txt)")
    args = ap.parse_args()
    require_files([args.corpus] + [p for p in (args.keyness_a, args.keyness_b) if p])
    repeats = 1 if args.quick else 3

    from lstm_tui.core.encoding import read_text
    from lstm_tui.morph.cache import MorphCache
    from lstm_tui.morph.compounds import merge_compounds
    from lstm_tui.morph.kwic import concordance

    text = read_text(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        cache = MorphCache(Path(tmp))
        t0 = time.perf_counter()
        tokens = cache.tokens(text)  # in-process cold: MeCab + offsets + the JSON file
        first_s = time.perf_counter() - t0
        conc = concordance(tokens, args.word)
        warm = []
        for _ in range(5 if not args.quick else 2):
            t0 = time.perf_counter()
            conc = concordance(cache.tokens(text), args.word)  # memory cache: hash + lookup + lines
            warm.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        MorphCache(Path(tmp)).tokens(text)  # a new process's view: the token stream from disk
        disk_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        merge_compounds(tokens, ["赤シャツ", "野だ"])
        merge_s = time.perf_counter() - t0
    kwic_argv = ["kwic", "--text-file", str(args.corpus), "--word", args.word, "--json"]
    kwic_cold, kwic_cached = cold_and_cached(kwic_argv, repeats)

    with tempfile.TemporaryDirectory() as tmp:
        a, b = (args.keyness_a, args.keyness_b) if args.keyness_a and args.keyness_b else slice_novels(Path(tmp))
        key_argv = ["freq", "--text-file", str(a), "--compare-corpus", str(b), "--keyness", "--format", "json"]
        key_cold, key_cached = cold_and_cached(key_argv, repeats)
        chars_a, chars_b = len(read_text(a)), len(read_text(b))
        labels = (a.stem, b.stem)

    med = statistics.median
    result = {
        "corpus": str(args.corpus),
        "word": args.word,
        "chars": len(text),
        "tokens": len(tokens),
        "occurrences": conc.count,
        "kwic_first_in_process_s": round(first_s, 4),
        "kwic_warm_s": round(med(warm), 5),
        "kwic_from_disk_cache_s": round(disk_s, 4),
        "compounds_merge_s": round(merge_s, 4),
        "kwic_cold_cli_s": [round(x, 3) for x in kwic_cold],
        "kwic_cached_cli_s": [round(x, 3) for x in kwic_cached],
        "keyness_texts": {labels[0]: chars_a, labels[1]: chars_b},
        "keyness_cold_cli_s": [round(x, 3) for x in key_cold],
        "keyness_cached_cli_s": [round(x, 3) for x in key_cached],
        "targets_s": TARGETS,
        "met": {
            "kwic_warm_s": med(warm) <= TARGETS["kwic_warm_s"],
            "kwic_cold_cli_s": med(kwic_cold) <= TARGETS["kwic_cold_cli_s"],
            "keyness_cold_cli_s": med(key_cold) <= TARGETS["keyness_cold_cli_s"],
        },
        "repeats": repeats,
        "quick": args.quick,
    }
    rows = [
        ("corpus", f"{len(text):,} chars", f"{len(tokens):,} tokens; {conc.count} × {args.word}"),
        ("KWIC, first (MeCab) in-process", f"{first_s:.3f} s", "analysis + offsets + disk cache write"),
        ("KWIC warm (memory cache)", f"{med(warm) * 1000:.1f} ms", f"target ≤ {TARGETS['kwic_warm_s']} s"),
        ("token stream from disk", f"{disk_s * 1000:.0f} ms", "what a second process pays"),
        ("KWIC whole CLI call, cold", f"{med(kwic_cold):.2f} s", f"target ≤ {TARGETS['kwic_cold_cli_s']} s"),
        ("KWIC whole CLI call, cached", f"{med(kwic_cached):.2f} s", "disk cache filled"),
        ("keyness CLI, cold", f"{med(key_cold):.2f} s", f"{labels[0]} vs {labels[1]}; target ≤ 2 s"),
        ("keyness CLI, cached", f"{med(key_cached):.2f} s", "disk cache filled"),
    ]
    for name, value, note in rows:
        print(f"{name:<32} {value:>14}   {note}")
    out = write_result("morph_kwic", result, args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
