"""Reading the Sample pane's text fields into sampling settings, with one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.validation import Function
from textual.widgets import Input

from lstm_tui.core.sample_checks import MAX_LENGTH, check_settings
from lstm_tui.errors import ConfigError

MAX_UI_LENGTH = 20_000  # a longer stream is more than the view is for
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class SampleSettings:
    """Validated settings for one stream."""

    temperature: float
    length: int
    top_k: int | None  # None: every character may be drawn
    seed: int | None  # None: a fresh random seed each stream


def _whole(text: str, what: str, low: int, high: int) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise ConfigError(f"{what} must be a whole number, not {text.strip()!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{what} must be from {low} to {high}, not {value}")
    return value


def parse_length(text: str) -> int:
    """Characters to generate: 1 … 20,000."""
    return _whole(text, "length", 1, min(MAX_UI_LENGTH, MAX_LENGTH))


def parse_top_k(text: str) -> int | None:
    """Top-k: empty or 0 means off; otherwise ≥ 1."""
    if not text.strip():
        return None
    value = _whole(text, "top-k", 0, 1_000_000)
    return value or None


def parse_seed(text: str) -> int | None:
    """Seed: empty means random each time; otherwise a non-negative whole number."""
    if not text.strip():
        return None
    return _whole(text, "seed", 0, MAX_SEED)


def parse_settings(temperature: float, length: str, top_k: str, seed: str) -> SampleSettings:
    """All fields at once; ConfigError names the first bad one."""
    settings = SampleSettings(temperature, parse_length(length), parse_top_k(top_k), parse_seed(seed))
    check_settings(settings.temperature, settings.length, settings.top_k)
    return settings


Parser = Callable[[str], object]  # parse_length, parse_top_k or parse_seed


def _ok(parse: Parser, text: str) -> bool:
    """True when a field parser accepts the text (for Input validators)."""
    try:
        parse(text)
    except ConfigError:
        return False
    return True


def number_input(value: str, placeholder: str, id: str, parse: Parser) -> Input:
    """A compact Input marked invalid (red) whenever `parse` rejects its text."""
    return Input(
        value,
        placeholder=placeholder,
        id=id,
        compact=True,
        validators=[Function(partial(_ok, parse))],
        valid_empty=parse is not parse_length,  # only length must be given
    )
