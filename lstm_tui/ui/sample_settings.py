"""Reading the Sample pane's fields into SamplingOptions (core/sampling_options.py), with one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.validation import Function
from textual.widgets import Input

from lstm_tui.core.sampling_options import MAX_APP_LENGTH, MAX_SEED, MAX_TOP_K, SamplingOptions
from lstm_tui.errors import ConfigError


def _whole(text: str, what: str, low: int, high: int) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise ConfigError(f"{what} must be a whole number, not {text.strip()!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{what} must be from {low} to {high}, not {value}")
    return value


def parse_length(text: str) -> int:
    """Characters to generate: 1 … MAX_APP_LENGTH."""
    return _whole(text, "length", 1, MAX_APP_LENGTH)


def parse_top_k(text: str) -> int | None:
    """Top-k: empty is off (None, as in SamplingOptions); otherwise 1 … MAX_TOP_K."""
    if not text.strip():
        return None
    return _whole(text, "top-k", 1, MAX_TOP_K)


def top_k_text(top_k: int | None) -> str:
    """What the top-k field shows for a value: empty when off."""
    return "" if top_k is None else str(top_k)


def parse_seed(text: str) -> int | None:
    """Seed: empty means random each time; otherwise a whole number 0 … MAX_SEED."""
    if not text.strip():
        return None
    return _whole(text, "seed", 0, MAX_SEED)


def parse_options(temperature: float, length: str, top_k: str, seed: str, pure: bool) -> SamplingOptions:
    """The Sample pane's controls as SamplingOptions; ConfigError names the first bad one."""
    return SamplingOptions(
        temperature=temperature, top_k=parse_top_k(top_k), length=parse_length(length), seed=parse_seed(seed), pure=pure
    )


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
