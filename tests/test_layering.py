"""The rule that keeps the core easy to change: core/ and morph/ never import Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lstm_tui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_morph_sources_never_import_textual() -> None:
    offenders = [
        str(f.relative_to(PACKAGE))
        for folder in ("core", "morph")
        for f in sorted((PACKAGE / folder).rglob("*.py"))
        if any(m == "textual" or m.startswith("textual.") or m.startswith("lstm_tui.ui") for m in imported_modules(f))
    ]
    assert offenders == []


def test_importing_the_core_loads_no_textual() -> None:
    code = (
        "import sys\nimport lstm_tui.core.training, lstm_tui.core.sampling, lstm_tui.morph.frequency\n"
        "print([m for m in sys.modules if m == 'textual' or m.startswith('textual.')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
