"""The caches of the n-gram baseline: fitted baselines kept in memory and on disk, so a
corpus is fitted once (core/ngram.py holds the model and its fitting).

    from lstm_tui.core.ngram_cache import baseline_for
    b = baseline_for(text)          # from memory, else from disk, else fitted and stored
    cached_baseline(text)           # memory or disk only: never fits (None if neither has it)

The disk cache is one JSON file per corpus under home_dir()/cache/ngram/, named by the
text's sha256, the split bounds and NGRAM_VERSION (core/ngram.py: bump it when the
figures change). Each record carries a checksum of its own content; a file that fails
to parse, validate or match its checksum is ignored and rebuilt. The memory cache holds
the last few baselines of this process. No torch here.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from pathlib import Path
from typing import Any

from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.core.checked_read import read_regular_bytes
from lstm_tui.core.encoding import sha256_text

# _Source (ngram's own): a Baseline read from the cache counts its training text on first use, as a fitted one does.
from lstm_tui.core.ngram import NGRAM_VERSION, Baseline, _Source, fit_baseline
from lstm_tui.core.ngram_counts import MODIFIED
from lstm_tui.core.splits import split_bounds
from lstm_tui.errors import UserError

_MEMORY: dict[str, Baseline] = {}  # sha256 + bounds → Baseline, this process
_MEMORY_MAX = 4
_MEMORY_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Where the baseline cache files live (inside the user folder)."""
    from lstm_tui.paths import home_dir

    return home_dir() / "cache" / "ngram"


def cache_file(sha256: str, bounds: tuple[int, int]) -> Path:
    """The cache file of one text and split."""
    return cache_dir() / f"{sha256}-{bounds[0]}-{bounds[1]}-v{NGRAM_VERSION}.json"


def _from_cache(data: Any, text: str, sha: str, bounds: tuple[int, int]) -> Baseline | None:
    """The cached Baseline if `data` is a valid record of this text and split, else None."""
    try:
        if data.get("version") != NGRAM_VERSION or data.get("sha256") != sha or data.get("bounds") != list(bounds):
            return None
        by_order = {int(k): float(v) for k, v in data["by_order"].items()}
        order = int(data["order"])
        ints = {
            k: int(data[k])
            for k in ("chars", "vocab", "train_chars", "val_chars", "test_chars", "unknown_val", "unknown_test")
        }
        val_loss, test_loss = float(data["val_loss"]), float(data["test_loss"])
        discount = data["discount"]
        if isinstance(discount, list):
            discount = tuple(float(x) for x in discount)
            if len(discount) != order or not all(math.isfinite(x) and x > 0 for x in discount):
                return None
        if (
            order not in by_order
            or ints["chars"] != len(text)
            or not math.isfinite(test_loss)
            or not (discount == MODIFIED or isinstance(discount, (float, tuple)))
        ):
            return None
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return Baseline(
        order=order,
        val_loss=val_loss,
        test_loss=test_loss,
        by_order=by_order,
        discount=discount,
        **ints,
        build_s=float(data.get("build_s", 0.0)),
        sha256=sha,
        _source=_Source(train=text[: bounds[0]], uniform_size=ints["vocab"] + 1, discount=discount, order=order),
    )


CACHE_LIMIT = 16 * 2**20  # a cache record is a few KB; anything bigger is not ours


def _checksum(record: dict[str, Any]) -> str:
    """sha256 of a cache record's own content (every field but the checksum)."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def read_cache_record(path: Path) -> dict[str, Any] | None:
    """A cache file's record if it is a regular file holding JSON whose checksum matches
    its content, else None (rebuilt by the caller): a file edited by hand, even with
    plausible figures, is not trusted."""
    if not path.is_file():  # missing, or a FIFO or folder put there: opening a FIFO would block
        return None
    try:
        data = json.loads(read_regular_bytes(path, CACHE_LIMIT))
    except (UserError, OSError, ValueError, RecursionError):  # unreadable, too big, not JSON, nested too deeply
        return None
    if not isinstance(data, dict) or data.get("checksum") != _checksum(data):
        return None
    return data


def cached_baseline(text: str, sha256: str | None = None, bounds: tuple[int, int] | None = None) -> Baseline | None:
    """The baseline of `text` if memory or the disk cache has it, else None: never
    fits (a JSON read, for a caller that must not spend seconds, say before training).
    `sha256` is the text's, when the caller has it already; `bounds` (train_end,
    val_end) default to the standard splits."""
    sha = sha256 or sha256_text(text)
    bounds = bounds or split_bounds(len(text))
    with _MEMORY_LOCK:
        hit = _MEMORY.get(f"{sha}-{bounds[0]}-{bounds[1]}")
    if hit is not None:
        return hit
    record = read_cache_record(cache_file(sha, bounds))
    return _from_cache(record, text, sha, bounds) if record is not None else None


def baseline_for(text: str, bounds: tuple[int, int] | None = None) -> Baseline:
    """The baseline of `text` on the standard splits (or on `bounds`, a corpus cut at
    whole works): from memory, else from the disk cache, else fitted (fit_baseline's
    defaults) and written to the cache.

    A cache file that is unreadable, corrupt or from another version is ignored and
    replaced. Failing to write the cache (read-only home) is not an error.
    """
    sha = sha256_text(text)
    standard = split_bounds(len(text))
    own = bounds if bounds is not None and bounds != standard else None  # whole-work splits
    bounds = own or standard
    key = f"{sha}-{bounds[0]}-{bounds[1]}"
    with _MEMORY_LOCK:
        hit = _MEMORY.get(key)
    if hit is not None:
        return hit
    path = cache_file(sha, bounds)
    baseline = cached_baseline(text, sha, bounds)
    if baseline is None:
        baseline = fit_baseline(text, bounds=own)  # standard splits: fit_baseline's own checks
        record = {"version": NGRAM_VERSION, "bounds": list(bounds), **baseline.to_json()}
        record["checksum"] = _checksum(record)
        try:
            atomic_write_text(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        except OSError:
            pass  # a cache we cannot write only costs a rebuild next time
    with _MEMORY_LOCK:
        if len(_MEMORY) >= _MEMORY_MAX:
            _MEMORY.pop(next(iter(_MEMORY)))
        _MEMORY[key] = baseline
    return baseline


def clear_memory_cache() -> None:
    """Forget the in-process baselines (tests use this to reach the disk cache)."""
    with _MEMORY_LOCK:
        _MEMORY.clear()
