"""core/replay.py: previews become frames with the losses reached at their step."""

from __future__ import annotations

import json
from pathlib import Path

from lstm_tui.core.replay import Frame, ReplayBuilder, replay_frames

EVENTS = [
    {"event": "progress", "step": 1, "train_loss": 4.0, "lr": 0.01},
    {"event": "sampled", "step": 1, "prefix": "th", "text": "xq"},
    {"event": "progress", "step": 50, "train_loss": 2.5, "lr": 0.01},
    {"event": "lr", "step": 50, "lr": 0.002, "previous_lr": 0.01},
    {"event": "evaluated", "step": 60, "val_loss": 2.7, "train_loss": 2.4},
    {"event": "sampled", "step": 60, "prefix": "th", "text": "the"},
    {"event": "evaluated", "step": 90, "val_loss": 2.1, "train_loss": 2.0},
    {"event": "sampled", "step": 90, "prefix": "th", "text": "thx"},
    {"event": "sampled", "step": 90, "prefix": "th", "text": "the end"},  # the end samples again
    {"event": "sampled", "step": "bad"},
    "not a dict line is never fed",
]


def test_frames_carry_the_losses_reached_at_their_step() -> None:
    frames = ReplayBuilder().feed_all(e for e in EVENTS if isinstance(e, dict))
    assert frames == [
        Frame(1, "th", "xq", 4.0, None, 0.01),
        Frame(60, "th", "the", 2.4, 2.7, 0.002),
        Frame(90, "th", "the end", 2.0, 2.1, 0.002),
    ]


def test_saved_run_frames_from_metrics(tmp_path: Path) -> None:
    lines = [json.dumps(e) for e in EVENTS] + ["{broken"]
    (tmp_path / "metrics.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert [f.step for f in replay_frames(tmp_path)] == [1, 60, 90]
    assert replay_frames(tmp_path / "missing") == []
