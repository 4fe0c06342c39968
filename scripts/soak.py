"""Soak, core part: 100 sampling streams started in threads and stopped early through
their stop Event; prints thread counts and RSS before and after. Usage:

    PYTHONPATH=. python scripts/soak.py [--streams 100] [--json FILE]

The app part (100 start/stop training cycles in the Pilot) is added by the UI work.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", type=int, default=100)
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lstm-tui-soak-") as tmp:
        os.environ["LSTM_TUI_HOME"] = str(Path(tmp) / "home")
        from tests.reliability.helpers import make_run
        from tests.reliability.soaklib import sampling_soak

        result = sampling_soak(make_run(Path(tmp) / "run"), args.streams)
    figures = {**asdict(result), "rss_growth_mb": round(result.rss_growth_mb, 2)}
    for key, value in figures.items():
        print(f"{key:<20} {round(value, 2) if isinstance(value, float) else value}")
    ok = (
        result.threads_after == result.threads_before
        and result.os_threads_after <= result.os_threads_before
        and result.rss_growth_mb <= 50
    )
    print("PASS" if ok else "FAIL")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
