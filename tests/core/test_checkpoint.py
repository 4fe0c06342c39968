"""Run folders load only when every part is valid, and never through pickle."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from lstm_tui.core.checkpoint import list_runs, load_run, save_run
from lstm_tui.core.training import Trainer
from lstm_tui.errors import CheckpointError
from tests.core.helpers import tiny_config, tiny_corpus


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    Trainer(tiny_config(steps=3), tiny_corpus(), out).run()
    return out


def test_round_trip(run_dir: Path) -> None:
    run = load_run(run_dir)
    meta = json.loads((run_dir / "run.json").read_text())
    assert meta["format_version"] == 1 and meta["corpus"]["name"] == "tiny"
    assert len(meta["corpus"]["sha256"]) == 64
    assert run.vocab.chars == tiny_corpus().vocab.chars
    assert run.progress.step == 3
    assert (run_dir / "metrics.jsonl").read_text().strip()
    assert list_runs(run_dir.parent) == [run_dir]
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_truncated_weights(run_dir: Path) -> None:
    f = run_dir / "model.safetensors"
    f.write_bytes(f.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="damaged or truncated"):
        load_run(run_dir)


def test_future_format_version(run_dir: Path) -> None:
    meta = json.loads((run_dir / "run.json").read_text())
    meta["format_version"] = 99
    (run_dir / "run.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="newer than this lstm-tui"):
        load_run(run_dir)


def test_missing_key(run_dir: Path) -> None:
    meta = json.loads((run_dir / "run.json").read_text())
    del meta["vocab"]
    (run_dir / "run.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="lacks vocab"):
        load_run(run_dir)


def test_vocab_not_matching_the_embedding(run_dir: Path) -> None:
    meta = json.loads((run_dir / "run.json").read_text())
    meta["vocab"] = meta["vocab"] + "~"
    (run_dir / "run.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="vocabulary"):
        load_run(run_dir)


def test_wrong_names_and_dtypes(run_dir: Path) -> None:
    f = run_dir / "model.safetensors"
    save_file({"evil": torch.zeros(2)}, str(f))
    with pytest.raises(CheckpointError, match="does not match"):
        load_run(run_dir)
    run = Trainer(tiny_config(steps=1), tiny_corpus(), None)
    save_file({k: v.double() for k, v in run.model.state_dict().items()}, str(f))
    with pytest.raises(CheckpointError, match="float64"):
        load_run(run_dir)


class Boom:
    def __reduce__(self):  # would run code if unpickled
        return (Path("/tmp/lstm-tui-pwned").touch, ())


def test_a_pickle_is_never_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "model.pt").write_bytes(pickle.dumps(Boom()))
    with pytest.raises(CheckpointError, match="never unpickles"):
        load_run(folder)
    assert not Path("/tmp/lstm-tui-pwned").exists()


def test_not_a_folder_and_garbage_json(tmp_path: Path, run_dir: Path) -> None:
    with pytest.raises(CheckpointError, match="no such run folder"):
        load_run(tmp_path / "nope")
    (run_dir / "run.json").write_text("{not json")
    with pytest.raises(CheckpointError, match="not valid JSON"):
        load_run(run_dir)


def test_failed_write_keeps_the_old_file(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (run_dir / "model.safetensors").read_bytes()
    run = load_run(run_dir)

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lstm_tui.core.checkpoint._tensors_bytes", broken)
    with pytest.raises(OSError):
        save_run(run_dir, run.model, run.vocab, run.config, run.corpus, run.progress)
    assert (run_dir / "model.safetensors").read_bytes() == before
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".")]


def test_tied_model_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "tied"
    trainer = Trainer(tiny_config(steps=3, tie=True), tiny_corpus(), out)
    trainer.run()
    run = load_run(out)
    assert run.config.tie and run.model.head is None
    x = torch.tensor([[1, 2, 3, 4]])
    trainer.model.eval()
    with torch.no_grad():
        torch.testing.assert_close(run.model.eval()(x)[0], trainer.model(x)[0])


def test_old_run_json_without_segments_or_best_still_loads(run_dir: Path) -> None:
    """run.json written before the test split, best weights and schedule segments."""
    meta = json.loads((run_dir / "run.json").read_text())
    for key in ("segments", "best_step", "evals_since_best"):
        del meta["progress"][key]
    for key in ("early_stop", "init_std"):
        del meta["config"][key]
    meta["config"]["val_fraction"] = 0.1
    meta.pop("best_file")
    (run_dir / "run.json").write_text(json.dumps(meta))
    run = load_run(run_dir)
    assert run.weights == "last" and run.progress.segments == [] and run.progress.best_step is None
    assert run.config.early_stop == 0 and run.config.init_std is None


def test_best_weights_are_validated_like_the_last(run_dir: Path) -> None:
    assert load_run(run_dir).weights == "best"
    f = run_dir / "best.safetensors"
    f.write_bytes(f.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="best.safetensors is damaged"):
        load_run(run_dir)
    assert load_run(run_dir, weights="last").weights == "last"  # resume does not need them


def test_malformed_schedule_segment_is_refused(run_dir: Path) -> None:
    meta = json.loads((run_dir / "run.json").read_text())
    meta["progress"]["segments"] = [{"kind": "warm_restart", "start_step": "x"}]
    (run_dir / "run.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="segments"):
        load_run(run_dir)


def test_loading_does_not_move_the_torch_rng(run_dir: Path) -> None:
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    load_run(run_dir)
    assert torch.equal(torch.rand(3), expected)


# ---- issue 16: own temporary files, the run lock, the output folder, typed progress ----


def test_temp_files_are_recognisably_ours_and_only_dead_ones_go(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from lstm_tui.core.atomic import make_temp, own_temp_pid, remove_stale_temp_files

    fd, tmp = make_temp(tmp_path / "model.safetensors")
    os.close(fd)
    assert own_temp_pid(tmp.name) == os.getpid()
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)  # fmt: skip
    stale = tmp_path / f".run.json.lstm-tui-{dead}-x1y2.tmp"
    stale.write_text("half")
    foreign = [tmp_path / ".draft.tmp", tmp_path / ".run.json.abc.tmp", tmp_path / "notes.lstm-tui-1-a.tmp"]
    for f in foreign:
        f.write_text("not ours")
    assert remove_stale_temp_files(tmp_path) == [stale]
    assert tmp.exists() and all(f.exists() for f in foreign)


def test_a_run_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    from lstm_tui.core.runfiles import LOCK_FILE, RunLock

    first = RunLock(tmp_path).acquire()
    with pytest.raises(CheckpointError, match=r"in use by another lstm-tui training run \(process \d+\)"):
        RunLock(tmp_path).acquire()
    first.release()
    assert not (tmp_path / LOCK_FILE).exists()
    RunLock(tmp_path).acquire().release()


def test_a_trainer_holds_the_lock_until_its_loop_ends(tmp_path: Path) -> None:
    out = tmp_path / "run"
    trainer = Trainer(tiny_config(steps=2), tiny_corpus(), out)
    with pytest.raises(CheckpointError, match="in use"):
        Trainer(tiny_config(steps=2), tiny_corpus(), out)
    trainer.run()
    with pytest.raises(CheckpointError, match="already holds a run"):
        Trainer(tiny_config(steps=2), tiny_corpus(), out)
    resumed = Trainer(tiny_config(steps=2), tiny_corpus(), out, resume=load_run(out))
    resumed.run()
    assert load_run(out).progress.step == 4


@pytest.mark.parametrize("names", [["notes.txt"], ["model.safetensors", "x.pt"], [".draft.tmp"], ["sub/"]])
def test_an_out_folder_with_foreign_files_is_refused_untouched(tmp_path: Path, names: list[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for n in names:
        if n.endswith("/"):
            (out / n).mkdir()
        else:
            (out / n).write_bytes(b"theirs")
    before = sorted(p.name for p in out.iterdir())
    with pytest.raises(CheckpointError, match="did not write"):
        Trainer(tiny_config(steps=1), tiny_corpus(), out)
    assert sorted(p.name for p in out.iterdir()) == before


def test_resume_into_a_folder_with_another_run_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    Trainer(tiny_config(steps=1), tiny_corpus(), a).run()
    Trainer(tiny_config(steps=1, seed=2), tiny_corpus(), b).run()
    before = (b / "model.safetensors").read_bytes()
    with pytest.raises(CheckpointError, match="already holds a run"):
        Trainer(tiny_config(steps=1), tiny_corpus(), b, resume=load_run(a))
    assert (b / "model.safetensors").read_bytes() == before


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("step", "3", "progress.step must be a whole number"),
        ("elapsed_s", None, "progress.elapsed_s must be a finite number"),
        ("elapsed_s", float("inf"), "progress.elapsed_s"),
        ("budget_steps", -1, "progress.budget_steps"),
        ("best_step", 1.5, "progress.best_step"),
        ("last_val_loss", [1], "progress.last_val_loss"),
    ],
)
def test_progress_fields_are_typed(tmp_path: Path, field: str, value: object, words: str) -> None:
    run = tmp_path / "run"
    Trainer(tiny_config(steps=1), tiny_corpus(), run).run()
    meta = json.loads((run / "run.json").read_text())
    meta["progress"][field] = value
    (run / "run.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match=re.escape(words)):
        load_run(run)


def _strict(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_run_files_are_strict_json_and_a_nan_loss_loads_back_as_no_value(run_dir: Path) -> None:
    # A fine-tune's first evaluation has no train loss (NaN), a diverged run's last batch
    # loss is inf: other tools (jq, JSON.parse) must still read run.json and metrics.jsonl.
    run = load_run(run_dir)
    run.progress.last_batch_loss = float("inf")
    run.progress.last_train_loss = float("nan")
    metrics = [{"event": "evaluated", "step": 0, "val_loss": 3.2, "train_loss": float("nan")}]
    save_run(run_dir, run.model, run.vocab, run.config, run.corpus, run.progress, metrics=metrics)
    meta = _strict((run_dir / "run.json").read_text(encoding="utf-8"))
    assert isinstance(meta, dict) and meta["progress"]["last_train_loss"] is None
    lines = (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    assert [_strict(line) for line in lines] == [{"event": "evaluated", "step": 0, "val_loss": 3.2, "train_loss": None}]
    again = load_run(run_dir)
    assert again.progress.last_train_loss is None and again.progress.last_batch_loss is None
