"""Smoke tests: each benchmark script runs once with its smallest settings.

Each script runs as a subprocess with --quick, on small generated corpora, writing its
JSON to a temporary folder (never to benchmarks/results). They check that it exits 0
and writes JSON with the expected keys, stamped with where and when it was measured;
speed is the scripts' own business. The overhead verdict's statistics are checked on
made-up timings, where the right answer is known.
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
STAMP_KEYS = {
    "date",
    "started",
    "cpu",
    "cores",
    "isa",
    "torch",
    "python",
    "platform",
    "load_avg_before",
    "load_avg_after",
}


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
    return subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
    )


def result(tmp_path: Path, name: str, proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The script's JSON, after checking it exited 0; the common keys checked."""
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert data["benchmark"] == name
    stamp = data["machine"]
    assert STAMP_KEYS <= set(stamp)
    assert isinstance(stamp["isa"], list) and stamp["cores"] >= 1
    for key in ("load_avg_before", "load_avg_after"):
        assert stamp[key] is None or (len(stamp[key]) == 3 and all(x >= 0 for x in stamp[key]))
    return data


def test_time_to_quality(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("time_to_quality", "--quick", "--repeat", "2", "--out-dir", tmp_path, "--corpus", corpora["en"])
    data = result(tmp_path, "time_to_quality", proc)
    assert {r["preset"] for r in data["results"]} == {"default", "seed"}
    assert sorted(r["run"] for r in data["results"]) == [1, 1, 2, 2]
    for r in data["results"]:
        assert {"corpus", "vocab", "val_nats", "val_bits", "claim_nats", "split", "steps", "ratio_to_seed"} <= set(r)
        assert r["split"] == "test" or r["split"].startswith("val")  # a fallback says it is one
        assert {"load_avg_before", "load_avg_after"} <= set(r)
    assert {(s["preset"], s["runs"]) for s in data["summary"]} == {("default", 2), ("seed", 2)}
    assert "nats/char" in proc.stdout and "vocab" in proc.stdout


def test_vs_ngram(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("vs_ngram", "--quick", "--out-dir", tmp_path, "--corpora", corpora["en"])
    data = result(tmp_path, "vs_ngram", proc)
    (r,) = data["results"]
    assert {"order", "val_loss", "test_loss"} <= set(r["ngram"])
    (run,) = r["runs"]
    assert run["finished"]["event"] == "finished" and run["finished"]["test_loss"] is not None
    assert all(isinstance(v, float) for _, v in run["curve"])
    assert "n-gram test" in proc.stdout


def test_throughput(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("throughput", "--quick", "--out-dir", tmp_path, "--corpus", corpora["ja"])
    (r,) = result(tmp_path, "throughput", proc)["results"]
    assert set(r["median_chars_per_s"]) == {"trainer", "bare", "bare_torch_loss", "seed"}
    assert {"overhead_pct", "default_over_seed", "own_loss_speedup", "vocab", "bf16_autocast"} <= set(r)
    o = r["overhead"]
    assert o["clock"] in ("thread_time", "process_time")
    assert len(o["cpu_s_per_step"]["trainer"]) == len(o["cpu_s_per_step"]["bare"]) == o["rounds"]
    low, high = o["ci95_pct"]
    assert low <= high
    assert o["verdict"] == "unresolved"  # three quick rounds never decide anything


def test_overhead_verdict_follows_the_interval() -> None:
    """Met / not met only when the bootstrap interval lies on one side of the target."""
    sys.path.insert(0, str(BENCH))
    try:
        import throughput
    finally:
        sys.path.remove(str(BENCH))
    rng = random.Random(3)

    def rounds(overhead: float, noise: float, n: int = 40) -> list[tuple[float, float]]:
        out = []
        for _ in range(n):
            load = 1 + rng.random() * 0.2  # shared by both sides of a round, as on a busy machine
            bare = 0.02 * load * (1 + rng.gauss(0, noise))
            out.append((0.02 * load * (1 + overhead) * (1 + rng.gauss(0, noise)), bare))
        return out

    assert throughput.overhead_stats(rounds(0.01, 0.005), 5.0)["verdict"] == "met"
    assert throughput.overhead_stats(rounds(0.12, 0.005), 5.0)["verdict"] == "not met"
    wide = throughput.overhead_stats(rounds(0.05, 0.15), 5.0)
    assert wide["verdict"] == "unresolved" and wide["ci95_pct"][0] < 5 < wide["ci95_pct"][1]
    assert throughput.overhead_stats(rounds(0.0, 0.0, n=3), 5.0)["verdict"] == "unresolved"  # too few rounds


def test_train_cli(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("train_cli", "--quick", "--out-dir", tmp_path, "--corpus", corpora["en"])
    data = result(tmp_path, "train_cli", proc)
    assert data["finished"]["event"] == "finished" and data["finished"]["step"] > 0
    assert {"val_loss", "val_chars"} <= set(data["eval"])
    assert data["eval_matches_train"] is True  # eval reproduces the run's own validation loss
    assert data["split"] == "test" or data["split"].startswith("val")
    assert data["commands"][0].startswith("lstm-tui train") and "--time-limit" in data["commands"][0]


def test_tuning(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script(
        "tuning",
        "--quick",
        "--out-dir",
        tmp_path,
        "--corpus",
        corpora["en"],
        "--vary",
        "dropout=0,0.2",
        "--vary",
        "clip=0,0.5",
    )
    data = result(tmp_path, "tuning", proc)
    assert data["split"] == "val"  # tuning never looks at the test split
    assert {(s["key"], s["value"]) for s in data["summary"]} == {
        ("dropout", 0),
        ("dropout", 0.2),
        ("clip", 0),
        ("clip", 0.5),
    }
    preset_runs = [r for r in data["runs"] if r["key"] == "preset"]
    assert len(preset_runs) == 1 and preset_runs[0]["val_delta"] == 0
    assert all(r["steps"] == data["steps"] for r in data["runs"])
    assert "vocab" in proc.stdout


def test_tuning_rejects_an_unknown_setting(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("tuning", "--quick", "--out-dir", tmp_path, "--corpus", corpora["en"], "--vary", "nope=1")
    assert proc.returncode == 2 and "nope" in proc.stderr


def test_import_memory(tmp_path: Path) -> None:
    proc = run_script("import_memory", "--quick", "--out-dir", tmp_path)
    data = result(tmp_path, "import_memory", proc)
    assert data["peak_rss_mib"] > 0 and data["chars"] > 0 and data["target_met"] is True


def test_morph_freq(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("morph_freq", "--quick", "--out-dir", tmp_path, "--corpus", corpora["ja"])
    data = result(tmp_path, "morph_freq", proc)
    assert data["bare_tokens"] > 0 and data["pipeline_tokens"] > 0 and data["ratio_pipeline_over_bare"] > 0


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


@pytest.mark.parametrize(
    "name",
    ["time_to_quality", "throughput", "sampling", "memory", "train_cli", "tuning", "morph_freq", "import_memory"],
)
def test_missing_corpus_is_one_line_exit_2(tmp_path: Path, name: str) -> None:
    proc = run_script(name, "--quick", "--out-dir", tmp_path, "--corpus", tmp_path / "absent.txt")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "absent.txt" in proc.stderr


def test_pretrained(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("pretrained", "--quick", "--out-dir", tmp_path, "--rows", corpora["ja"])
    data = result(tmp_path, "pretrained", proc)
    (row,) = data["results"]
    assert row["scratch"]["from"] is None and row["fine_tuned"]["2"]["from"] == "base-ja"
    assert {"lstm_test_loss", "ngram_test_loss"} <= set(row["zero_shot"])


def test_finetune_tuning(tmp_path: Path, corpora: dict[str, Path]) -> None:
    proc = run_script("finetune_tuning", "--quick", "--out-dir", tmp_path, "--corpora", corpora["ja"])
    (row,) = result(tmp_path, "finetune_tuning", proc)["results"]
    assert row["finished"]["from"] == "base-ja" and row["finished"]["best_val_loss"] is not None


def test_app_streaming(tmp_path: Path) -> None:
    proc = run_script("app_streaming", "--quick", "--out-dir", tmp_path)
    data = result(tmp_path, "app_streaming", proc)
    for side in ("core", "app, yield per chunk", "app, yield per character"):
        assert data[side]["chars_per_s"] > 0
