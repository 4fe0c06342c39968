"""kill -9 a training process at random moments and check what it leaves behind.

Used by test_crash_safety.py (a few kills) and scripts/crash_safety.py (the full count).
The child drives the real Trainer with checkpoint_every_s=0.05, so checkpoint writes
happen all the time; in "mid-write" rounds it also slows os.fsync down and the parent
kills it the moment a temporary file appears in the run folder, i.e. inside a write.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.helpers import PYTHON, child_env

ZYGOTE = r"""
import os, sys, time
from pathlib import Path
import torch
from lstm_tui.core import checkpoint
from lstm_tui.core.config import preset
from lstm_tui.core.corpus import load_corpus
from lstm_tui.core.training import Trainer
from lstm_tui.core.corpus import build_corpus
torch.set_num_threads(1)
def config():
    return preset("default").with_(
        embed=8, hidden=32, seq_len=16, batch_size=4, lr=0.01, warmup_steps=0, steps=10**9,
        checkpoint_every_s=0.05, eval_every_s=1e9, sample_every_s=1e9, sample_length=10,
        threads=1, precision="fp32",
    )
# warm up once (lazy torch initialisation), so each forked child trains at once
Trainer(config().with_(steps=2), build_corpus("the cat sat on the mat.\n" * 40, "warm"), None).run()
print("ready", flush=True)
for line in sys.stdin:
    out, corpus, mode = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:  # the training process that gets killed
        try:
            if mode == "mid-write":
                # a slow fsync widens the write so the kill can land inside it: the
                # delay is the condition under test, not synchronisation
                _fsync = os.fsync
                def slow_fsync(fd):
                    time.sleep(0.03)
                    _fsync(fd)
                os.fsync = slow_fsync
            out = Path(out)
            cfg = config()
            resume = checkpoint.load_run(out) if (out / "run.json").exists() else None
            for event in Trainer(cfg, load_corpus(corpus), out, resume=resume).events():
                if event.name == "checkpointed":
                    print(f"ckpt {event.step}", flush=True)
        except BaseException as exc:
            print(f"error {exc!r}", flush=True)
        finally:
            os._exit(3)
    print(f"pid {pid}", flush=True)
    _, status = os.waitpid(pid, 0)
    print(f"exit {status}", flush=True)
"""


class Zygote:
    """One warm Python with torch imported that forks a training process on request,
    so each kill costs a fork instead of a fresh interpreter and torch import."""

    def __init__(self, home: Path) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(home),
        )
        self._expect("ready")

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"the training zygote died: {err[-2000:]}")
        return line.strip()

    def _expect(self, prefix: str) -> str:
        line = self._line()
        if line.startswith("error"):
            raise AssertionError(f"the training child failed: {line}")
        assert line.startswith(prefix), line
        return line

    def train(self, out: Path, corpus: Path, mode: str) -> int:
        """Fork a training process; return its pid once it has saved a checkpoint."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{out}\t{corpus}\t{mode}\n")
        self.proc.stdin.flush()
        pid, saved = None, False
        while pid is None or not saved:
            line = self._line()
            if line.startswith(("error", "exit")):
                raise AssertionError(f"the training child ended before it was killed: {line}")
            if line.startswith("pid "):
                pid = int(line.split()[1])
            elif line.startswith("ckpt "):
                saved = True
        return pid

    def reap(self) -> int:
        """Wait for the zygote to report the killed child's wait status."""
        while True:
            line = self._line()
            if line.startswith("exit "):
                return int(line.split()[1])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()


@dataclass
class Round:
    mode: str  # "random" or "mid-write"
    delay_s: float  # time from the child's first checkpoint to the kill
    in_write: bool  # a temporary file was present at the moment of the kill
    step_on_disk: int  # run.json's step after the kill
    resumed_to: int  # run.json's step after `train --resume --steps 2`
    stale_tmp: int  # hidden files left in the run folder after the kill


@dataclass
class Report:
    rounds: list[Round] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, object]:
        r = self.rounds
        return {
            "kills": len(r),
            "random_kills": sum(x.mode == "random" for x in r),
            "mid_write_kills": sum(x.mode == "mid-write" for x in r),
            "kills_that_hit_a_write": sum(x.in_write for x in r),
            "loads_ok": len(r),
            "resumes_ok": len(r),
            "final_step": r[-1].resumed_to if r else 0,
            "stale_tmp_files_at_end": r[-1].stale_tmp if r else 0,
            "seconds": round(self.seconds, 1),
        }


