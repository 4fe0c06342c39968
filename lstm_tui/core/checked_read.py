"""The one way lstm-tui reads a small file: a regular file, under a size limit, then decoded.

A FIFO blocks open() until a writer comes, and /dev/zero never ends: reading either
with Path.read_bytes hangs the command or eats memory until the OOM killer comes. So
every settings file, word list, run file and cache is read here: stat first, open
without blocking, fstat the open descriptor (a FIFO swapped in after the stat is still
refused), read at most `limit` + 1 bytes, and only then decode.

Errors are UserErrors of the caller's class, naming the file and what to do about it.
Torch-free and Textual-free.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from lstm_tui.errors import UserError


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, for a message ("a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size_words(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n:,} bytes"


def check_regular(path: Path, error: type[UserError] = UserError, fix: str = "give a regular file") -> int:
    """The size of `path` if it is a regular file (a symlink to one is fine), else
    `error` naming what it is, followed by `fix`."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path} does not exist; {fix}") from None
    except OSError as exc:
        raise error(f"cannot read {path} ({exc.strerror or exc}); {fix}") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path} is {file_kind(st.st_mode)}, not a regular file; {fix}")
    return st.st_size


def open_regular(path: Path, error: type[UserError] = UserError, fix: str = "give a regular file") -> IO[bytes]:
    """Open a regular file for reading without ever blocking on a FIFO.

    O_NONBLOCK makes open() return at once even on a FIFO swapped in after the check;
    fstat on the open descriptor then refuses anything but a regular file.
    """
    check_regular(path, error, fix)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"cannot read {path} ({exc.strerror or exc}); {fix}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(f"{path} is {file_kind(mode)}, not a regular file; {fix}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_bytes(
    path: Path, limit: int | None, error: type[UserError] = UserError, fix: str = "give a regular file"
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (None: no limit).

    Only limit + 1 bytes are ever read, so a file that grows while it is read (or
    lies about its size) still costs no more memory than the limit.
    """
    with open_regular(path, error, fix) as fh:
        try:
            data = fh.read() if limit is None else fh.read(limit + 1)
        except OSError as exc:
            raise error(f"cannot read {path} ({exc.strerror or exc}); {fix}") from None
    if limit is not None and len(data) > limit:
        raise error(f"{path} is larger than {_size_words(limit)}, too large to be what lstm-tui expects; {fix}")
    return data


def read_regular_text(
    path: Path,
    limit: int | None,
    error: type[UserError] = UserError,
    fix: str = "give a regular file",
    errors: str = "strict",
) -> str:
    """A regular file's UTF-8 text (a BOM is dropped), read as read_regular_bytes does.

    errors="strict" makes bytes that are not UTF-8 an `error` naming the file.
    """
    data = read_regular_bytes(path, limit, error, fix)
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError:
        raise error(f"{path} is not UTF-8 text; {fix}") from None
