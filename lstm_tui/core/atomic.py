"""Write files so that a reader (or a crash) never sees half of one.

Temporary files are named `.NAME.lstm-tui-PID-RANDOM.tmp`: the fixed marker says the
file is lstm-tui's own, and the PID says which process writes it. A file of that shape
whose process is gone was left by a crash (a SIGKILL mid-import, a power cut) and is
removed by remove_stale_temp_files on the next start or import; every other file,
including someone else's `.draft.tmp`, is never touched.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

TEMP_MARKER = "lstm-tui"
# .NAME.lstm-tui-PID-RANDOM.tmp (RANDOM is mkstemp's: letters, digits and "_")
_OWN_TEMP = re.compile(r"^\..+\." + TEMP_MARKER + r"-(\d+)-[A-Za-z0-9_]+\.tmp$")


def temp_prefix(final_name: str) -> str:
    """The mkstemp prefix of a temporary file that will become `final_name`."""
    return f".{final_name}.{TEMP_MARKER}-{os.getpid()}-"


def make_temp(final: Path) -> tuple[int, Path]:
    """(fd, path) of a fresh own temporary file beside `final`."""
    fd, name = tempfile.mkstemp(prefix=temp_prefix(final.name), suffix=".tmp", dir=final.parent)
    return fd, Path(name)


def open_temp(final: Path) -> tuple[Path, IO[bytes]]:
    """A fresh own temporary file beside `final`, open for binary writing."""
    fd, tmp = make_temp(final)
    return tmp, os.fdopen(fd, "wb")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's live process (or an odd number): leave its file alone
    return True


def own_temp_pid(name: str) -> int | None:
    """The writer's PID when `name` is an lstm-tui temporary file, else None."""
    m = _OWN_TEMP.match(name)
    return int(m.group(1)) if m else None


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Remove lstm-tui's own temporary files in `folder` whose writer has died.

    Returns what was removed. Files not named by make_temp (another program's
    `.draft.tmp`) and those of a live process (an import running now) stay.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        pid = own_temp_pid(entry.name)
        if pid is None or _alive(pid):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # a read-only folder: the file is only wasted space
    return removed


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call write(tmp) on a hidden temporary file beside `path`, fsync, then rename it.

    On any failure the temporary file is removed and `path` keeps its old content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = make_temp(path)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; run folders are ordinary user files
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Atomically replace a UTF-8 text file."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Atomically replace a binary file."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
