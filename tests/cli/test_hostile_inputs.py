"""Issue 21's hostile inputs, each run as a real `lstm-tui` process on real files.

Runaway and broken regexes, FIFOs and /dev/zero where a word list or settings.toml
should be, settings nested 100,000 deep, a memory limit (ulimit -v) the model does not
fit, a run folder holding a file lstm-tui did not write, and the weak cases (huge word
lists, --min-g2 nan, 32,000 unknown prefix characters). Every bad input is exit 2 and
one line on stderr without a traceback; nothing is created or deleted that should not
be. The served app's lifetime is tests/cli/test_serve_lifecycle.py.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, cli_env
from tests.reliability.helpers import TEXT, assert_one_line, make_run

DEMO = str(ROOT / "models" / "demo-ja-soseki")
# Far above the regex budget (3 s) plus loading a model on a loaded 2-core machine: only
# a command that never returns (the bug) runs into it.
HANG_S = 90


def lstm_tui(*argv: str, home: Path, timeout: float = HANG_S, **popen: object) -> subprocess.CompletedProcess[str]:
    """`python -m lstm_tui ARGV` with LSTM_TUI_HOME=home; TimeoutExpired means it hung."""
    return subprocess.run(
        [sys.executable, "-m", "lstm_tui", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(LSTM_TUI_HOME=str(home)),
        stdin=subprocess.DEVNULL,
        **popen,  # type: ignore[arg-type]
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def aab(tmp_path: Path) -> Path:
    """The issue's text: 40 lines of 34 a's and a b, on which (a+)+$ backtracks forever."""
    p = tmp_path / "aab.txt"
    p.write_text(("a" * 34 + "b\n") * 40, encoding="utf-8")
    return p


# ---- 1 and 2: a user's regex ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        ("(a+)+$", ("'(a+)+$'", "stopped")),  # catastrophic backtracking: stopped by the budget
        ("(x+x+)+y", ("'(x+x+)+y'",)),  # no x in the text: must not be refused
        ("a{4294967296}", ("a{4294967296}", "repeat count is too large")),  # was OverflowError, exit 1
        ("(", ("not a valid regular expression", "missing )")),
        ("(?:" * 20_000 + "a" + ")" * 20_000, ("nested too deeply",)),  # RecursionError in the compiler
        ("a**", ("multiple repeat",)),
        ("(?P<n>a)(?P=m)", ("unknown group name",)),
    ],
)
def test_regex_is_bounded_and_every_failure_is_one_line(
    home: Path, aab: Path, pattern: str, needles: tuple[str, ...]
) -> None:
    done = lstm_tui("cells", "--model", DEMO, "--text-file", str(aab), "--regex", pattern, "--top", "1", home=home)
    if pattern == "(x+x+)+y":  # a sane pattern that matches nothing is fine (and quick)
        assert done.returncode == 0, done.stderr
        assert "regex: (x+x+)+y" in done.stdout
        return
    assert_one_line(done.returncode, done.stderr, *needles)
    assert done.stdout == ""


def test_chars_past_its_limit_names_the_flag_before_loading(home: Path, aab: Path) -> None:
    done = lstm_tui(
        "cells", "--model", str(home / "no-such-run"), "--text-file", str(aab), "--chars", "5000000", home=home
    )
    # the run does not even exist: --chars is refused first, so nothing was loaded
    assert_one_line(done.returncode, done.stderr, "--chars", "1,000,000")


# ---- 3: files that never end ----------------------------------------------------------------
def _special(tmp: Path, kind: str) -> str:
    if kind == "fifo":
        p = tmp / "words.fifo"
        os.mkfifo(p)
        return str(p)
    if kind == "dev-zero":
        return "/dev/zero"
    if kind == "folder":
        return str(tmp)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
@pytest.mark.parametrize("flag", ["--compounds", "--stoplist"])
def test_word_list_that_is_not_a_file(home: Path, tmp_path: Path, kind: str, flag: str) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    done = lstm_tui("freq", "--text-file", str(corpus), flag, _special(tmp_path, kind), home=home)
    words = {"fifo": "FIFO", "dev-zero": "device", "folder": "folder"}[kind]
    assert_one_line(done.returncode, done.stderr, words, "not a regular file")


def test_kwic_compounds_fifo(home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    done = lstm_tui(
        "kwic", "--text-file", str(corpus), "--word", "cat", "--compounds", _special(tmp_path, "fifo"), home=home
    )
    assert_one_line(done.returncode, done.stderr, "compounds", "FIFO")


def test_word_list_of_100k_lines_is_refused_at_once(home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    big = tmp_path / "compounds.txt"
    big.write_text("".join(f"語{i}\n" for i in range(100_000)), encoding="utf-8")
    done = lstm_tui("freq", "--text-file", str(corpus), "--compounds", str(big), home=home)
    assert_one_line(done.returncode, done.stderr, "more than 10,000 words")


def test_word_list_over_the_size_limit(home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    big = tmp_path / "stop.txt"
    with big.open("wb") as f:  # sparse: 9 MB of NULs costs no disk
        f.truncate(9 * 2**20)
    done = lstm_tui("freq", "--text-file", str(corpus), "--stoplist", str(big), home=home)
    assert_one_line(done.returncode, done.stderr, "larger than 8.0 MB")


# ---- 3 and 4: settings.toml that cannot be read --------------------------------------------
SETTINGS_CASES = {
    "fifo": lambda p: os.mkfifo(p),
    "dev-zero": lambda p: p.symlink_to("/dev/zero"),
    "folder": lambda p: p.mkdir(),
    "nested-100k": lambda p: p.write_text("[" * 100_000, encoding="utf-8"),
    "nested-value": lambda p: p.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8"),
    "latin1": lambda p: p.write_bytes(b'prefix = "\xe9"\n'),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_damaged_settings_give_defaults_and_a_reason(home: Path, case: str) -> None:
    """settings.load in a real process: never hangs, never raises (the app shows the
    reason as a notification and starts on the defaults)."""
    SETTINGS_CASES[case](home / "settings.toml")
    code = "from lstm_tui import settings; s, why = settings.load(); print(s == settings.Settings()); print(why)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        env=cli_env(LSTM_TUI_HOME=str(home)),
    )
    assert done.returncode == 0, done.stderr
    same, why = done.stdout.splitlines()
    assert same == "True" and "settings.toml" in why and why != "None"


@pytest.mark.parametrize("case", ["fifo", "nested-100k"])
async def test_app_opens_on_defaults_with_damaged_settings(home: Path, case: str, monkeypatch) -> None:
    """The app itself (Pilot) starts, paints and notifies instead of hanging or exiting 1."""
    from lstm_tui.ui.app import LstmTuiApp

    SETTINGS_CASES[case](home / "settings.toml")
    monkeypatch.setenv("LSTM_TUI_HOME", str(home))
    app = LstmTuiApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("settings.toml" in m for m in notes), notes
    assert (home / "settings.toml").is_file()  # replaced by a good file at once


# ---- 5: memory limits -----------------------------------------------------------------------
def _ulimit_v(kbytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (kbytes * 1024, kbytes * 1024))

    return limit


def test_train_honours_ulimit_v(home: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "run"
    done = lstm_tui(
        "train", "--corpus", str(corpus), "--hidden", "4096", "--layers", "2", "--embed", "1024",
        "--steps", "1", "--threads", "1", "--out", str(out),
        home=home, preexec_fn=_ulimit_v(4_000_000),
    )  # fmt: skip
    assert_one_line(done.returncode, done.stderr, "--hidden 4096", "ulimit -v")
    assert not out.exists()  # refused before any folder was made


# ---- 6: delete removes only a run's own files -------------------------------------------------
DELETE = (
    "import sys; from pathlib import Path; from lstm_tui.core.runs import delete_run; "
    "from lstm_tui.errors import UserError\n"
    "try:\n    delete_run(Path(sys.argv[1]))\nexcept UserError as e:\n    print(e, file=sys.stderr); sys.exit(2)\n"
)


def _delete(home: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", DELETE, str(folder)],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        env=cli_env(LSTM_TUI_HOME=str(home)),
    )


def test_delete_refuses_a_folder_with_foreign_files(home: Path) -> None:
    models = home / "models"
    folder = models / "thesis"
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(b"not ours either, but a run's name")
    (folder / "thesis.tex").write_text("\\documentclass{article}")
    listed = lstm_tui("runs", "--json", home=home)
    assert any(json.loads(line)["name"] == "thesis" for line in listed.stdout.splitlines())  # listed as broken
    done = _delete(home, folder)
    assert_one_line(done.returncode, done.stderr, "thesis.tex", "did not write", "nothing was deleted")
    assert sorted(p.name for p in folder.iterdir()) == ["model.safetensors", "thesis.tex"]


def test_delete_removes_a_run_and_its_folder(home: Path) -> None:
    run = make_run(home / "models" / "mine")
    (run / ".model.safetensors.lstm-tui-999999-abc.tmp").write_bytes(b"left by a killed save")
    done = _delete(home, run)
    assert done.returncode == 0, done.stderr
    assert not run.exists()


def test_delete_refuses_a_subfolder_named_like_a_run_file(home: Path) -> None:
    run = make_run(home / "models" / "odd")
    (run / "samples.txt").unlink()
    (run / "samples.txt").mkdir()
    (run / "samples.txt" / "keep.md").write_text("mine")
    done = _delete(home, run)
    assert_one_line(done.returncode, done.stderr, "samples.txt")
    assert (run / "samples.txt" / "keep.md").read_text() == "mine" and (run / "run.json").is_file()


# ---- weak ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_min_g2_must_be_finite(home: Path, tmp_path: Path, value: str) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    done = lstm_tui(
        "freq", "--text-file", str(corpus), "--compare-corpus", str(corpus), "--keyness", f"--min-g2={value}", home=home
    )
    assert_one_line(done.returncode, done.stderr, "--min-g2", "finite")


def test_unknown_prefix_warning_is_capped_and_best_fallback_is_said(home: Path) -> None:
    prefix = "".join(chr(0x100000 + i) for i in range(32_000))  # private use (plane 16): in no vocabulary
    done = lstm_tui("sample", "--model", DEMO, "--prefix", prefix, "--length", "3", "--seed", "1", home=home)
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if "never saw" in line]
    assert len(warning) == 1 and "… and 31,990 more" in warning[0] and len(warning[0]) < 400
    # a bundled run ships its best weights as model.safetensors: no note there; a user's
    # run without best.safetensors says it samples the last weights
    assert not any("no best weights" in line for line in done.stderr.splitlines())
    copy = home / "copied-run"
    shutil.copytree(DEMO, copy)
    done = lstm_tui("sample", "--model", str(copy), "--length", "3", "--seed", "1", home=home)
    assert done.returncode == 0, done.stderr
    assert any("no best weights" in line and "last weights" in line for line in done.stderr.splitlines())
