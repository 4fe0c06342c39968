"""The app as a real process in a real terminal (tmux): SIGTERM and SIGHUP during
training save the run, leave the alternate screen and exit 143 / 129; an app that
crashes exits non-zero (issue 16)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lstm_tui.core.checkpoint import load_run
from tests.reliability.helpers import child_env

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Tmux:
    """One detached tmux session running `command` in a 120×36 terminal."""

    def __init__(self, tmp: Path, command: str, env: dict[str, str]) -> None:
        self.name = f"lstm-tui-test-{os.getpid()}-{time.monotonic_ns()}"
        self.rc_file = tmp / "rc"
        self.pid_file = tmp / "shell.pid"
        script = (
            f"echo $$ > {shlex.quote(str(self.pid_file))}; {command}; "
            f"echo $? > {shlex.quote(str(self.rc_file))}; sleep 60"
        )
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("LSTM_TUI", "PYTHON", "OMP"))
        )
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "36",
             f"env {exports} TERM=xterm-256color bash -c {shlex.quote(script)}"],
            check=True,
        )  # fmt: skip

    def app_pid(self, timeout: float = 30) -> int:
        """The app's pid: the child of the session's shell."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pid_file.exists() and self.pid_file.read_text().strip():
                shell = self.pid_file.read_text().strip()
                kids = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
                if kids:
                    return int(kids[0])
            time.sleep(0.1)
        raise AssertionError("the app did not start")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def alternate_on(self) -> bool:
        out = subprocess.run(
            ["tmux", "display", "-p", "-t", self.name, "#{alternate_on}"], capture_output=True, text=True
        ).stdout
        return out.strip() == "1"

    def wait_rc(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.rc_file.exists() and self.rc_file.read_text().strip():
                return int(self.rc_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"the app did not exit; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _wait(condition, timeout: float, what: str, tmux: Tmux) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; screen:\n{tmux.screen()}")
        time.sleep(0.2)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_during_training_saves_restores_the_terminal_and_exits(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    home = tmp_path / "home"
    env = child_env(home)
    tmux = Tmux(tmp_path, f"{shlex.quote(sys.executable)} -m lstm_tui", env)
    try:
        pid = tmux.app_pid()
        _wait(lambda: "Corpus" in tmux.screen() and tmux.alternate_on(), 60, "the app to draw", tmux)
        tmux.keys("2")
        # the Train pane is up and has counted its corpus: F5 now starts rather than refuses
        counted = lambda: "corpus: ja-soseki" in (screen := tmux.screen()) and "counting" not in screen  # noqa: E731
        _wait(counted, 60, "the Train pane with its corpus counted", tmux)
        tmux.keys("F5")
        models = home / "models"
        # the Trainer holds its lock file while it trains
        _wait(lambda: any(models.glob("*/.lstm-tui.lock")), 90, "training to start", tmux)
        # some steps: a run from base-ja first scores the base on validation
        _wait(lambda: re.search(r"step\s+[1-9]", tmux.screen()) is not None, 90, "a first step", tmux)
        # A fixed delay on purpose: the signal is to land in the middle of training, a
        # second after the first step, not at the instant the first step is drawn.
        time.sleep(1.0)
        os.kill(pid, sig)
        rc = tmux.wait_rc(90)
        assert rc == code, tmux.screen()
        assert not tmux.alternate_on()  # the terminal is back to the normal screen
        runs = [p for p in models.iterdir() if (p / "run.json").exists()]
        assert len(runs) == 1, list(models.iterdir())
        assert load_run(runs[0], weights="last").progress.step >= 1
        assert not (runs[0] / ".lstm-tui.lock").exists()
    finally:
        tmux.close()


def test_an_app_that_crashes_exits_non_zero(tmp_path: Path) -> None:
    crash = "import sys; import lstm_tui.ui.app as a; a.LstmTuiApp.on_mount = lambda self: 1 / 0; sys.exit(a.run_app())"
    tmux = Tmux(tmp_path, f"{shlex.quote(sys.executable)} -c {shlex.quote(crash)}", child_env(tmp_path / "home"))
    try:
        rc = tmux.wait_rc(90)
        assert rc != 0
        assert not tmux.alternate_on()
    finally:
        tmux.close()
