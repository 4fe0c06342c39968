"""Unwritable or full disks: one clear line, the run stops cleanly, no partial file left.

Tests run as root here, where chmod does not stop writes; an unwritable folder is then
made as a path below a regular file (mkdir fails), and a full disk is simulated by a
write that stores half its bytes and raises OSError(28, 'No space left on device').
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lstm_tui.core import atomic
from tests.cli.helpers import run_main
from tests.reliability.helpers import SMALL, assert_one_line, hidden_files, write_corpus

ENOSPC = "No space left on device"


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A models folder that cannot be written to, whoever runs the tests."""
    if os.geteuid() != 0:
        folder = tmp_path / "models"
        folder.mkdir()
        folder.chmod(0o500)
        yield folder / "run"
        folder.chmod(0o700)
    else:  # root writes through chmod 0o500: use a path below a regular file instead
        (tmp_path / "models").write_text("a file, not a folder")
        yield tmp_path / "models" / "run"


class FullDisk:
    """Patches atomic writes: after `allow` whole files, each write stores half its bytes
    to the temporary file and then raises ENOSPC, as a disk filling up does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, allow: int = 0) -> None:
        self.allow, self.calls, self.full = allow, 0, True
        real = atomic.atomic_write

        def write(path: Path, fill: Callable[[Path], None]) -> None:
            self.calls += 1
            if not self.full or self.calls <= self.allow:
                return real(path, fill)

            def half_then_fail(tmp: Path) -> None:
                fill(tmp)
                data = tmp.read_bytes()
                tmp.write_bytes(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, ENOSPC)

            return real(path, half_then_fail)

        monkeypatch.setattr(atomic, "atomic_write", write)


def test_out_in_an_unwritable_folder(capsys, tmp_path: Path, unwritable: Path) -> None:
    code, out, err = run_main(
        capsys, "train", "--corpus", str(write_corpus(tmp_path)), "--steps", "2", "--out", str(unwritable), *SMALL
    )
    assert_one_line(code, err, "run folder", str(unwritable))
    assert out == ""


def test_default_models_folder_cannot_be_made(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home-is-a-file"
    home.write_text("x")
    monkeypatch.setenv("LSTM_TUI_HOME", str(home))
    code, _, err = run_main(capsys, "train", "--corpus", str(write_corpus(tmp_path)), "--steps", "2", *SMALL)
    assert_one_line(code, err, "cannot create the run folder", "Not a directory")


def test_disk_full_at_the_final_save(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r"
    FullDisk(monkeypatch)
    code, _, err = run_main(
        capsys, "train", "--corpus", str(write_corpus(tmp_path)), "--steps", "3", "--out", str(out), *SMALL
    )
    assert_one_line(code, err, "could not save", ENOSPC, "keeps nothing yet", "training stopped")
    assert hidden_files(out) == []
    from lstm_tui.core.checkpoint import list_runs

    assert list_runs(tmp_path) == []


def test_disk_full_when_resuming_keeps_the_old_checkpoint(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    code, _, err = run_main(
        capsys, "train", "--corpus", str(write_corpus(tmp_path)), "--steps", "2", "--out", str(out), *SMALL
    )
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    FullDisk(monkeypatch)
    code, _, err = run_main(capsys, "train", "--resume", str(out), "--steps", "3", "--threads", "1")
    assert_one_line(code, err, ENOSPC, "keeps step 2")
    assert hidden_files(out) == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # untouched, byte for byte


@pytest.mark.parametrize("allow", [0, 1, 2, 3, 4])  # fail at model, optimizer, metrics, samples, run.json
def test_disk_fills_mid_run_ends_with_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allow: int) -> None:
    from lstm_tui.core.checkpoint import load_run
    from lstm_tui.core.events import Checkpointed, Failed
    from lstm_tui.core.training import Trainer
    from tests.core.helpers import tiny_config, tiny_corpus

    out = tmp_path / "r"
    disk = FullDisk(monkeypatch)
    disk.full = False
    trainer = Trainer(tiny_config(steps=10_000, checkpoint_every_s=0.01), tiny_corpus(), out)
    saved: list[int] = []
    events = []
    for event in trainer.events():
        events.append(event)
        if isinstance(event, Checkpointed) and not disk.full:
            saved.append(event.step)
            disk.full, disk.calls, disk.allow = True, 0, allow
        assert len(events) < 5000, "the run did not stop after the failed save"
    last = events[-1]
    assert isinstance(last, Failed), last
    assert ENOSPC in last.message and f"keeps step {saved[0]}" in last.message
    assert "training stopped" in last.message and last.out == str(out)
    assert hidden_files(out) == []
    assert load_run(out).progress.step == saved[0]


def test_disk_full_during_import_leaves_nothing(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_tui import importing
    from lstm_tui.catalog import list_corpora
    from lstm_tui.paths import user_corpora_dir

    def full(*a: object, **k: object) -> None:
        raise OSError(errno.ENOSPC, ENOSPC)

    monkeypatch.setattr(importing, "_write_meta", full)
    code, out, err = run_main(capsys, "import", str(write_corpus(tmp_path)), "--name", "full")
    assert_one_line(code, err, "cannot write", ENOSPC)
    assert out == ""
    assert "full" not in [c.name for c in list_corpora()]
    assert list(user_corpora_dir().iterdir()) == []


def test_failed_commit_of_an_import_leaves_nothing(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_tui.catalog import list_corpora
    from lstm_tui.paths import user_corpora_dir

    real = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith(".json") and Path(dst).parent == user_corpora_dir():
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, _, err = run_main(capsys, "import", str(write_corpus(tmp_path)), "--name", "half")
    monkeypatch.setattr(os, "replace", real)
    assert_one_line(code, err, "cannot write")
    assert "half" not in [c.name for c in list_corpora()]
    assert list(user_corpora_dir().iterdir()) == []
