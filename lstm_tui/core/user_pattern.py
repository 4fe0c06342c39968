"""A regular expression the user typed, run where it cannot hang lstm-tui.

Python's `re` backtracks: `(a+)+$` over a line of 34 a's and a b takes longer than the
universe has left, and a running match cannot be interrupted from another thread. So a
user's pattern is compiled and matched in a separate Python process (`python -I -S`,
only `re` imported, started fresh in ~20 ms) that is killed when the time budget runs
out. Every way the pattern can fail (re.error, a repeat count past the engine's limit,
nesting past the recursion limit, the budget) comes back as one PatternError naming it.

The matches come back as one byte per character (1 inside a match), so the caller gets
exactly what `re.finditer` over the text would have covered. numpy-free, torch-free,
Textual-free.
"""

from __future__ import annotations

import struct
import subprocess
import sys

from lstm_tui.errors import UserError

BUDGET_S = 3.0  # a sane pattern over the largest text (cells --chars 1,000,000) takes under a second
_SHOWN = 80  # characters of a pattern quoted in a message

# Runs in the child: read the pattern and text, compile, match, write the mask. Exit
# 3 with a one-line reason on stdout when the pattern does not compile.
_WORKER = r"""
import re, struct, sys
raw = sys.stdin.buffer.read()
n = struct.unpack("<I", raw[:4])[0]
pattern = raw[4 : 4 + n].decode("utf-8", "surrogatepass")
text = raw[4 + n :].decode("utf-8", "surrogatepass")
try:
    compiled = re.compile(pattern)
except (re.error, OverflowError, RecursionError, ValueError, MemoryError, TypeError) as exc:
    why = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, RecursionError):
        why = "nested too deeply"
    elif isinstance(exc, OverflowError):
        why = "a repeat count is too large"
    elif isinstance(exc, MemoryError):
        why = "too large to compile"
    sys.stdout.buffer.write((why[:200] or type(exc).__name__).encode("utf-8", "replace"))
    sys.exit(3)
mask = bytearray(len(text))
for m in compiled.finditer(text):
    if m.end() > m.start():
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
sys.stdout.buffer.write(bytes(mask))
"""


class PatternError(UserError):
    """A user's regular expression does not compile, or ran past its time budget."""


def shown(pattern: str) -> str:
    """The pattern as a message quotes it: repr, cut to _SHOWN characters."""
    return repr(pattern if len(pattern) <= _SHOWN else pattern[:_SHOWN] + "…")


def match_mask(pattern: str, text: str, budget_s: float = BUDGET_S, flag: str = "regex") -> bytes:
    """One byte per character of `text`: 1 where a match of `pattern` covers it.

    Raises PatternError (naming `flag` and the pattern) when it does not compile or
    the match runs past `budget_s` seconds; the worker is killed then, so a runaway
    pattern costs at most the budget.
    """
    encoded = pattern.encode("utf-8", "surrogatepass")
    payload = struct.pack("<I", len(encoded)) + encoded + text.encode("utf-8", "surrogatepass")
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _WORKER],
            input=payload,
            capture_output=True,
            timeout=budget_s,
        )
    except subprocess.TimeoutExpired:
        raise PatternError(
            f"the {flag} {shown(pattern)} ran for more than {budget_s:g} s and was stopped "
            "(nested repeats such as (a+)+ can backtrack without end); simplify it"
        ) from None
    except OSError as exc:
        raise PatternError(f"cannot run the {flag} {shown(pattern)} ({exc.strerror or exc})") from None
    if done.returncode == 3:
        why = done.stdout.decode("utf-8", "replace").strip()
        raise PatternError(f"the {flag} {shown(pattern)} is not a valid regular expression ({why})")
    if done.returncode != 0 or len(done.stdout) != len(text):
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:120]
        reason = last or f"exit {done.returncode}"
        raise PatternError(f"the {flag} {shown(pattern)} could not be run ({reason}); simplify it")
    return done.stdout


def check_pattern(pattern: str, budget_s: float = BUDGET_S, flag: str = "regex") -> None:
    """PatternError unless `pattern` compiles (in the worker, under the budget)."""
    match_mask(pattern, "", budget_s, flag)
