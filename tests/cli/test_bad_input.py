"""Each bad input exits 2 with one clear line on stderr and no traceback."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import torch

from lstm_tui.core.training import Trainer
from tests.cli.helpers import run_main
from tests.core.helpers import tiny_config, tiny_corpus


@pytest.fixture(scope="module")
def good_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "good"
    Trainer(tiny_config(steps=2), tiny_corpus(), out).run()
    return out


def copy_run(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def assert_one_line(code: int, err: str, needle: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert needle.lower() in lines[0].lower(), lines[0]


def train(capsys, corpus: str, *extra: str) -> tuple[int, str, str]:
    return run_main(capsys, "train", "--corpus", corpus, "--steps", "1", "--threads", "1", *extra)


def test_missing_file(capsys, tmp_path: Path) -> None:
    code, _, err = train(capsys, str(tmp_path / "nope.txt"))
    assert_one_line(code, err, "no such")


def test_empty_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    code, _, err = train(capsys, str(tmp_path / "e.txt"))
    assert_one_line(code, err, "empty")


def test_binary_file(capsys, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    code, _, err = train(capsys, str(tmp_path / "b.txt"))
    assert_one_line(code, err, "binary")


def test_corpus_shorter_than_a_sequence(capsys, tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("short text")
    code, _, err = train(capsys, str(tmp_path / "s.txt"))
    assert_one_line(code, err, "too short")
    (tmp_path / "3.txt").write_text("abc")  # the message names the training split and the whole text
    code, _, err = train(capsys, str(tmp_path / "3.txt"))
    assert_one_line(code, err, "split of 2 characters (of 3 in the text)")


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--preset", "turbo"], "invalid choice"),
        (["--hidden", "0"], "hidden"),
        (["--lr", "-0.1"], "lr"),
        (["--lr", "nan"], "lr"),
        (["--hidden", "ten"], "invalid int"),
    ],
)
def test_bad_settings(capsys, tiny_en_file: Path, args: list[str], needle: str) -> None:
    code, _, err = train(capsys, str(tiny_en_file), *args)
    assert_one_line(code, err, needle)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_gpu(capsys, tiny_en_file: Path) -> None:
    code, _, err = train(capsys, str(tiny_en_file), "--device", "cuda")
    assert_one_line(code, err, "not available")


@pytest.mark.parametrize("temperature", ["-1", "nan"])
def test_bad_temperature(capsys, good_run: Path, temperature: str) -> None:
    code, _, err = run_main(capsys, "sample", "--model", str(good_run), "--temperature", temperature)
    assert_one_line(code, err, "temperature")


def test_truncated_weights(capsys, good_run: Path, tmp_path: Path) -> None:
    run = copy_run(good_run, tmp_path / "r")
    f = run / "model.safetensors"
    f.write_bytes(f.read_bytes()[:64])
    code, _, err = run_main(capsys, "sample", "--model", str(run))
    assert_one_line(code, err, "truncated")


def test_future_format(capsys, good_run: Path, tmp_path: Path) -> None:
    run = copy_run(good_run, tmp_path / "r")
    meta = json.loads((run / "run.json").read_text())
    meta["format_version"] = 7
    (run / "run.json").write_text(json.dumps(meta))
    code, _, err = run_main(capsys, "sample", "--model", str(run))
    assert_one_line(code, err, "newer")


def test_only_a_pickle(capsys, tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "model.pkl").write_bytes(pickle.dumps({"w": [1, 2, 3]}))
    code, _, err = run_main(capsys, "sample", "--model", str(tmp_path / "p"))
    assert_one_line(code, err, "pickle")


def test_unknown_corpus_name(capsys) -> None:
    code, _, err = train(capsys, "no-such-corpus")
    assert_one_line(code, err, "corpora")


def test_huge_learning_rate_fails_cleanly(capsys, tiny_en_file: Path, tmp_path: Path) -> None:
    code, out, err = run_main(
        capsys,
        "train",
        "--corpus",
        str(tiny_en_file),
        "--steps",
        "50",
        "--lr",
        "1e6",
        "--threads",
        "1",
        "--hidden",
        "16",
        "--seq-len",
        "8",
        "--batch-size",
        "4",
        "--out",
        str(tmp_path / "r"),
    )
    assert_one_line(code, err, "learning rate")
    assert (tmp_path / "r" / "model.safetensors").exists()
