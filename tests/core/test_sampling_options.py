"""SamplingOptions: one checked object, its bounds defined once and shared."""

from __future__ import annotations

import dataclasses

import pytest

from lstm_tui.core import sampling_options as so
from lstm_tui.core.sampling_options import SamplingOptions
from lstm_tui.errors import ConfigError


def test_the_bounds_themselves_are_accepted() -> None:
    SamplingOptions(temperature=so.MIN_TEMPERATURE, length=0, seed=0, top_k=1)
    SamplingOptions(temperature=so.MAX_TEMPERATURE, length=so.MAX_LENGTH, seed=so.MAX_SEED, top_k=so.MAX_TOP_K)


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"temperature": so.MAX_TEMPERATURE + 0.01}, "temperature must be between 0 and 2"),
        ({"temperature": -0.01}, "temperature"),
        ({"temperature": float("nan")}, "temperature must be a finite number"),
        ({"temperature": True}, "temperature"),
        ({"top_k": 0}, "top-k"),  # off is None, never 0
        ({"top_k": so.MAX_TOP_K + 1}, "top-k"),
        ({"top_k": 2.5}, "top-k"),
        ({"length": -1}, "length"),
        ({"length": so.MAX_LENGTH + 1}, "length"),
        ({"seed": -1}, "seed"),
        ({"seed": so.MAX_SEED + 1}, "seed"),
        ({"pure": 1}, "pure"),
    ],
)
def test_a_bad_value_is_one_line_naming_it(changes: dict, named: str) -> None:
    with pytest.raises(ConfigError, match=named) as caught:
        SamplingOptions(**changes)
    assert "\n" not in str(caught.value)


def test_replace_checks_again() -> None:
    # compare mode derives its side columns with replace(): a bad temperature still fails
    with pytest.raises(ConfigError, match="temperature"):
        dataclasses.replace(SamplingOptions(), temperature=9.0)


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SamplingOptions().temperature = 1.0  # type: ignore[misc]
