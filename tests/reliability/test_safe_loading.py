"""Run folders from strangers: every bad one is refused with one line, nothing runs.

All through the command line (`sample --model`, `eval --model`, `train --resume`): exit
2, one stderr line naming the problem. Pickles carry a __reduce__ that would create a
marker file; the marker must never appear.
"""

from __future__ import annotations

import json
import math
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file, save_file

from lstm_tui.core.checkpoint import load_run
from tests.cli.helpers import run_main
from tests.reliability.helpers import assert_one_line, copy_run, make_run, write_corpus


class Boom:
    """Unpickling this runs Path(marker).touch()."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return (self.marker.touch, ())


@pytest.fixture(scope="module")
def good_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("good") / "run")


@pytest.fixture
def run(good_run: Path, tmp_path: Path) -> Path:
    return copy_run(good_run, tmp_path / "run")


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    m = tmp_path / "pwned"
    yield m
    assert not m.exists(), "a pickle was unpickled: code from a run folder ran"


def sample(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str, str]:
    return run_main(capsys, "sample", "--model", str(folder), "--length", "5")


def edit_meta(run: Path, change: Callable[[dict[str, Any]], None]) -> None:
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    change(meta)
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")


# ---- pickles -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["model.pt", "model.pkl", "pytorch_model.bin", "weights.pth", "last.ckpt"])
@pytest.mark.parametrize("command", ["sample", "eval", "resume"])
def test_a_folder_of_pickles_is_refused_unopened(capsys, tmp_path: Path, marker: Path, name: str, command: str) -> None:
    folder = tmp_path / "stranger"
    folder.mkdir()
    (folder / name).write_bytes(pickle.dumps({"state_dict": Boom(marker)}))
    corpus = write_corpus(tmp_path)
    argv = {
        "sample": ["sample", "--model", str(folder)],
        "eval": ["eval", "--model", str(folder), "--corpus", str(corpus)],
        "resume": ["train", "--resume", str(folder), "--steps", "1"],
    }[command]
    code, out, err = run_main(capsys, *argv)
    assert_one_line(code, err, name, "pickle", "never unpickles")
    assert out == ""


def test_torch_save_zip_in_place_of_the_weights(capsys, run: Path, marker: Path) -> None:
    torch.save({"rnn.weight_ih_l0": Boom(marker)}, run / "model.safetensors")
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "model.safetensors", "damaged")


def test_raw_pickle_in_place_of_the_weights(capsys, run: Path, marker: Path) -> None:
    (run / "model.safetensors").write_bytes(pickle.dumps(Boom(marker)))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "model.safetensors", "damaged")


def test_pickle_in_place_of_the_optimizer_state(capsys, run: Path, marker: Path) -> None:
    (run / "optimizer.safetensors").write_bytes(pickle.dumps(Boom(marker)))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "optimizer.safetensors", "damaged")


def test_pickle_beside_run_json_without_safetensors(capsys, run: Path, marker: Path) -> None:
    (run / "model.safetensors").unlink()
    (run / "model.pt").write_bytes(pickle.dumps(Boom(marker)))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "model.safetensors", "missing")


def test_pickle_in_place_of_run_json(capsys, run: Path, marker: Path) -> None:
    (run / "run.json").write_bytes(pickle.dumps(Boom(marker)))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "run.json", "not valid JSON")


# ---- safetensors with the wrong contents ---------------------------------------------------


def test_wrong_tensor_names(capsys, run: Path) -> None:
    save_file({"evil": torch.zeros(3)}, str(run / "model.safetensors"))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "does not match", "evil")


def test_one_tensor_missing(capsys, run: Path) -> None:
    tensors = load_file(str(run / "model.safetensors"))
    dropped = min(tensors)
    del tensors[dropped]
    save_file(tensors, str(run / "model.safetensors"))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "does not match", dropped)


def test_wrong_shapes(capsys, run: Path) -> None:
    tensors = load_file(str(run / "model.safetensors"))
    name = max(tensors)
    tensors[name] = torch.zeros(tensors[name].shape[0] + 1, *tensors[name].shape[1:])
    save_file(tensors, str(run / "model.safetensors"))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, name, "expected")


@pytest.mark.parametrize("dtype", [torch.float64, torch.int32])
def test_wrong_dtypes(capsys, run: Path, dtype: torch.dtype) -> None:
    tensors = load_file(str(run / "model.safetensors"))
    save_file({k: v.to(dtype) for k, v in tensors.items()}, str(run / "model.safetensors"))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, str(dtype), "expected")


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_half_weights_load_as_float32(run: Path, dtype: torch.dtype) -> None:
    """Bundled runs store float16 weights (half the wheel); they load and score in float32."""
    tensors = load_file(str(run / "model.safetensors"))
    save_file({k: v.to(dtype) for k, v in tensors.items()}, str(run / "model.safetensors"))
    model = load_run(run, weights="last").model
    assert all(p.dtype == torch.float32 for p in model.parameters())
    for name, p in model.state_dict().items():
        assert torch.equal(p, tensors[name].to(dtype).float())


def test_truncated_weights(capsys, run: Path) -> None:
    f = run / "model.safetensors"
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "damaged or truncated")


def test_non_finite_weights(capsys, run: Path) -> None:
    tensors = load_file(str(run / "model.safetensors"))
    tensors = {k: torch.full_like(v, math.nan) for k, v in tensors.items()}
    save_file(tensors, str(run / "model.safetensors"))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "model.safetensors")


# ---- run.json ------------------------------------------------------------------------------


def test_future_format_version(capsys, run: Path) -> None:
    edit_meta(run, lambda m: m.update(format_version=2))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "run format 2", "upgrade")


@pytest.mark.parametrize("version", [0, -1, "1", 1.5, None])
def test_invalid_format_version(capsys, run: Path, version: Any) -> None:
    edit_meta(run, lambda m: m.update(format_version=version))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "format_version")


@pytest.mark.parametrize("key", ["format_version", "config", "vocab", "corpus", "progress"])
def test_missing_key(capsys, run: Path, key: str) -> None:
    edit_meta(run, lambda m: m.pop(key))
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "lacks", key)


@pytest.mark.parametrize(
    "change,needle",
    [
        (lambda m: m.update(config=[1, 2]), "config must be a JSON object"),
        (lambda m: m["config"].update(turbo=True), "unknown config field"),
        (lambda m: m["config"].update(hidden=-4), "hidden"),
        (lambda m: m["config"].update(hidden="big"), "hidden"),
        (lambda m: m.update(vocab=["a", "b"]), "vocab must be a string"),
        (lambda m: m.update(vocab=""), "vocabulary is empty"),
        (lambda m: m.update(vocab="ba"), "not sorted"),
        (lambda m: m.update(corpus="tiny"), "corpus must be an object"),
        (lambda m: m.update(progress=[]), "progress must be an object"),
        (lambda m: m["progress"].update(evil=1), "not valid"),
    ],
)
def test_bad_fields(capsys, run: Path, change: Callable[[dict[str, Any]], None], needle: str) -> None:
    edit_meta(run, change)
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, needle)


def test_run_json_not_an_object(capsys, run: Path) -> None:
    (run / "run.json").write_text("[1, 2, 3]")
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "JSON object")


@pytest.mark.parametrize("delta", [1, -1])
def test_vocabulary_does_not_match_the_embedding(capsys, run: Path, delta: int) -> None:
    def change(m: dict[str, Any]) -> None:
        v = m["vocab"]
        m["vocab"] = "".join(sorted(set(v) | {"~"})) if delta > 0 else v[:-1]

    edit_meta(run, change)
    code, _, err = sample(capsys, run)
    assert_one_line(code, err, "vocabulary")


def _peak_rss_growth_mb(action: Callable[[], None]) -> float:
    """Peak RSS during action minus RSS before it (VmHWM reset via clear_refs)."""

    def status(key: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise AssertionError(key)

    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to now
    before = status("VmRSS")
    action()
    return (status("VmHWM") - before) / 1024


def test_a_huge_claimed_model_is_refused_before_it_is_built(run: Path) -> None:
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.errors import CheckpointError

    edit_meta(run, lambda m: m["config"].update(hidden=1024, layers=8, embed=1024))

    def load() -> None:
        with pytest.raises(CheckpointError, match="does not match"):
            load_run(run)

    assert _peak_rss_growth_mb(load) < 100
