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
import math
import os
import platform
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

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


# ISA extensions that change what torch's CPU kernels can do here (bf16 autocast runs
# natively only with AVX-512 BF16 or AMX), recorded so a figure can be tied to them
ISA_FLAGS = (
    "avx",
    "avx2",
    "fma",
    "f16c",
    "avx512f",
    "avx512bw",
    "avx512_vnni",
    "avx512_bf16",
    "avx512_fp16",
    "amx_tile",
    "amx_bf16",
    "amx_int8",
    "avx_vnni",
    "neon",
    "asimd",
    "sve",
)


def cpu_flags() -> list[str]:
    """The ISA_FLAGS this CPU reports in /proc/cpuinfo, in ISA_FLAGS order ([] elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    have: set[str] = set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):  # x86 / arm64 spelling
            have.update(line.split(":", 1)[1].split())
            break
    return [f for f in ISA_FLAGS if f in have]


def load_avg() -> list[float] | None:
    """The 1, 5 and 15-minute load averages (None where the OS has none)."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def now() -> str:
    """Now, as every result file writes dates."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


# Taken when a benchmark script imports this module, i.e. as it starts: with the load
# average at the end, it shows how busy the machine was around the whole measurement.
_STARTED = now()
_LOAD_BEFORE = load_avg()


def stamp() -> dict[str, Any]:
    """Where and when a result was measured; every result file carries it as "machine".

    date (the end), started, CPU model, cores usable, ISA flags, torch and Python
    versions, platform, and the load averages when the script started and now. On a
    shared machine the load says how much the figures were disturbed.
    """
    try:
        torch_version = metadata.version("torch")  # no torch import: that costs seconds
    except metadata.PackageNotFoundError:
        torch_version = None
    from lstm_tui.core.cpus import usable_cores  # torch-free: the app's own count of cores

    return {
        "date": now(),
        "started": _STARTED,
        "cpu": cpu_model(),
        "cores": usable_cores(),  # what this process may use (affinity), not the host's count
        "isa": cpu_flags(),
        "torch": torch_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_before": _LOAD_BEFORE,
        "load_avg_after": load_avg(),
    }


# ---- arguments and files ------------------------------------------------------------------
def base_parser(description: str) -> argparse.ArgumentParser:
    """A parser with --out-dir and --quick, the options every benchmark takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--out-dir", type=Path, default=RESULTS_DIR, help="where NAME.json goes (default benchmarks/results)"
    )
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


def load_corpus(path: Path) -> Any:
    """A lstm_tui Corpus from a file, Aozora cleaned, split as the core splits it.

    The split is left to lstm_tui (core/splits.py: 90/5/5 train/validation/test), so a
    benchmark's losses are on the same held-out text as `lstm-tui train` and `eval`.
    """
    from lstm_tui.core.corpus import build_corpus

    return build_corpus(load_text(path), corpus_label(path), path=str(Path(path).resolve()))


def claim_loss(finished: Any) -> tuple[float, str]:
    """The loss to publish from a `finished` event (object or dict) and its split.

    Published figures use the test split; until the Trainer reports `test_loss` (or when
    a corpus has no test split) it falls back to validation, and the split name says so.
    """
    get = finished.get if isinstance(finished, dict) else (lambda k: getattr(finished, k, None))
    test = get("test_loss")
    if test is not None and test == test:  # nan: no test split
        return float(test), "test"
    return float(get("val_loss")), "val (no test_loss reported)"


def write_result(name: str, data: dict[str, Any], out_dir: Path) -> Path:
    """Write {"benchmark", "machine": stamp(), **data} to out_dir/NAME.json; returns the path.

    The one way every benchmark writes its result, so every file carries the stamp.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    payload = {"benchmark": name, "machine": stamp(), **data}
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


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0…100); nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def bootstrap_ci(
    samples: Sequence[T], statistic: Callable[[Sequence[T]], float], n: int = 4000, level: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """A percentile bootstrap interval of statistic(samples).

    Resamples whole samples (e.g. one interleaved round's paired timings) with
    replacement, so what pairs them (the load at that moment) stays paired.
    """
    rng = random.Random(seed)  # fixed: the same data always gives the same interval
    k = len(samples)
    stats = sorted(statistic([samples[rng.randrange(k)] for _ in range(k)]) for _ in range(n))
    lo = stats[int((1 - level) / 2 * (n - 1))]
    hi = stats[int((1 + level) / 2 * (n - 1))]
    return lo, hi


def ci_verdict(low: float, high: float, limit: float) -> str:
    """'met' when the whole interval is within `limit` (at most), 'not met' when it is
    all above it, else 'unresolved': the measurement cannot tell."""
    if high <= limit:
        return "met"
    if low > limit:
        return "not met"
    return "unresolved"


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
