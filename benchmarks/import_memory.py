"""Peak memory of importing a large text: generates a ~100 MB Japanese UTF-8 file (or
uses --corpus PATH), imports it in a child process, and prints the child's peak RSS.

    python benchmarks/import_memory.py [--mb 100] [--corpus PATH]

Writes benchmarks/results/import_memory.json. The issue asks for a peak of at most 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = "吾輩は猫である。名前はまだ無い。ライブありがとう！ #live (^^) 2024年\r\n"

CHILD = """
import resource, sys, time
from lstm_tui.importing import import_corpus
t = time.perf_counter()
info = import_corpus(sys.argv[1], name="big", force=True)
print(info.chars, info.distinct, info.lines, round(time.perf_counter() - t, 2))
"""


def make_file(path: Path, mb: int) -> None:
    """Write about mb megabytes of CRLF Japanese text, chunk by chunk."""
    block = (LINE * 2000).encode("utf-8")
    with path.open("wb") as f:
        for _ in range(mb * 1024 * 1024 // len(block) + 1):
            f.write(block)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--corpus", type=Path, help="import this file instead of a generated one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus:
            if not args.corpus.is_file():
                print(f"missing corpus file: {args.corpus}", file=sys.stderr)
                return 2
            src = args.corpus
        else:
            src = Path(tmp) / "big.txt"
            make_file(src, args.mb)
        env = {**os.environ, "LSTM_TUI_HOME": str(Path(tmp) / "home"), "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(src)], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        # ru_maxrss of finished children, in KiB on Linux
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        chars, distinct, lines, secs = proc.stdout.split()
        result = {
            "file_mb": round(src.stat().st_size / 2**20, 1),
            "chars": int(chars),
            "distinct": int(distinct),
            "lines": int(lines),
            "import_s": float(secs),
            "wall_s": round(wall, 2),
            "peak_rss_mib": round(peak_mib, 1),
            "limit_mib": 1024,
        }
    print(f"{'file MB':>8} {'chars':>12} {'import s':>9} {'peak RSS MiB':>13} {'limit':>6}")
    print(f"{result['file_mb']:>8} {result['chars']:>12,} {result['import_s']:>9} "
          f"{result['peak_rss_mib']:>13} {1024:>6}")
    out = ROOT / "benchmarks" / "results" / "import_memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if result["peak_rss_mib"] <= 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
