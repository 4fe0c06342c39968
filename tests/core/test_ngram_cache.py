"""The n-gram baseline's cache: a round trip through the disk, and records that are
corrupt, edited by hand or of another text are rebuilt rather than believed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from lstm_tui.core import ngram_cache
from lstm_tui.core.ngram import Baseline, fit_baseline
from lstm_tui.core.ngram_cache import baseline_for, cache_file, clear_memory_cache
from lstm_tui.core.splits import split_bounds

TEXT = ("the cat sat on the mat. the dog sat on the log. a cat and a dog.\n" * 30) + "zebra quay!"


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    clear_memory_cache()  # each test has its own LSTM_TUI_HOME; don't let memory hide it


def test_cache_round_trip(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = baseline_for(TEXT)
    path = cache_file(first.sha256, split_bounds(len(TEXT)))
    assert path.is_file() and path.is_relative_to(isolated_home)
    clear_memory_cache()

    def no_fitting(*args: object, **kwargs: object) -> Baseline:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(ngram_cache, "fit_baseline", no_fitting)
    again = baseline_for(TEXT)
    assert again.to_json() == first.to_json()
    assert math.isclose(again.score("the dog"), first.score("the dog"), rel_tol=1e-12)  # counts again lazily
    assert baseline_for(TEXT) is again  # from memory now


@pytest.mark.parametrize("garbage", ["{not json", "[]", '{"version": 1}', "", '{"order": "x"}'])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(garbage: str) -> None:
    want = fit_baseline(TEXT).to_json()
    path = cache_file(want["sha256"], split_bounds(len(TEXT)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(garbage, encoding="utf-8")
    got = baseline_for(TEXT).to_json()
    assert {k: v for k, v in got.items() if k != "build_s"} == {k: v for k, v in want.items() if k != "build_s"}
    assert json.loads(path.read_text(encoding="utf-8"))["order"] == want["order"]  # rewritten whole


def test_a_cache_edited_by_hand_with_plausible_figures_is_not_trusted() -> None:
    good = baseline_for(TEXT)
    path = cache_file(good.sha256, split_bounds(len(TEXT)))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["checksum"]  # keyed by its own content
    record["test_loss"] = round(good.test_loss * 0.9, 6)  # plausible, but not what was computed
    path.write_text(json.dumps(record), encoding="utf-8")
    clear_memory_cache()
    assert ngram_cache.cached_baseline(TEXT) is None  # not believed
    assert baseline_for(TEXT).test_loss == pytest.approx(good.test_loss)  # fitted again
    assert json.loads(path.read_text(encoding="utf-8"))["test_loss"] == pytest.approx(good.test_loss, abs=1e-6)


def test_a_cache_file_of_another_text_is_not_trusted() -> None:
    good = baseline_for(TEXT)
    path = cache_file(good.sha256, split_bounds(len(TEXT)))
    record = json.loads(path.read_text(encoding="utf-8"))
    record["test_loss"] = 0.001
    record["chars"] = 7  # does not match the text: rebuilt rather than believed
    path.write_text(json.dumps(record), encoding="utf-8")
    clear_memory_cache()
    assert baseline_for(TEXT).test_loss == good.test_loss
