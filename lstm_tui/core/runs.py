"""Every saved run with its figures, from the small files only (no torch, no weights).

`lstm-tui runs` and the Runs pane both list runs through `index_runs`: the user's models
folder and the bundled demo runs. Each run's figures come from run.json (config,
corpus, progress) and metrics.jsonl (the test loss of its "finished" events), and the
n-gram baseline's figures from its disk cache when that corpus has been scored (so
listing never fits a baseline). A folder that cannot be read is listed as broken with
the reason, and the rest of the list is unaffected.

`rename_run` and `delete_run` change the user's runs; the bundled demo is read-only, and
`delete_run` removes only the files a run consists of (never a file it did not write).
"""

from __future__ import annotations

import math
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.runfiles import (
    LOCK_FILE,
    MODEL_FILE,
    PICKLE_SUFFIXES,
    RUN_FILE,
    RunLock,
    foreign_entries,
    last_metric,
    read_run_meta,
)
from lstm_tui.errors import UserError

# Run names are folder names: letters (any script), digits, ".", "-" and "_", not
# starting with a dot (hidden) and never a path.
_NAME_OK = re.compile(r"^[^\W_][\w.-]{0,99}$")


@dataclass(frozen=True)
class RunInfo:
    """One row of the runs list. Losses are nats per character; None where unknown.

    `val_loss` is the best validation loss (the weights sampling uses), else the last.
    `test_loss` is the model as configured (with an n-gram mixture, `hybrid_lambda`
    set, the mixture's); `lstm_test_loss` the LSTM alone. `margin` is the LSTM's loss
    minus the n-gram baseline's on the same split (test when both have one, else
    validation; below zero the LSTM is better), with `margin_split` naming the split.
    The n-gram figures come from the run's "finished" event, else the baseline cache.
    A broken run has `error` set and little else.
    """

    name: str
    path: str
    corpus: str | None = None
    parent: str | None = None  # run.json's "from": the run it started from (base-ja, a run's name)
    preset: str | None = None
    size: str | None = None  # e.g. "256x1" (hidden x layers)
    cell: str | None = None
    steps: int | None = None
    epoch: int | None = None
    elapsed_s: float | None = None  # training time
    val_loss: float | None = None
    last_val_loss: float | None = None
    test_loss: float | None = None
    lstm_test_loss: float | None = None
    hybrid_lambda: float | None = None
    best_step: int | None = None
    ngram_order: int | None = None
    ngram_val_loss: float | None = None
    ngram_test_loss: float | None = None
    margin: float | None = None
    margin_split: str | None = None
    saved_at: str | None = None  # ISO 8601, from run.json (else the folder's time)
    bundled: bool = False  # a demo run shipped with lstm-tui (read-only)
    error: str | None = None  # why the folder cannot be loaded; None for a good run

    @property
    def broken(self) -> bool:
        """True when the folder could not be read as a run."""
        return self.error is not None

    def to_json(self) -> dict[str, Any]:
        """The `runs --json` object: every field, floats rounded, `broken` spelled out."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            out[key] = round(value, 6) if isinstance(value, float) else value
        out["broken"] = self.broken
        return out


def format_loss(value: float | None, digits: int = 3) -> str:
    """A loss (nats per character) to `digits` decimals; "—" when unknown."""
    return "—" if value is None else f"{value:.{digits}f}"


def format_duration(seconds: float | None, units: bool = False) -> str:
    """A run's training time as minutes and seconds, or hours and minutes from an hour
    on: "12m05" and "1h03", or "12m05s" and "1h03m" with `units`; "—" when unknown."""
    if seconds is None:
        return "—"
    minutes, s = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m{s:02d}" + ("s" if units else "")
    return f"{minutes // 60}h{minutes % 60:02d}" + ("m" if units else "")


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mtime_iso(path: Path) -> str | None:
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(path.stat().st_mtime))  # as run.json writes it
    except OSError:
        return None


def _is_scored_end(line: dict[str, Any]) -> bool:
    """A "finished" event with a test loss (a resumed run has several)."""
    return line.get("event") == "finished" and _finite(line.get("test_loss")) is not None


def ngram_figures(sha256: str | None, chars: int | None) -> dict[str, Any] | None:
    """The n-gram baseline's cached figures for a corpus (order, val_loss, test_loss),
    or None when it has not been computed yet or the cache cannot be read."""
    if not isinstance(sha256, str) or not isinstance(chars, int) or not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return None
    # Imported here: ngram_cache pulls in numpy (through ngram), which only this figure needs.
    from lstm_tui.core.ngram_cache import cache_file, read_cache_record
    from lstm_tui.core.splits import split_bounds

    data = read_cache_record(cache_file(sha256, split_bounds(chars)))  # checked: a hand edit is not trusted
    try:
        order, val, test = int(data["order"]), _finite(data["val_loss"]), _finite(data["test_loss"])  # type: ignore[index]
    except (ValueError, KeyError, TypeError):
        return None
    return {"order": order, "val_loss": val, "test_loss": test}


def _parent_name(entry: Any) -> str | None:
    """The name in run.json's "from" entry, if it has one."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def read_run_info(path: Path, bundled: bool = False) -> RunInfo:
    """One run's row; never raises: a run that cannot be read comes back broken."""
    name = path.name
    try:
        meta = read_run_meta(path)
        config = TrainConfig.from_dict(meta["config"])
        if not (path / MODEL_FILE).is_file():
            raise UserError(f"{path} has no {MODEL_FILE}; the weights are missing")
    except (UserError, TypeError, ValueError) as exc:
        return RunInfo(name, str(path), saved_at=_mtime_iso(path), bundled=bundled, error=str(exc))
    corpus = meta["corpus"] if isinstance(meta["corpus"], dict) else {}
    progress = meta["progress"] if isinstance(meta["progress"], dict) else {}
    best, last = _finite(progress.get("best_val_loss")), _finite(progress.get("last_val_loss"))
    val = best if best is not None else last
    finished = last_metric(path, _is_scored_end)  # from the end: a log can be hundreds of MB
    test, lstm_test = _finite(finished.get("test_loss")), _finite(finished.get("lstm_test_loss"))
    ngram: dict[str, Any] | None = None
    if _int(finished.get("ngram_order")) is not None:
        ngram = {
            "order": finished["ngram_order"],
            "val_loss": _finite(finished.get("ngram_val_loss")),
            "test_loss": _finite(finished.get("ngram_test_loss")),
        }
    else:
        ngram = ngram_figures(corpus.get("sha256"), _int(corpus.get("chars")))
    margin, split = None, None
    if ngram is not None:  # the run's model as trained (the hybrid, for a hybrid run), as `train --json` gives it
        if test is not None and ngram["test_loss"] is not None:
            margin, split = test - ngram["test_loss"], "test"
        elif val is not None and ngram["val_loss"] is not None:
            margin, split = val - ngram["val_loss"], "val"
    saved_at = meta.get("saved_at")
    return RunInfo(
        name=name,
        path=str(path),
        corpus=corpus.get("name") if isinstance(corpus.get("name"), str) else None,
        parent=_parent_name(meta.get("from")),
        preset=config.preset,
        size=f"{config.hidden}x{config.layers}",
        cell=config.cell,
        steps=_int(progress.get("step")),
        epoch=_int(progress.get("epoch")),
        elapsed_s=_finite(progress.get("elapsed_s")),
        val_loss=val,
        last_val_loss=last,
        test_loss=test,
        lstm_test_loss=lstm_test,
        hybrid_lambda=_finite(finished.get("hybrid_lambda")),
        best_step=_int(progress.get("best_step")),
        ngram_order=ngram["order"] if ngram else None,
        ngram_val_loss=ngram["val_loss"] if ngram else None,
        ngram_test_loss=ngram["test_loss"] if ngram else None,
        margin=margin,
        margin_split=split,
        saved_at=saved_at if isinstance(saved_at, str) else _mtime_iso(path / RUN_FILE),
        bundled=bundled,
    )


