"""Sampling settings as one object, and the bounds every front end reads them within.

`SamplingOptions` travels from a CLI flag or a Sample pane field down to the sampler
(core/sampling.py) whole; building one checks it, so a sampler never sees a bad value.
The bounds are defined here once: the CLI's checks, the Sample pane's slider and
fields, and settings.toml's reader all use these names. Torch-free and Textual-free:
the app validates its fields with it before torch has loaded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lstm_tui.errors import ConfigError

MIN_TEMPERATURE = 0.0  # greedy (argmax)
# Above 2 a char-LSTM's text is close to uniform noise; the slider ends where the CLI does.
MAX_TEMPERATURE = 2.0
DEFAULT_TEMPERATURE = 0.8
MAX_LENGTH = 1_000_000  # characters one sample may ask for (0 writes the prefix only)
MAX_APP_LENGTH = 20_000  # the Sample pane's limit: a longer stream is more than its view is for
DEFAULT_LENGTH = 500
# top-k has one encoding for "off": None (every character may be drawn). A k at least
# the vocabulary's size draws from every character too, but is still a number.
MAX_TOP_K = 1_000_000
MAX_SEED = 2**64 - 1  # numpy's generator takes any non-negative integer; this keeps it one word


@dataclass(frozen=True)
class SamplingOptions:
    """How to sample: checked when built (ConfigError with one line naming the value)."""

    temperature: float = DEFAULT_TEMPERATURE
    top_k: int | None = None  # None: off
    length: int = DEFAULT_LENGTH  # new characters, the prefix not counted
    seed: int | None = None  # None: a fresh random seed each time
    pure: bool = False  # the LSTM alone, even for a run trained as a hybrid with its n-gram

    def __post_init__(self) -> None:
        t, k, n, s = self.temperature, self.top_k, self.length, self.seed
        # bool is an int to Python, but True is no temperature, length or seed
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t):
            raise ConfigError(f"temperature must be a finite number, not {t}")
        if not MIN_TEMPERATURE <= t <= MAX_TEMPERATURE:
            raise ConfigError(f"temperature must be between {MIN_TEMPERATURE:g} and {MAX_TEMPERATURE:g}, not {t}")
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_TOP_K):
            raise ConfigError(f"top-k must be a whole number from 1 to {MAX_TOP_K}, or off, not {k}")
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_LENGTH:
            raise ConfigError(f"length must be a whole number from 0 to {MAX_LENGTH}, not {n}")
        if s is not None and (isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= MAX_SEED):
            raise ConfigError(f"seed must be a whole number from 0 to 2**64-1, not {s}")
        if not isinstance(self.pure, bool):
            raise ConfigError(f"pure must be true or false, not {self.pure!r}")
