"""`train --resume`: alone it finishes the saved budget on the same curve; with a new
budget it extends the run on a recorded warm restart; a finished run asks for one."""

from __future__ import annotations

import dataclasses
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from lstm_tui.core.checkpoint import load_run
from lstm_tui.core.corpus import build_corpus
from lstm_tui.core.events import Progress
from lstm_tui.core.training import Trainer
from tests.cli.helpers import cli_env, run_main
from tests.core.helpers import tiny_config

TEXT = "ROMEO: hello there, how are you?\nJULIET: very well, thank you.\n" * 60


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    f = tmp_path / "tiny.txt"
    f.write_text(TEXT, encoding="utf-8")
    return f


def _stopped_run(corpus_file: Path, out: Path, stop_at: int, steps: int = 30) -> list[float]:
    """A run stopped at `stop_at` of `steps` (as Ctrl-C leaves it); returns its lrs."""
    corpus = build_corpus(TEXT, "tiny", path=str(corpus_file))
    trainer = Trainer(tiny_config(steps=steps, warmup_steps=5), corpus, out)
    lrs = []
    for event in trainer.events():
        if isinstance(event, Progress):
            lrs.append(event.lr)
            if event.step == stop_at:
                trainer.stop()
    return lrs


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_resume_alone_finishes_the_saved_budget_on_the_same_curve(capsys, corpus_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    straight = _stopped_run(corpus_file, tmp_path / "straight", stop_at=-1)
    before = _stopped_run(corpus_file, out, stop_at=12)
    code, stdout, err = run_main(capsys, "train", "--resume", str(out), "--json")
    assert code == 0, err
    events = _json_lines(stdout)
    assert "schedule" not in {e["event"] for e in events}
    assert events[-1]["event"] == "finished" and events[-1]["step"] == 30 and events[-1]["reason"] == "steps"
    # progress lines are thinned to two a second, so compare the ones printed
    for e in events:
        if e["event"] == "progress":
            assert e["lr"] == pytest.approx(straight[e["step"] - 1], abs=1e-6)
    assert before == straight[:12]


def test_resume_of_a_finished_run_asks_for_a_budget(capsys, corpus_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    _stopped_run(corpus_file, out, stop_at=-1, steps=10)
    code, _, err = run_main(capsys, "train", "--resume", str(out))
    assert code == 2
    assert "already finished its budget (10 steps" in err and "--steps" in err and "Traceback" not in err
    assert load_run(out).progress.step == 10  # untouched


def test_resume_with_new_steps_is_a_warm_restart(capsys, corpus_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    lrs = _stopped_run(corpus_file, out, stop_at=-1, steps=20)
    code, stdout, err = run_main(capsys, "train", "--resume", str(out), "--steps", "20", "--json")
    assert code == 0, err
    events = _json_lines(stdout)
    assert events[0]["event"] == "schedule" and events[0]["kind"] == "warm_restart"
    assert events[0]["step"] == 20 and events[0]["end_step"] == 40
    assert events[0]["start_lr"] == pytest.approx(lrs[-1], rel=0.5)  # where the run was, not the peak
    assert events[-1]["event"] == "finished" and events[-1]["step"] == 40
    run = load_run(out, weights="last")
    assert run.progress.budget_steps == 40 and [s["kind"] for s in run.progress.segments] == ["warm_restart"]


def test_early_stop_flag_reaches_the_run(capsys, corpus_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    code, _, err = run_main(
        capsys,
        "train",
        "--corpus",
        str(corpus_file),
        "--steps",
        "3",
        "--early-stop",
        "4",
        "--out",
        str(out),
        "--hidden",
        "16",
        "--embed",
        "8",
        "--seq-len",
        "16",
        "--batch-size",
        "4",
        "--threads",
        "1",
    )
    assert code == 0, err
    config = load_run(out).config
    assert dataclasses.asdict(config)["early_stop"] == 4


def test_sigterm_saves_and_resume_alone_ends_on_the_uninterrupted_weights(
    capsys, corpus_file: Path, tmp_path: Path
) -> None:
    """SIGTERM mid-run, then `train --resume DIR`: bit-identical to one uninterrupted run."""
    tiny = ["--hidden", "16", "--embed", "8", "--seq-len", "16", "--batch-size", "4", "--threads", "1",
            "--precision", "fp32", "--seed", "3"]  # fmt: skip
    straight = tmp_path / "straight"
    code, _, err = run_main(
        capsys, "train", "--corpus", str(corpus_file), "--steps", "1000", "--out", str(straight), *tiny
    )
    assert code == 0, err
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstm_tui", "train", "--corpus", str(corpus_file), "--steps", "1000", "--json",
         "--out", str(out), *tiny],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(),
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if json.loads(line)["event"] == "progress":  # the first is printed at once: step 1 or so
            break
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "interrupted" in err, err  # 128 + SIGTERM, after saving
    stopped_at = load_run(out).progress.step
    assert 1 <= stopped_at < 1000
    code, _, err = run_main(capsys, "train", "--resume", str(out))
    assert code == 0, err
    a, b = load_run(straight, weights="last"), load_run(out, weights="last")
    assert b.progress.step == 1000
    for (name, x), y in zip(a.model.state_dict().items(), b.model.state_dict().values(), strict=True):
        assert torch.equal(x, y), name
