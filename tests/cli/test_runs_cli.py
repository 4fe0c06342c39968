"""`lstm-tui runs [--json]`: new runs with their figures; broken folders listed as such."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui.core.ngram_cache import clear_memory_cache
from lstm_tui.paths import user_models_dir
from tests.cli.helpers import cli_env, run_main

TINY = ["--hidden", "16", "--embed", "8", "--seq-len", "16", "--batch-size", "4", "--threads", "1"]


@pytest.fixture
def two_runs(capsys: pytest.CaptureFixture[str], tiny_en_file: Path) -> list[Path]:
    """Two tiny runs in the user models folder, and the corpus's n-gram baseline cached."""
    outs = []
    for name, steps in (("first", "6"), ("second", "10")):
        out = user_models_dir() / name
        code, _, err = run_main(
            capsys, "train", "--corpus", str(tiny_en_file), "--steps", steps, "--out", str(out), *TINY
        )
        assert code == 0, err
        outs.append(out)
    clear_memory_cache()
    code, _, err = run_main(capsys, "baseline", "--corpus", str(tiny_en_file))
    assert code == 0, err
    return outs


def _rows(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    code, out, err = run_main(capsys, "runs", "--json")
    assert code == 0 and not err
    return [json.loads(line) for line in out.splitlines()]


def test_json_lists_new_runs_with_their_figures(capsys: pytest.CaptureFixture[str], two_runs: list[Path]) -> None:
    rows = {r["name"]: r for r in _rows(capsys)}
    for out, steps in zip(two_runs, (6, 10)):
        row = rows[out.name]
        assert row["path"] == str(out) and row["corpus"] == "tiny-en" and row["steps"] == steps
        assert row["broken"] is False and row["error"] is None and row["bundled"] is False
        assert row["preset"] == "default" and row["size"] == "16x1"
        for key in ("val_loss", "test_loss", "ngram_val_loss", "ngram_test_loss", "elapsed_s"):
            assert isinstance(row[key], float) and math.isfinite(row[key]), key
        assert row["margin_split"] == "test" and row["parent"] is None  # trained from scratch
        # the margin is the run's model as trained (train --json's test_loss), the hybrid here
        assert row["margin"] == pytest.approx(row["test_loss"] - row["ngram_test_loss"], abs=2e-6)
        assert row["saved_at"][:2] == "20"
    # the user's runs come first, newest first
    names = [r["name"] for r in _rows(capsys)]
    assert names.index("second") < names.index("first")


def test_broken_folders_are_listed_with_the_reason(capsys: pytest.CaptureFixture[str], two_runs: list[Path]) -> None:
    models = user_models_dir()
    (two_runs[0] / "run.json").write_text("{not json", encoding="utf-8")
    pickled = models / "pickled"
    pickled.mkdir()
    (pickled / "model.pt").write_bytes(b"\x80\x04")
    (models / "empty").mkdir()  # a run that has just started: not listed at all
    (two_runs[1] / "model.safetensors").unlink()
    rows = {r["name"]: r for r in _rows(capsys)}
    assert "empty" not in rows
    assert rows["first"]["broken"] and "not valid JSON" in rows["first"]["error"]
    assert rows["pickled"]["broken"] and "pickle" in rows["pickled"]["error"]
    assert rows["second"]["broken"] and "model.safetensors" in rows["second"]["error"]
    code, out, _ = run_main(capsys, "runs")
    assert code == 0 and "first: broken:" in out and "pickled: broken:" in out


def test_table_and_empty_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import lstm_tui.paths as paths

    monkeypatch.setattr(paths, "bundled_models_dir", lambda: tmp_path / "none")
    code, out, _ = run_main(capsys, "runs")
    assert code == 0 and out.startswith("no saved runs yet")
    assert run_main(capsys, "runs", "--json")[1] == ""


def test_demo_run_is_listed_and_runs_does_not_import_torch() -> None:
    probe = (
        "import sys; from lstm_tui.cli import main; code = main(['runs', '--json']); "
        "assert 'torch' not in sys.modules, 'torch was imported'; sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=cli_env())
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert any(r["bundled"] and r["name"] == "demo-ja-soseki" and not r["broken"] for r in rows)