def _candidates(folder: Path) -> list[Path]:
    """Folders under `folder` that are, or look like, run folders.

    An empty folder is skipped: the app makes a run's folder when training starts and
    fills it at the first checkpoint, so for a while it is neither a run nor broken.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for p in entries:
        if p.name.startswith(".") or not p.is_dir():
            continue
        try:
            visible = [c for c in p.iterdir() if not c.name.startswith(".")]
        except OSError:
            found.append(p)  # unreadable: listed as broken with the reason
            continue
        names = {c.name for c in visible}
        if RUN_FILE in names or MODEL_FILE in names or any(c.suffix.lower() in PICKLE_SUFFIXES for c in visible):
            found.append(p)
    return found


def _age_key(row: RunInfo) -> float:
    """When a run was last saved (run.json's time, finer than saved_at's seconds)."""
    path = Path(row.path)
    for candidate in (path / RUN_FILE, path):
        try:
            return candidate.stat().st_mtime
        except OSError:
            continue
    return 0.0


def index_runs() -> list[RunInfo]:
    """The user's runs, then the bundled demo runs; each group newest first."""
    rows: list[RunInfo] = []
    seen: set[Path] = set()
    # looked up through the module each time, so tests can point them elsewhere
    for folder, bundled in ((paths.user_models_dir(), False), (paths.bundled_models_dir(), True)):
        infos = []
        for path in _candidates(folder):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                infos.append(read_run_info(path, bundled=bundled))
        rows += sorted(infos, key=_age_key, reverse=True)
    return rows


