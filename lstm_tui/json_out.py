"""The JSON the command line prints: strict JSON (RFC 8259), whatever the figures hold.

Python's json writes a float that is not a finite number as NaN, Infinity or -Infinity,
which no other parser accepts (JavaScript's JSON.parse, Go's encoding/json, serde, jq).
A loss that does not exist yet (a fine-tune's first evaluation comes before any
training step) or a mean over nothing is such a float, so every `--json` line of every
command is written by dumps() below: non-finite floats become null. No torch import.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """value with every float that is NaN or ±inf, at any depth, replaced by None.

    Dicts keep their keys; lists and tuples become lists (as JSON writes them anyway);
    anything else (str, int, bool, None) is returned as it is.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, indent: int | None = None) -> str:
    """value as strict JSON text: non-finite floats as null, text as UTF-8 characters
    (not \\u escapes). allow_nan=False makes a non-finite float that slipped past
    finite() an error here rather than invalid output."""
    return json.dumps(finite(value), ensure_ascii=False, allow_nan=False, indent=indent)
