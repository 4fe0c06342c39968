"""Shared helpers for the benchmark scripts: machine facts, corpora, tables and JSON.

Every benchmark prints a table and writes benchmarks/results/NAME.json (or NAME.json
under --out-dir). Figures on a shared 2-core machine are noisy, so the scripts compare
side by side in one run and report ratios as well as absolute numbers.

This module imports neither torch nor lstm_tui at import time, so startup.py can use
it without paying for them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
SHAKESPEARE = SHARED_CORPORA / "tinyshakespeare.txt"
WAGAHAI = SHARED_CORPORA / "aozora_wagahai_wa_neko_de_aru.txt"
DEFAULT_CORPORA = (SHAKESPEARE, WAGAHAI)
EXIT_MISSING = 2
# --quick trains a toy-sized model: the smoke test checks that a script runs, not speed
QUICK_SHAPE: dict[str, int] = {"hidden": 32, "embed": 16, "batch_size": 8, "seq_len": 16}

if str(ROOT) not in sys.path:  # run as `python benchmarks/x.py` without PYTHONPATH
    sys.path.insert(0, str(ROOT))


# ---- machine ------------------------------------------------------------------------------
def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (platform's guess elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    """What the figures were measured on, recorded in every result file."""
    try:
        torch_version = metadata.version("torch")  # no torch import: that costs seconds
    except metadata.PackageNotFoundError:
        torch_version = None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    return {
        "cpu": cpu_model(),
        "cores": cores,
        "torch": torch_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


# ---- arguments and files ------------------------------------------------------------------
def base_parser(description: str) -> argparse.ArgumentParser:
    """A parser with --out-dir and --quick, the options every benchmark takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out-dir", type=Path, default=RESULTS_DIR,
                   help="where NAME.json goes (default benchmarks/results)")
    p.add_argument("--quick", action="store_true", help="smallest settings, for the smoke test")
    return p


def require_files(paths: Sequence[Path]) -> None:
    """Exit 2 with one line when any corpus file is missing."""
    for p in paths:
        if not Path(p).is_file():
            print(f"missing corpus file: {p} (pass --corpus PATH)", file=sys.stderr)
            sys.exit(EXIT_MISSING)


def corpus_label(path: Path) -> str:
    """A short name for tables: the file stem without the aozora_ prefix."""
    return Path(path).stem.removeprefix("aozora_")


def load_text(path: Path) -> str:
    """Decoded, normalised text; an Aozora Bunko work is cleaned of its notation."""
    from lstm_tui.core.aozora import clean_aozora, is_aozora
    from lstm_tui.core.encoding import read_text

    text = read_text(path)
    return clean_aozora(text) if is_aozora(text) else text


def load_corpus(path: Path, val_fraction: float = 0.1) -> Any:
    """A lstm_tui Corpus (last val_fraction held out) from a file, Aozora cleaned."""
    from lstm_tui.core.corpus import build_corpus

    return build_corpus(load_text(path), corpus_label(path), val_fraction, path=str(Path(path).resolve()))


def write_result(name: str, data: dict[str, Any], out_dir: Path) -> Path:
    """Write {"benchmark", "machine", **data} to out_dir/NAME.json; returns the path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    payload = {"benchmark": name, "machine": machine_info(), **data}
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# ---- tables and statistics ----------------------------------------------------------------
def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> None:
    """Print rows under headers; numbers right-aligned, text left-aligned."""
    cells = [[_fmt(v) for v in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(headers))]
    if title:
        print(title)

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    print(line([str(h) for h in headers]))
    print(line(["-" * w for w in widths]))
    for r in cells:
        print(line(r))


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.3f}"
    return str(v)


def median(values: Sequence[float]) -> float:
    """The median (nan for no values)."""
    return statistics.median(values) if values else float("nan")


def interleave(sides: dict[str, Callable[[], T]], rounds: int) -> dict[str, list[T]]:
    """Call each side once per round, in turn (A, B, A, B, …), collecting what it returns.

    Interleaving spreads load from other processes over every side alike; the order
    within a round rotates so no side always runs first.
    """
    names = list(sides)
    out: dict[str, list[T]] = {n: [] for n in names}
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            out[name].append(sides[name]())
    return out


def verdict(ok: bool | None) -> str:
    """'met' / 'NOT met' / '-' for a target column."""
    return "-" if ok is None else ("met" if ok else "NOT met")