def check_run_name(name: str) -> str:
    """The name if it can be a run folder's name, else a UserError saying what to use."""
    name = unicodedata.normalize("NFC", name.strip())
    if not _NAME_OK.match(name):
        raise UserError(
            f"bad run name {name!r}; use up to 100 letters, digits, '.', '-' or '_', starting with a letter or digit"
        )
    return name


def _check_user_run(path: Path) -> None:
    """Only runs in the user's models folder may be renamed or deleted."""
    try:
        inside = path.resolve().parent == paths.user_models_dir().resolve()
    except OSError:
        inside = False
    if not inside:
        raise UserError(f"{path.name} is not in your models folder ({paths.user_models_dir()}); it is left as it is")
    if not path.is_dir():
        raise UserError(f"no such run folder: {path}")


@contextmanager
def _locked_change(path: Path, verb: str) -> Iterator[None]:
    """Hold the run's lock while its folder is renamed or deleted, and turn an OSError
    into a UserError ("cannot VERB NAME (reason)").

    A run training into the folder (this process or another, `lstm-tui train`) holds the
    lock, so the change is refused rather than losing that run's folder.
    """
    lock = RunLock(path).acquire()
    try:
        yield
    except OSError as exc:
        raise UserError(f"cannot {verb} {path.name} ({exc.strerror or exc})") from None
    finally:
        lock.release()


def rename_run(path: Path, new_name: str) -> Path:
    """Rename a run folder in the user's models folder; returns the new path."""
    _check_user_run(path)
    name = check_run_name(new_name)
    target = path.parent / name
    if target.exists():
        raise UserError(f"a run named {name} already exists; choose another name")
    with _locked_change(path, "rename"):
        path.rename(target)
    (target / LOCK_FILE).unlink(missing_ok=True)  # moved along with the folder
    return target


def _own_files(path: Path) -> list[Path]:
    """The files of a run folder that delete_run may remove, or a UserError naming
    everything else in it.

    The rule is `train`'s (runfiles.foreign_entries): a run consists of the files
    lstm-tui writes, its lock and its own temporary files. A folder holding anything
    else (a thesis.tex beside a model.safetensors, a sub-folder) is not lstm-tui's to
    delete; nor is an entry with a run file's name that is not a file.
    """
    foreign = foreign_entries(path)
    own: list[Path] = []
    for name in sorted(os.listdir(path)):
        if name in foreign:
            continue
        entry = path / name
        if entry.is_dir() and not entry.is_symlink():  # a folder named model.safetensors
            foreign.append(name)
        else:
            own.append(entry)
    if foreign:
        foreign.sort()
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5:,} more" if len(foreign) > 5 else "")
        raise UserError(
            f"{path.name} holds files lstm-tui did not write ({shown}); it deletes only a run's own files, "
            "so nothing was deleted: move those out first"
        )
    return own


def delete_run(path: Path) -> None:
    """Delete a run from the user's models folder: the files a run consists of, then
    the folder itself. A folder that also holds files lstm-tui did not write is refused
    whole (UserError naming them), before anything is removed."""
    _check_user_run(path)
    with _locked_change(path, "delete"):
        for entry in _own_files(path):  # listed under the lock: nobody is writing now
            if entry.name != LOCK_FILE:  # ours, held: released (and removed) below
                entry.unlink(missing_ok=True)
    try:
        path.rmdir()
    except FileNotFoundError:
        pass
    except OSError as exc:  # something appeared after the lock was let go: leave it
        raise UserError(f"deleted the run's files, but {path.name} is not empty now ({exc.strerror or exc})") from None
