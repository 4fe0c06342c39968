"""Prefix checks for sampling, without torch (the app checks a prefix before torch loads)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass


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
