"""A diverging run (learning rate 1e6) stops with a clear message and keeps good weights.

The app part (a notification, the app stays usable) belongs to the UI tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.cli.helpers import run_main
from tests.reliability.helpers import SMALL, assert_one_line, write_corpus


def finite(run_dir: Path) -> tuple[int, bool]:
    from lstm_tui.core.checkpoint import load_run

    run = load_run(run_dir)
    return run.progress.step, all(bool(torch.isfinite(t).all()) for t in run.model.state_dict().values())


def test_lr_1e6_stops_with_one_line_and_a_loadable_run(capsys, tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "r"
    code, stdout, err = run_main(
        capsys, "train", "--corpus", str(corpus), "--steps", "200", "--lr", "1e6", "--out", str(out), *SMALL
    )
    line = assert_one_line(code, err, "loss", "training stopped", "lower learning rate", "keeps the weights of step")
    assert "Traceback" not in stdout
    assert stdout.strip().splitlines()[-1].startswith("failed at step")
    step, ok = finite(out)
    assert ok and f"step {step}" in line
    # the kept run is usable: it samples
    code, text, err = run_main(capsys, "sample", "--model", str(out), "--length", "20", "--seed", "1")
    assert code == 0 and len(text) >= 20
    assert err == "" or ("no best weights" in err and len(err.strip().splitlines()) == 1)  # at most the note


def test_lr_1e6_json_ends_with_a_failed_event(capsys, tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "r"
    code, stdout, err = run_main(
        capsys, "train", "--corpus", str(corpus), "--steps", "200", "--lr", "1e6", "--out", str(out), "--json", *SMALL
    )
    assert_one_line(code, err, "lower learning rate")
    last = json.loads(stdout.strip().splitlines()[-1])
    assert last["event"] == "failed" and "lower learning rate" in last["message"] and last["out"] == str(out)
    assert finite(out)[1]


def test_diverging_resume_keeps_the_earlier_checkpoint(capsys, tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "r"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "5", "--out", str(out), *SMALL)
    assert code == 0, err
    from safetensors.torch import load_file

    before = load_file(str(out / "model.safetensors"))
    code, _, err = run_main(capsys, "train", "--resume", str(out), "--steps", "200", "--lr", "1e6", "--threads", "1")
    assert_one_line(code, err, "lower learning rate", "keeps the weights of step 5")
    step, ok = finite(out)
    assert ok and step == 5
    after = load_file(str(out / "model.safetensors"))
    for name, tensor in before.items():
        torch.testing.assert_close(after[name], tensor, msg=name)
