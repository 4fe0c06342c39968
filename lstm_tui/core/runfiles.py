"""The files of a run folder, without torch: names, listing, metadata, logs.

The app lists and describes runs through this module so that it can paint before
torch is imported; loading weights is checkpoint.py's job.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from lstm_tui.core import checked_read
from lstm_tui.core.atomic import own_temp_pid
from lstm_tui.errors import CheckpointError

FORMAT_VERSION = 1
MODEL_FILE = "model.safetensors"
BEST_FILE = "best.safetensors"  # the best-validation weights; MODEL_FILE stays the last, for resume
RUN_FILE = "run.json"
OPTIMIZER_FILE = "optimizer.safetensors"
METRICS_FILE = "metrics.jsonl"
SAMPLES_FILE = "samples.txt"
LOCK_FILE = ".lstm-tui.lock"  # flock'ed by the process training into the folder
PICKLE_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".bin", ".ckpt")
# Every name lstm-tui writes in a run folder; anything else there is someone else's.
RUN_FOLDER_FILES = frozenset(
    {"model.safetensors", "best.safetensors", "run.json", "optimizer.safetensors", "metrics.jsonl", "samples.txt"}
)
_REQUIRED = ("format_version", "config", "vocab", "corpus", "progress")


@dataclass
class RunProgress:
    """Where training stands: enough to continue exactly."""

    step: int = 0
    epoch: int = 0
    batch: int = 0  # next batch index within the epoch
    elapsed_s: float = 0.0
    budget_steps: int | None = None  # the schedule's horizon, in total steps
    budget_s: float | None = None  # or in total seconds of training
    last_train_loss: float | None = None  # smoothed over recent batches
    last_batch_loss: float | None = None  # the loss of the last batch itself
    last_val_loss: float | None = None
    best_val_loss: float | None = None
    best_step: int | None = None  # the step whose weights BEST_FILE holds
    evals_since_best: int = 0  # scheduled evaluations without improvement (early stopping)
    # Warm restarts that extended the budget (core/schedule.py's Segment, as dicts);
    # empty for a run that kept its first budget, and in run.json files older than them.
    segments: list[dict[str, Any]] = field(default_factory=list)


def read_run_meta(path: Path) -> dict[str, Any]:
    """run.json of a run folder, checked for shape and format version (no weights read)."""
    if not path.exists():
        raise CheckpointError(f"no such run folder: {path}")
    if not path.is_dir():
        raise CheckpointError(f"{path} is not a run folder (expected a folder holding run.json)")
    run_json = path / RUN_FILE
    if not run_json.exists():
        pickles = [p.name for p in path.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES]
        if pickles:
            raise CheckpointError(
                f"{path} holds {pickles[0]}, a pickle-format file that could run code; "
                "lstm-tui only loads model.safetensors with run.json, and never unpickles"
            )
        raise CheckpointError(f"{path} has no run.json; it is not an lstm-tui run folder")
    try:
        meta = json.loads(checked_read.read_regular_bytes(run_json, RUN_JSON_LIMIT, CheckpointError, _RUN_FIX))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError and integers too long to convert
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0][:120]
        raise CheckpointError(
            f"{run_json} is not valid JSON ({why}); the run cannot be loaded (restore the file or train a new run)"
        ) from None
    if not isinstance(meta, dict):
        raise CheckpointError(f"{run_json} must hold a JSON object")
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise CheckpointError(f"{run_json} lacks {', '.join(missing)}; the run cannot be loaded")
    version = meta["format_version"]
    if not isinstance(version, int) or version < 1:
        raise CheckpointError(f"{run_json} has an invalid format_version {version!r}")
    if version > FORMAT_VERSION:
        raise CheckpointError(
            f"{path} was written in run format {version}, newer than this lstm-tui understands "
            f"({FORMAT_VERSION}); upgrade lstm-tui to load it"
        )
    return meta


def _log_text(f: Path, strict: bool) -> str | None:
    """The text of a run's log file (metrics.jsonl, samples.txt), None when absent.

    strict (resume): anything but a regular file is a CheckpointError, since the run
    would train and then fail to save over a folder there. Otherwise (listing, charts)
    such a file is treated as empty: it is only a log.
    """
    if not os.path.lexists(f):
        return None
    try:
        return read_regular_text(f)
    except CheckpointError:
        if strict:
            raise
        return None


def read_metrics(path: Path, strict: bool = False) -> list[dict[str, Any]]:
    """metrics.jsonl as a list; unreadable lines are skipped (it is only a log).

    strict: a metrics.jsonl that is a folder, FIFO or device is a CheckpointError
    (what resume wants) instead of no metrics."""
    out: list[dict[str, Any]] = []
    text = _log_text(Path(path) / METRICS_FILE, strict)
    for line in (text or "").splitlines():
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(entry, dict):  # a hand-edited line of another type is skipped too
            out.append(entry)
    return out


def last_metric(path: Path, wanted: Callable[[dict[str, Any]], bool], block: int = 1 << 16) -> dict[str, Any]:
    """The last line of metrics.jsonl that `wanted` accepts, or {}; read from the end.

    `lstm-tui runs` wants one line (the last "finished" event) of a log that can run to
    hundreds of MB: reading it backwards a block at a time costs the tail, not the
    whole file. A file that is not regular is no log (treated as empty, as read_metrics
    does); unreadable lines are skipped.
    """
    f = Path(path) / METRICS_FILE
    if not os.path.lexists(f):
        return {}
    try:
        fh = open_regular(f)
    except CheckpointError:
        return {}
    with fh:
        try:
            end = fh.seek(0, os.SEEK_END)
            carry = b""  # the start of a line whose beginning is in an earlier block
            while end > 0:
                start = max(0, end - block)
                fh.seek(start)
                chunk = fh.read(end - start) + carry
                lines = chunk.split(b"\n")
                carry = lines.pop(0) if start > 0 else b""
                if len(carry) > block * 256:  # a 16 MB "line" is no metrics entry: skip it
                    carry = b"-"
                for raw in reversed(lines):
                    entry = _json_line(raw)
                    if entry is not None and wanted(entry):
                        return entry
                end = start
        except OSError:
            return {}
    return {}


def _json_line(raw: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return entry if isinstance(entry, dict) else None


def read_samples(path: Path, strict: bool = False) -> list[str]:
    """samples.txt as a list of samples (strict as in read_metrics)."""
    text = _log_text(Path(path) / SAMPLES_FILE, strict)
    return [s for s in (text or "").split("\n\n") if s.strip()]


_RUN_FIX = "move it out of the run folder and try again"
RUN_JSON_LIMIT = 256 * 2**20  # run.json holds the vocabulary: a few MB at most
LOG_LIMIT = 1 << 30  # metrics.jsonl and samples.txt: only logs, but a chart reads them whole


def check_regular(path: Path) -> None:
    """Raise CheckpointError unless path is a regular file (a symlink to one is fine).

    Opening a FIFO blocks until a writer comes and a device such as /dev/zero never
    ends, so every run file is checked before it is opened (core/checked_read.py).
    """
    if not os.path.lexists(path):
        raise CheckpointError(f"{path} is missing; the run cannot be loaded")
    checked_read.check_regular(path, CheckpointError, _RUN_FIX)


def open_regular(path: Path) -> IO[bytes]:
    """Open a run file for reading without ever blocking on a FIFO (checked_read.open_regular)."""
    return checked_read.open_regular(path, CheckpointError, _RUN_FIX)


def read_regular_text(path: Path, errors: str = "replace", limit: int = LOG_LIMIT) -> str:
    """A run folder's UTF-8 text file, checked and size-limited (core/checked_read.py)."""
    return checked_read.read_regular_text(path, limit, CheckpointError, _RUN_FIX, errors=errors)


