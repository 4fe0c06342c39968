"""Sampling settings and prefix checks, without torch (the app validates fields with them)."""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import dataclass

from lstm_tui.errors import ConfigError

MAX_TEMPERATURE = 5.0
MAX_LENGTH = 1_000_000


@dataclass(frozen=True)
class PrefixCheck:
    """The usable part of a prefix and the characters that had to be skipped."""

    kept: str
    unknown: list[str]


def split_prefix(prefix: str, vocab: Container[str]) -> PrefixCheck:
    """Keep the characters the vocabulary knows; list the others once each, in order."""
    unknown: dict[str, None] = {}  # ordered and O(1): a prefix can hold 32,000 unknown characters
    for ch in prefix:
        if ch not in vocab:
            unknown[ch] = None
    return PrefixCheck("".join(ch for ch in prefix if ch in vocab), list(unknown))


def check_settings(temperature: float, length: int, top_k: int | None, seed: int | None = None) -> None:
    """Validate sampling settings; raise ConfigError with one clear line."""
    if seed is not None and (not isinstance(seed, int) or not 0 <= seed < 2**64):
        raise ConfigError(f"seed must be a whole number from 0 to 2**64-1, not {seed}")
    if not isinstance(temperature, (int, float)) or not math.isfinite(temperature):
        raise ConfigError(f"temperature must be a finite number, not {temperature}")
    if not 0.0 <= temperature <= MAX_TEMPERATURE:
        raise ConfigError(f"temperature must be between 0 and {MAX_TEMPERATURE:g}, not {temperature}")
    if not isinstance(length, int) or not 0 <= length <= MAX_LENGTH:
        raise ConfigError(f"length must be a whole number from 0 to {MAX_LENGTH}, not {length}")
    if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
        raise ConfigError(f"top-k must be a whole number ≥ 1, not {top_k}")
