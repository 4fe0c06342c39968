"""`lstm-tui import` as a subprocess: success prints the name; bad input exits 2 with
one line on stderr and leaves nothing in the corpora folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "aozora"


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LSTM_TUI_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "lstm_tui", "import", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def corpora_files(home: Path) -> list[str]:
    folder = home / "corpora"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "a_dir").mkdir()
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with zipfile.ZipFile(tmp / "no_txt.zip", "w") as zf:
        zf.writestr("cover.jpg", b"\xff\xd8\xff\xe0" + bytes(100))
    (tmp / "blank.txt").write_bytes(b" \r\n\t\r\n\xe3\x80\x80\n")  # includes a U+3000
    return {
        "directory": tmp / "a_dir",
        "missing": tmp / "missing.txt",
        "empty": tmp / "empty.txt",
        "png": tmp / "image.png",
        "zip without txt": tmp / "no_txt.zip",
        "whitespace": tmp / "blank.txt",
    }


@pytest.mark.parametrize("kind", ["directory", "missing", "empty", "png", "zip without txt", "whitespace"])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, kind: str) -> None:
    home = tmp_path / "home"
    path = _bad_inputs(tmp_path)[kind]
    proc = run_cli(home, str(path))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lstm-tui: error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert corpora_files(home) == []


def test_import_prints_name_and_refuses_duplicates(tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = run_cli(home, str(FIXTURES / "ame_no_hi.txt"), "--name", "ame")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ame\n"
    assert corpora_files(home) == ["ame.json", "ame.txt"]
    again = run_cli(home, str(FIXTURES / "ame_no_hi.txt"), "--name", "ame")
    assert again.returncode == 2 and "--force" in again.stderr
    forced = run_cli(home, str(FIXTURES / "ame_no_hi_ruby.zip"), "--name", "ame", "--force", "--no-aozora")
    assert forced.returncode == 0, forced.stderr
    assert "《" in (home / "corpora" / "ame.txt").read_text(encoding="utf-8")
    bad_name = run_cli(home, str(FIXTURES / "ame_no_hi.txt"), "--name", "../up")
    assert bad_name.returncode == 2 and "bad corpus name" in bad_name.stderr
    assert corpora_files(home) == ["ame.json", "ame.txt"]