def _hidden(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.name.startswith(".")]
    except FileNotFoundError:
        return []


def _kill_once(zygote: Zygote, out: Path, corpus: Path, mode: str, rng: random.Random) -> tuple[float, bool]:
    """Start a training process, wait for its first checkpoint, kill -9 it; (delay, in_write).

    in_write: a temporary file of a write in progress existed at the kill (temporary
    files left by earlier kills do not count).
    """
    stale = set(_hidden(out))
    pid = zygote.train(out, corpus, mode)
    start = time.perf_counter()

    def writing() -> bool:
        # a temporary file of a write (not the run's lock file, hidden too, which
        # exists from the start of training)
        return any(p.name.endswith(".tmp") for p in set(_hidden(out)) - stale)

    if mode == "mid-write":
        deadline = start + 30
        while time.perf_counter() < deadline and not writing():
            time.sleep(0.0005)
        os.kill(pid, signal.SIGKILL)
        in_write = writing()
    else:
        # a random moment to kill at is what is under test (not a wait for something)
        time.sleep(rng.uniform(0.0, 0.4))
        in_write = writing()
        os.kill(pid, signal.SIGKILL)
    status = zygote.reap()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    return time.perf_counter() - start, in_write


def check_after_kill(out: Path, home: Path, corpora_before: list[str], last_step: int) -> int:
    """The folder loads, its weights are finite, no temp file is a run or a corpus."""
    import torch

    from lstm_tui.catalog import list_corpora
    from lstm_tui.core.checkpoint import list_runs, load_run

    run = load_run(out)
    assert run.progress.step >= last_step, (run.progress.step, last_step)
    assert all(torch.isfinite(t).all() for t in run.model.state_dict().values())
    assert list_runs(out.parent) == [out], list_runs(out.parent)
    names = sorted(c.name for c in list_corpora())
    assert names == corpora_before, names
    assert not [n for n in names if n.startswith(".") or "tmp" in n], names
    return run.progress.step


def resume_by_cli(out: Path, steps: int = 2) -> int:
    """`lstm-tui train --resume OUT --steps N` in this process; returns run.json's step."""
    from lstm_tui.cli import main
    from lstm_tui.core.checkpoint import load_run

    before = load_run(out).progress.step
    buf_out, buf_err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf_out), contextlib.redirect_stderr(buf_err):
        code = main(["train", "--resume", str(out), "--steps", str(steps), "--threads", "1"])
    assert code == 0, buf_err.getvalue()
    after = load_run(out).progress.step
    assert after == before + steps, (before, after, buf_out.getvalue()[-500:])
    return after


def crash_rounds(
    home: Path, corpus: Path, kills: int, seed: int = 0, log: Callable[[str], None] | None = None
) -> Report:
    """`kills` rounds of: start (or resume) training, kill -9, check, resume by CLI.

    Every third round is a mid-write kill. `corpus` should be a file in the user
    corpora folder (so list_corpora is checked against it), `home` is LSTM_TUI_HOME.
    """
    from lstm_tui.catalog import list_corpora

    rng = random.Random(seed)
    out = home / "models" / "crashy"
    corpora_before = sorted(c.name for c in list_corpora())
    report = Report()
    t0 = time.perf_counter()
    zygote = Zygote(home)
    try:
        _rounds(zygote, out, corpus, home, kills, rng, corpora_before, report, log)
    finally:
        zygote.close()
    report.seconds = time.perf_counter() - t0
    return report


def _rounds(
    zygote: Zygote,
    out: Path,
    corpus: Path,
    home: Path,
    kills: int,
    rng: random.Random,
    corpora_before: list[str],
    report: Report,
    log: Callable[[str], None] | None,
) -> None:
    step = 0
    for i in range(kills):
        mode = "mid-write" if i % 3 == 1 else "random"
        delay, in_write = _kill_once(zygote, out, corpus, mode, rng)
        step = check_after_kill(out, home, corpora_before, step)
        stale = len(_hidden(out))
        resumed = resume_by_cli(out)
        check_after_kill(out, home, corpora_before, resumed)
        report.rounds.append(Round(mode, delay, in_write, step, resumed, stale))
        step = resumed
        if log:
            log(
                f"kill {i + 1:>2}/{kills} {mode:<9} after {delay:5.3f}s  in a write: {in_write!s:<5} "
                f"step on disk {step:>5}  stale temp files {stale}"
            )
