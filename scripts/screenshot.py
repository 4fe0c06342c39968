"""Regenerate the README's screenshot: the real app at 120×36 with a temporary
LSTM_TUI_HOME, fine-tuning the bundled base-ja on ja-soseki (the default start) for
`--seconds` of real training, then Textual's SVG of the Train pane. Usage:

    python scripts/screenshot.py [--seconds 45] [--out docs/screenshot.svg]

The figures in the picture are whatever this machine trained in that time; the run is
thrown away with the temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def shoot(out: Path, seconds: float) -> None:
    """Open the app, start the default run on the Train pane and save its SVG after `seconds`."""
    from textual.widgets import Static

    from lstm_tui.ui.app import LstmTuiApp
    from lstm_tui.ui.panes.train import TrainPane

    app = LstmTuiApp()
    async with app.run_test(size=(120, 36)) as pilot:

        async def until(condition, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
            deadline = time.monotonic() + timeout
            while not condition():
                if time.monotonic() > deadline:
                    raise SystemExit(f"screenshot: timed out waiting for {what}")
                await pilot.pause(0.1)

        await pilot.press("2")
        pane = app.query_one(TrainPane)
        note = app.query_one("#zero-shot", Static)
        await until(lambda: "zero-shot" in str(note.render()), "the base's zero-shot figures")
        await pilot.press("f5")
        await until(lambda: pane.is_training and pane.step > 0, "a first step")
        await pilot.pause(seconds)
        await pilot.pause(0.5)  # one more paint of the figures
        app.save_screenshot(filename=out.name, path=str(out.parent))
        pane.stop()
        await until(lambda: not pane.is_training, "the run to stop")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=45.0, help="training before the picture")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshot.svg")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lstm-tui-shot-") as tmp:
        os.environ["LSTM_TUI_HOME"] = str(Path(tmp) / "home")
        asyncio.run(shoot(args.out, args.seconds))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
