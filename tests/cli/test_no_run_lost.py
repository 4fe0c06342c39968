"""Issue 16's data-loss cases, each driven as a real process: a closed pipe, SIGTERM and
SIGHUP, two trainers on one folder, a kill -9, foreign files in --out, --resume A --out B
onto another run, and output encodings that cannot show every character."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui.core.checkpoint import load_run
from tests.cli.helpers import cli_env, run_cli
from tests.reliability.helpers import SMALL, TEXT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")

# Japanese with an emoji: the preview samples and the vocabulary hold characters that
# ASCII and EUC-JP cannot encode
JA_TEXT = "今日はいい天気ですね😀。散歩に行きましょう！\n" * 80


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def _start(*argv: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lstm_tui", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(**env),
    )


def _wait_for_progress(proc: subprocess.Popen[str]) -> None:
    """Read JSON lines until the first progress event: the loop is running (and the lock held)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if json.loads(line)["event"] == "progress":
            return
    raise AssertionError(f"no progress line; stderr: {proc.stderr.read() if proc.stderr else ''}")


@pytest.mark.parametrize(("sig", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")])
def test_sigterm_and_sighup_save_then_exit_128_plus_the_signal(
    tmp_path: Path, corpus: Path, sig: signal.Signals, code: int, name: str
) -> None:
    out = tmp_path / "run"
    proc = _start("train", "--corpus", str(corpus), "--time-limit", "60", "--json", "--out", str(out), *SMALL)
    _wait_for_progress(proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert f"interrupted ({name}); saved step" in err and "Traceback" not in err
    run = load_run(out, weights="last")
    assert run.progress.step >= 1
    assert not (out / ".lstm-tui.lock").exists()  # released and removed with the run saved


def test_a_closed_pipe_stops_saves_and_exits_141(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "run"
    cmd = (
        f"{sys.executable} -m lstm_tui train --corpus {corpus} --time-limit 60 --out {out} "
        + " ".join(SMALL)
        + ' | head -2; echo "rc=${PIPESTATUS[0]}" >&2'
    )
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=90, env=cli_env())
    assert "rc=141" in proc.stderr, proc.stderr
    assert "stdout was closed; saved step" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == 2
    assert load_run(out, weights="last").progress.step >= 1


def test_a_second_trainer_on_the_same_folder_is_refused(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "run"
    first = _start("train", "--corpus", str(corpus), "--time-limit", "60", "--json", "--out", str(out), *SMALL)
    try:
        _wait_for_progress(first)
        second = run_cli("train", "--corpus", str(corpus), "--steps", "3", "--out", str(out), *SMALL)
        assert second.returncode == 2, second.stderr
        line = second.stderr.strip()
        assert len(line.splitlines()) == 1 and "in use by another lstm-tui training run" in line
        assert f"(process {first.pid})" in line
        # resuming the same folder while it trains is refused the same way
        resumed = run_cli("train", "--resume", str(out), "--steps", "3")
        assert resumed.returncode == 2 and ("in use" in resumed.stderr or "no run.json" in resumed.stderr)
    finally:
        first.send_signal(signal.SIGINT)
        _, err = first.communicate(timeout=60)
    assert first.returncode == 130, err
    assert load_run(out, weights="last").progress.step >= 1  # the first run was not replaced


def test_kill_9_leaves_no_stale_lock(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "run"
    proc = _start("train", "--corpus", str(corpus), "--time-limit", "60", "--json", "--out", str(out), *SMALL)
    _wait_for_progress(proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert (out / ".lstm-tui.lock").exists()  # the file may stay; nobody holds it
    again = run_cli("train", "--corpus", str(corpus), "--steps", "3", "--out", str(out), *SMALL)
    assert again.returncode == 0, again.stderr
    assert load_run(out).progress.step == 3


def test_foreign_files_in_out_are_refused_and_untouched(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    files = {"model.safetensors": b"someone else's weights", ".draft.tmp": b"a draft", "notes.txt": b"notes"}
    for name, data in files.items():
        (out / name).write_bytes(data)
    proc = run_cli("train", "--corpus", str(corpus), "--steps", "2", "--out", str(out), *SMALL)
    assert proc.returncode == 2, proc.stderr
    assert "did not write" in proc.stderr and "notes.txt" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    for name, data in files.items():
        assert (out / name).read_bytes() == data


def test_resume_onto_another_run_is_refused(tmp_path: Path, corpus: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        proc = run_cli("train", "--corpus", str(corpus), "--steps", "2", "--out", str(folder), *SMALL)
        assert proc.returncode == 0, proc.stderr
    before = {p.name: p.read_bytes() for p in b.iterdir()}
    proc = run_cli("train", "--resume", str(a), "--steps", "2", "--out", str(b))
    assert proc.returncode == 2 and "already holds a run" in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in b.iterdir()} == before
    # into a new folder it is fine, and A stays as it was
    c = tmp_path / "c"
    proc = run_cli("train", "--resume", str(a), "--steps", "2", "--out", str(c))
    assert proc.returncode == 0, proc.stderr
    assert load_run(c).progress.step == 4 and load_run(a).progress.step == 2


@pytest.mark.parametrize("codec", ["ascii", "euc_jp"])
def test_an_output_encoding_without_the_characters_never_costs_the_run(tmp_path: Path, codec: str) -> None:
    corpus = tmp_path / "日本語の投稿.txt"
    corpus.write_text(JA_TEXT, encoding="utf-8")
    out = tmp_path / "run"
    env = cli_env(PYTHONIOENCODING=codec, LSTM_TUI_HOME=str(tmp_path / "home"))
    run = lambda *argv: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "lstm_tui", *argv], capture_output=True, timeout=120, env=env
    )
    # a preview sample every step, so the emoji is printed before the final save
    proc = run("train", "--corpus", str(corpus), "--from", "scratch", "--steps", "3", "--out", str(out), *SMALL)
    assert proc.returncode == 0, proc.stderr.decode(codec, "replace")
    assert b"Traceback" not in proc.stderr
    assert load_run(out).progress.step == 3
    proc = run("sample", "--model", str(out), "--prefix", "今日は😀", "--length", "20", "--seed", "1")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    proc = run("import", str(corpus), "--name", "投稿😀")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr  # a bad name, said in one line
    proc = run("import", str(corpus))
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    proc = run("corpora")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    proc = run("freq", "--text-file", str(corpus), "--pos", "all")
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr


def test_stale_import_temp_files_are_removed_and_foreign_ones_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "corpora"
    folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    stale = folder / f".big.txt.lstm-tui-{pid}-abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    live = folder / f".big.txt.lstm-tui-{os.getpid()}-def456.tmp"  # an import running now
    live.write_bytes(b"y")
    foreign = folder / ".draft.tmp"
    foreign.write_bytes(b"mine, not lstm-tui's")
    src = tmp_path / "big.txt"
    src.write_text(TEXT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_tui", "import", str(src)],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(LSTM_TUI_HOME=str(home)),
    )
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists()
    assert live.exists() and foreign.read_bytes() == b"mine, not lstm-tui's"
