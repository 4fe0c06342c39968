"""Peak memory of importing a large text: generates a ~100 MB Japanese UTF-8 file (or
uses --corpus PATH), imports it in a child process, and prints the child's peak RSS.

    python benchmarks/import_memory.py [--mb 100] [--corpus PATH]

Writes benchmarks/results/import_memory.json. The issue asks for a peak of at most 1 GB.
--quick imports a 1 MB file.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, base_parser, print_table, verdict, write_result

LIMIT_MIB = 1024
QUICK_MB = 1
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
    """Import the file in a child process; print and write its peak RSS."""
    ap = base_parser(__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=100, help="size of the generated file (default 100)")
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
            make_file(src, QUICK_MB if args.quick else args.mb)
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
            "limit_mib": LIMIT_MIB,
            "target_met": peak_mib <= LIMIT_MIB,
            "quick": args.quick,
        }
    print_table(
        ["file MB", "chars", "vocab (distinct chars)", "import s", "peak RSS MiB", "limit MiB", "met?"],
        [
            [
                result["file_mb"],
                result["chars"],
                result["distinct"],
                result["import_s"],
                result["peak_rss_mib"],
                LIMIT_MIB,
                verdict(result["target_met"]),
            ]
        ],
        title="importing a text in a fresh process: peak resident memory",
    )
    out = write_result("import_memory", result, args.out_dir)
    print(f"wrote {out}")
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
