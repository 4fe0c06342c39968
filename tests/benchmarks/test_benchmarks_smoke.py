"""Smoke tests: each benchmark script runs once with its smallest settings.

Each script runs as a subprocess with --quick, on small generated corpora, writing its
JSON to a temporary folder (never to benchmarks/results). They check only that it
exits 0 and writes JSON with the expected keys; speed is the scripts' own business.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
TIMEOUT_S = 120


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small English text and a small Japanese one (a few hundred distinct characters)."""
    folder = tmp_path_factory.mktemp("corpora")
    rng = random.Random(7)
    words = "to be or not that is the question whether tis nobler in mind suffer slings arrows".split()
    en = "\n".join(" ".join(rng.choice(words) for _ in range(10)).capitalize() + "." for _ in range(400))
    kana = [chr(c) for c in range(0x3041, 0x3094)] + [chr(0x4E00 + 11 * i) for i in range(200)] + list("、。")
    ja = "\n".join("".join(rng.choice(kana) for _ in range(30)) + "。" for _ in range(700))
    paths = {"en": folder / "en.txt", "ja": folder / "ja.txt"}
    paths["en"].write_text(en + "\n", encoding="utf-8")
    paths["ja"].write_text(ja + "\n", encoding="utf-8")
    return paths


def run_script(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run benchmarks/NAME.py with the arguments; the repo importable."""
    # one torch thread: these runs check that a script works, and on a busy 2-core
    # machine a second thread mostly spins, making each run several times slower
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(BENCH / f"{name}.py"), *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=ROOT)


def result(tmp_path: Path, name: str, proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The script's JSON, after checking it exited 0; the common keys checked."""
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert data["benchmark"] == name
    assert {"cpu", "cores", "torch", "date"} <= set(data["machine"])
    return data


def test_time_to_quality(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("time_to_quality", "--quick", "--out-dir", tmp_path, "--corpus", corpora["en"])
    data = result(tmp_path, "time_to_quality", proc)
    assert {r["preset"] for r in data["results"]} == {"default", "seed"}
    for r in data["results"]:
        assert {"corpus", "val_nats", "val_bits", "steps", "ratio_to_seed"} <= set(r)
    assert "nats/char" in proc.stdout


def test_throughput(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("throughput", "--quick", "--out-dir", tmp_path, "--corpus", corpora["ja"])
    (r,) = result(tmp_path, "throughput", proc)["results"]
    assert set(r["median_chars_per_s"]) == {"trainer", "bare", "bare_torch_loss", "seed"}
    assert {"overhead_pct", "default_over_seed", "own_loss_speedup", "vocab", "bf16_autocast"} <= set(r)


def test_sampling(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("sampling", "--quick", "--out-dir", tmp_path, "--corpus", corpora["en"])
    (r,) = result(tmp_path, "sampling", proc)["results"]
    assert "1" in r["by_threads"]
    assert {"first_char_ms", "chars_per_s"} <= set(r["by_threads"]["1"])
    assert {"load_ms", "faster_threads"} <= set(r)


def test_startup(tmp_path: Path) -> None:
    proc = run_script("startup", "--quick", "--out-dir", tmp_path)
    data = result(tmp_path, "startup", proc)
    assert {"python -c pass", "lstm-tui --help", "lstm-tui corpora"} <= set(data["commands"])
    # the app's first paint is either measured or explained
    assert "app first paint" in data["commands"] or data["app_note"]


def test_memory(tmp_path: Path) -> None:
    proc = run_script("memory", "--quick", "--out-dir", tmp_path)
    data = result(tmp_path, "memory", proc)
    assert data["peak_rss_mib"] > 0 and data["one_hot_bytes"] == data["chars"] * data["vocab"] * 4
    assert [s["stage"] for s in data["stages"]][-1].startswith("evaluate")


def test_gpu_smoke(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("gpu_smoke", "--quick", "--out-dir", tmp_path, "--corpus", corpora["en"])
    data = result(tmp_path, "gpu_smoke", proc)
    assert isinstance(data["cuda"], bool)
    assert data["cuda"] or "no CUDA GPU here" in proc.stdout


@pytest.mark.parametrize("name", ["time_to_quality", "throughput", "sampling", "memory"])
def test_missing_corpus_is_one_line_exit_2(tmp_path: Path, name: str) -> None:
    proc = run_script(name, "--quick", "--out-dir", tmp_path, "--corpus", tmp_path / "absent.txt")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "absent.txt" in proc.stderr
