"""`lstm-tui baseline --corpus C [--json]`."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui.core.ngram_cache import clear_memory_cache
from tests.cli.helpers import cli_env, run_cli, run_main


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    clear_memory_cache()


def test_json_is_one_object_with_order_and_losses(capsys: pytest.CaptureFixture[str], tiny_en_file: Path) -> None:
    code, out, err = run_main(capsys, "baseline", "--corpus", str(tiny_en_file), "--json")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert isinstance(result["order"], int) and result["order"] >= 1
    for key in ("val_loss", "test_loss"):
        assert isinstance(result[key], float) and math.isfinite(result[key]) and result[key] >= 0
    assert result["val_loss"] <= result["by_order"][str(result["order"])]  # after tuning the discounts
    assert result["chars"] == len(tiny_en_file.read_text(encoding="utf-8"))


def test_the_second_run_reads_the_cache(
    capsys: pytest.CaptureFixture[str], tiny_ja_file: Path, isolated_home: Path
) -> None:
    first = json.loads(run_main(capsys, "baseline", "--corpus", str(tiny_ja_file), "--json")[1])
    assert list((isolated_home / "cache" / "ngram").glob("*.json"))
    clear_memory_cache()
    again = json.loads(run_main(capsys, "baseline", "--corpus", str(tiny_ja_file), "--json")[1])
    assert {k: v for k, v in again.items() if k != "elapsed_s"} == {k: v for k, v in first.items() if k != "elapsed_s"}


def test_plain_output_is_one_line_naming_the_order(capsys: pytest.CaptureFixture[str], tiny_ja_file: Path) -> None:
    code, out, _ = run_main(capsys, "baseline", "--corpus", str(tiny_ja_file))
    assert code == 0
    assert len(out.strip().splitlines()) == 1
    assert "-gram" in out and "test" in out and "nats/char" in out


@pytest.mark.parametrize("content", [None, "ab", "   \n"])
def test_bad_corpus_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "c.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run_main(capsys, "baseline", "--corpus", str(path) if content is not None else "no-such-corpus")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_baseline_imports_neither_torch_nor_textual(tiny_en_file: Path) -> None:
    code = (
        "import sys\nfrom lstm_tui.cli import main\n"
        f"rc = main(['baseline', '--corpus', {str(tiny_en_file)!r}, '--json'])\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('torch', 'textual')])\nsys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=cli_env())
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_console_entry_point_runs_it() -> None:
    proc = run_cli("baseline", "--help")
    assert proc.returncode == 0 and "--corpus" in proc.stdout
