"""How much memory this process may still allocate: free RAM and every limit on it.

Free RAM is not the whole story: `ulimit -v` (RLIMIT_AS) and RLIMIT_DATA cap this
process's address space and data whatever the machine has free, and a container's
cgroup (v2 memory.max, v1 memory.limit_in_bytes, on this process's own cgroup and
every parent) caps it too. A model that passes a check of free RAM alone fails at its
first allocation under such a limit. Linux files are read when present; elsewhere the
figures are simply unknown. Torch-free.
"""

from __future__ import annotations

import os
from pathlib import Path

_UNLIMITED = 1 << 60  # cgroup v1 writes "no limit" as a number near 2**63
_CGROUP_ROOT = Path("/sys/fs/cgroup")


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()  # kernel files: regular, tiny
    except (OSError, UnicodeDecodeError):
        return None
    if text == "max":
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value < _UNLIMITED else None


def meminfo_available() -> int | None:
    """MemAvailable from /proc/meminfo, in bytes, or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_dirs() -> list[tuple[Path, str, str]]:
    """(folder, limit file, usage file) of this process's memory cgroup and each parent."""
    try:
        lines = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    found: list[tuple[Path, str, str]] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, rel = parts
        if controllers == "":  # cgroup v2, the unified hierarchy
            base, limit, usage = _CGROUP_ROOT, "memory.max", "memory.current"
        elif "memory" in controllers.split(","):  # cgroup v1
            base, limit, usage = _CGROUP_ROOT / "memory", "memory.limit_in_bytes", "memory.usage_in_bytes"
        else:
            continue
        folder = base / rel.lstrip("/")
        while True:  # the process's own group, then each parent up to the root
            found.append((folder, limit, usage))
            if folder == base or base not in folder.parents:
                break
            folder = folder.parent
    return found


def cgroup_available() -> int | None:
    """What the tightest cgroup memory limit on this process leaves, in bytes, or None."""
    best: int | None = None
    for folder, limit_file, usage_file in _cgroup_dirs():
        limit = _read_int(folder / limit_file)
        if limit is None:
            continue
        used = _read_int(folder / usage_file) or 0
        left = max(0, limit - used)
        best = left if best is None else min(best, left)
    return best


def _statm_bytes() -> tuple[int, int] | None:
    """(address space, data) this process uses now, in bytes, from /proc/self/statm."""
    try:
        fields = Path("/proc/self/statm").read_text(encoding="ascii").split()
        page = os.sysconf("SC_PAGE_SIZE")
        return int(fields[0]) * page, int(fields[5]) * page
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def rlimit_available() -> int | None:
    """What RLIMIT_AS (ulimit -v) and RLIMIT_DATA leave this process, in bytes, or None."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return None
    used = _statm_bytes()
    best: int | None = None
    for which, index in ((resource.RLIMIT_AS, 0), (getattr(resource, "RLIMIT_DATA", None), 1)):
        if which is None:
            continue
        soft, _ = resource.getrlimit(which)
        if soft == resource.RLIM_INFINITY or soft < 0:
            continue
        left = max(0, soft - (used[index] if used is not None else 0))
        best = left if best is None else min(best, left)
    return best


def cpu_available() -> tuple[int, str] | None:
    """(bytes, what limits it) this process can still allocate in RAM, or None.

    The smallest of free RAM, the cgroup limits and the process's rlimits; `what`
    names it for a message ("the process's memory limit (ulimit -v)").
    """
    known = [
        (m, what)
        for m, what in (
            (meminfo_available(), "available memory"),
            (cgroup_available(), "the container's memory limit (cgroup)"),
            (rlimit_available(), "this process's memory limit (ulimit -v / RLIMIT_DATA)"),
        )
        if m is not None
    ]
    return min(known) if known else None
