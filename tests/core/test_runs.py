"""core/runs.py: rows never raise, and rename/delete keep to the user's unlocked runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_tui.core.runfiles import LOCK_FILE, RunLock
from lstm_tui.core.runs import check_run_name, delete_run, index_runs, read_run_info, rename_run
from lstm_tui.errors import UserError
from lstm_tui.paths import user_models_dir


def _fake_run(name: str) -> Path:
    """A folder that lists as a (broken) run: enough for rename and delete."""
    run = user_models_dir() / name
    run.mkdir(parents=True)
    (run / "run.json").write_text("{}", encoding="utf-8")
    return run


def test_a_broken_run_is_a_row_with_the_reason(tmp_path: Path) -> None:
    info = read_run_info(_fake_run("odd"))
    assert info.broken and "lacks" in (info.error or "") and info.to_json()["broken"] is True
    assert [r.name for r in index_runs() if not r.bundled] == ["odd"]


def test_rename_and_delete(tmp_path: Path) -> None:
    run = _fake_run("a")
    new = rename_run(run, " b-2 ")
    assert new == user_models_dir() / "b-2" and new.is_dir() and not run.exists()
    assert not (new / LOCK_FILE).exists()
    delete_run(new)
    assert not new.exists()


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "../up", "x" * 101, "a b"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(UserError, match="bad run name"):
        check_run_name(name)


def test_taken_name_and_outside_runs_are_refused(tmp_path: Path) -> None:
    a, b = _fake_run("a"), _fake_run("b")
    with pytest.raises(UserError, match="already exists"):
        rename_run(a, "b")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    with pytest.raises(UserError, match="not in your models folder"):
        delete_run(outside)
    with pytest.raises(UserError, match="not in your models folder"):
        rename_run(outside, "c")
    assert a.exists() and b.exists() and outside.exists()


def test_a_run_being_trained_is_neither_renamed_nor_deleted() -> None:
    run = _fake_run("busy")
    lock = RunLock(run).acquire()  # what a Trainer holds while it trains into the folder
    try:
        with pytest.raises(UserError, match="in use"):
            delete_run(run)
        with pytest.raises(UserError, match="in use"):
            rename_run(run, "other")
        assert run.exists() and not (user_models_dir() / "other").exists()
    finally:
        lock.release()
    delete_run(run)
    assert not run.exists()
