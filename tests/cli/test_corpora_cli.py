"""`lstm-tui corpora [--json]` as a subprocess: a table, JSON Lines, and no torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "aozora"


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LSTM_TUI_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "lstm_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_table_and_json_list_imported_and_bundled(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "import", str(FIXTURES / "ame_no_hi.txt")).returncode == 0
    table = run_cli(home, "corpora")
    assert table.returncode == 0, table.stderr
    header = table.stdout.splitlines()[0].split()
    assert header == ["NAME", "LANG", "CHARS", "DISTINCT", "LINES", "SOURCE", "PATH"]
    assert any(line.startswith("ame_no_hi ") for line in table.stdout.splitlines())
    listing = run_cli(home, "corpora", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    names = {r["name"]: r for r in rows}
    ame = names["ame_no_hi"]
    assert ame["language"] == "ja" and ame["chars"] > 100 and not ame["bundled"]
    assert {"name", "language", "chars", "distinct", "lines", "path", "source"} <= set(ame)
    bundled = sorted((ROOT / "corpora").glob("*.txt"))
    assert {p.stem for p in bundled} <= set(names)
    # every corpus says whether it is the default; all bundled text is real, so no
    # corpus carries the old "synthetic" flag
    assert all(isinstance(r["default"], bool) and "synthetic" not in r for r in rows)
    assert [r["name"] for r in rows if r["default"]] == ["ja-soseki"]
    assert ame["works"][0]["title"] == "雨の日の猫" and names["ja-neko"]["works"][0]["proofing"]
    lines = table.stdout.splitlines()
    assert lines[-1] == "default: ja-soseki"
    assert next(line for line in lines if line.startswith("ja-soseki ")).split()[5] == "bundled"
    assert next(line for line in lines if line.startswith("ame_no_hi ")).split()[5] != "bundled"


def test_corpora_does_not_import_torch(tmp_path: Path) -> None:
    code = (
        "import sys; from lstm_tui.cli import main; rc = main(['corpora']); "
        "sys.exit(10 if 'torch' in sys.modules else rc)"
    )
    env = {**os.environ, "LSTM_TUI_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
