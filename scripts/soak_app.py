"""Soak, app part: 100 start/stop cycles of training in the app (Textual Pilot), then
thread counts, child processes and RSS before and after. Usage:

    PYTHONPATH=. python scripts/soak_app.py [--cycles 100] [--json FILE]

Uses the tiny test corpora and a temporary LSTM_TUI_HOME; prints PASS when threads are
back to the baseline, no child is left and RSS grew by at most 50 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _bundle(root: Path) -> None:
    """Point the app at the tiny fixture corpora (as the tests' `bundle` fixture does)."""
    import lstm_tui.paths as paths
    from tests.ui.helpers import write_bundle

    corpora, models = write_bundle(root)
    paths.bundled_corpora_dir = lambda: corpora
    paths.bundled_models_dir = lambda: models


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=100)
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lstm-tui-soak-app-") as tmp:
        os.environ["LSTM_TUI_HOME"] = str(Path(tmp) / "home")
        _bundle(Path(tmp) / "bundle")
        from tests.ui.app_soak import soak

        result = asyncio.run(soak(args.cycles))
    figures = {**asdict(result), "rss_growth_mb": round(result.rss_growth_mb, 2)}
    for key, value in figures.items():
        print(f"{key:<20} {round(value, 2) if isinstance(value, float) else value}")
    print("PASS" if result.ok else "FAIL")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
