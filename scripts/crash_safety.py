"""kill -9 training 20 times (a third of them inside a checkpoint write) and print figures.

Each round starts (or resumes) training in a child process that checkpoints every
0.05 s, kills it with SIGKILL, then checks that the run folder loads with finite
weights, that no temporary file is listed as a run or a corpus, and that
`lstm-tui train --resume DIR --steps 2` continues it. Usage:

    PYTHONPATH=. python scripts/crash_safety.py [--kills 20] [--seed 0] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lstm-tui-crash-") as tmp:
        home = Path(tmp) / "home"
        os.environ["LSTM_TUI_HOME"] = str(home)
        from lstm_tui.importing import import_corpus
        from tests.reliability.crash import crash_rounds
        from tests.reliability.helpers import write_corpus

        info = import_corpus(write_corpus(Path(tmp)), name="tiny")
        report = crash_rounds(home, info.path, args.kills, seed=args.seed, log=print)
    summary = report.summary()
    print()
    for key, value in summary.items():
        print(f"{key:<24} {value}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"summary": summary, "rounds": [r.__dict__ for r in report.rounds]}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