# RunProgress fields by the JSON types they accept: whole numbers, numbers, or either or null.
_INT_FIELDS = ("step", "epoch", "batch", "evals_since_best")
_OPT_INT_FIELDS = ("budget_steps", "best_step")
_LOSS_FIELDS = ("last_train_loss", "last_batch_loss", "last_val_loss", "best_val_loss")


def progress_from_json(raw: object) -> RunProgress:
    """run.json's "progress" as a RunProgress, every field checked for its type.

    A hand-edited step that is a string, or an elapsed_s that is null or NaN, would
    otherwise surface as a TypeError on resume or a time budget that never ends.
    Raises CheckpointError naming the field (the caller adds the file).
    """
    if not isinstance(raw, dict):
        raise CheckpointError("progress must be an object")
    known = {f.name for f in fields(RunProgress)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise CheckpointError(f"progress is not valid: unknown field(s) {', '.join(unknown)}")

    def whole(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0

    def real(v: object) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    for key in _INT_FIELDS:
        if key in raw and not whole(raw[key]):
            raise CheckpointError(f"progress.{key} must be a whole number ≥ 0, not {raw[key]!r}")
    for key in _OPT_INT_FIELDS:
        if raw.get(key) is not None and not whole(raw[key]):
            raise CheckpointError(f"progress.{key} must be a whole number ≥ 0 or null, not {raw[key]!r}")
    elapsed = raw.get("elapsed_s", 0.0)
    if not (real(elapsed) and math.isfinite(elapsed) and elapsed >= 0):
        raise CheckpointError(f"progress.elapsed_s must be a finite number of seconds ≥ 0, not {raw['elapsed_s']!r}")
    budget_s = raw.get("budget_s")
    if budget_s is not None and not (real(budget_s) and math.isfinite(budget_s) and budget_s > 0):
        raise CheckpointError(f"progress.budget_s must be a finite number of seconds > 0 or null, not {budget_s!r}")
    for key in _LOSS_FIELDS:  # NaN is allowed here: a diverged run records it
        if raw.get(key) is not None and not real(raw[key]):
            raise CheckpointError(f"progress.{key} must be a number or null, not {raw[key]!r}")
    if "segments" in raw and not isinstance(raw["segments"], list):
        raise CheckpointError("progress.segments must be a list")
    return RunProgress(**raw)


def foreign_entries(folder: Path) -> list[str]:
    """Names in `folder` that lstm-tui did not write: not a run file, not its lock,
    not one of its own temporary files. Empty for a new or empty folder."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):  # mkdir then says what is wrong
        return []
    except OSError as exc:
        raise CheckpointError(f"cannot read the run folder {folder} ({exc.strerror or exc})") from None
    return sorted(n for n in names if n not in RUN_FOLDER_FILES and n != LOCK_FILE and own_temp_pid(n) is None)


def check_out_folder(out: Path, resuming: Path | None = None) -> None:
    """Refuse an output folder that training would damage.

    Training may write into a folder that is new, empty, or holds only lstm-tui's own
    lock and temporary files, or into the very run it resumes. A folder holding another
    run is refused (resume that one instead), and so is any folder with files lstm-tui
    did not write: it only ever touches files it can prove are its own.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CheckpointError(f"cannot create the run folder {out} (it is a file); choose another --out")
    same = resuming is not None and out.exists() and os.path.samefile(out, resuming)
    if same:
        return
    if os.path.lexists(out / RUN_FILE):
        raise CheckpointError(f"{out} already holds a run; use --resume {out} to continue it or choose another --out")
    foreign = foreign_entries(out)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise CheckpointError(
            f"{out} holds files lstm-tui did not write ({shown}); it never overwrites them: "
            "choose a new or empty --out folder"
        )


class RunLock:
    """An exclusive OS lock (flock) on LOCK_FILE in a run folder, held while training.

    The kernel drops it when the process ends, however it ends, so a kill -9 leaves no
    stale lock: the file may stay but nobody holds it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        """Take the lock or raise CheckpointError naming who holds it."""
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock, as before
            return self
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise CheckpointError(
                    f"cannot lock the run folder {self.path.parent} ({exc.strerror or exc})"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = ""
                try:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                except OSError:
                    pass
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise CheckpointError(
                    f"{self.path.parent} is in use by another lstm-tui training run{who}; "
                    "wait for it to finish or choose another --out"
                ) from None
            # The holder before us unlinks the file as it lets go; a lock won on that
            # unlinked file is worth nothing, so check it is still the one at the path.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if not same:
                os.close(fd)
                continue
            try:  # who holds it, for the message above; the lock itself is the flock
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            except OSError:
                pass
            self._fd = fd
            return self
        raise CheckpointError(f"could not lock the run folder {self.path.parent}; try again")

    def release(self) -> None:
        """Remove the lock file and drop the lock (closing the descriptor releases the
        flock), so a finished run folder holds only the run's own files."""
        if self._fd is not None:
            try:
                self.path.unlink()
            except OSError:
                pass
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


def list_runs(folder: Path) -> list[Path]:
    """Run folders (those holding run.json) directly under `folder`, newest first."""
    if not folder.is_dir():
        return []
    runs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / RUN_FILE).exists()]
    return sorted(runs, key=lambda p: (p / RUN_FILE).stat().st_mtime, reverse=True)


def resume_corpus_spec(corpus: dict[str, Any]) -> str | None:
    """The corpus to resume a run on, from run.json's corpus entry: its file if it is
    still there, else its name (for `paths.resolve_corpus`); None when it names neither."""
    path = corpus.get("path")
    if isinstance(path, str) and Path(path).is_file():
        return path
    name = corpus.get("name")
    return name if isinstance(name, str) and name else None
