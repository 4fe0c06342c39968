"""Fuzzing: decoding, the Aozora cleaner, prefix handling and config validation raise
nothing but their documented errors (CorpusError / ConfigError)."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_tui.core import aozora
from lstm_tui.core.config import PRESETS, TrainConfig, preset
from lstm_tui.core.encoding import decode_bytes
from lstm_tui.errors import ConfigError, CorpusError

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# bytes that look like the things the decoder must tell apart
_SNIPPETS = [
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\r\n",
    b"\x89PNG",
    b"PK\x03\x04",
    "こんにちは".encode(),
    "こんにちは".encode("cp932"),
    "こんにちは".encode("euc_jp"),
    "こんにちは".encode("utf-16-le"),
    b"\x82",
    b"\xa4",
    b"\x8f\xa1\xa1",
]
byte_soup = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(_SNIPPETS) | st.binary(max_size=8), max_size=60).map(b"".join),
)


@FUZZ
@given(byte_soup)
def test_decode_bytes_raises_only_corpus_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except CorpusError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text, str) and "\r" not in text and "\x00" not in text


_AOZORA_BITS = [
    "《",
    "》",
    "｜",
    "［＃",
    "］",
    "※",
    "／＼",
    "／″＼",
    "底本：",
    "青空文庫",
    "\n",
    "-" * 55,
    aozora.NOTATION_BLOCK,
    "U+2000B",
    "第3水準1-85-54",
    "2-12-93",
    "漢字",
    "かな",
    "\r\n",
    "\x00",
]
aozora_text = st.one_of(
    st.text(max_size=500),
    st.lists(st.sampled_from(_AOZORA_BITS) | st.text(max_size=5), max_size=80).map("".join),
)


@FUZZ
@given(aozora_text)
def test_aozora_cleaner_never_raises_and_leaves_no_markup(text: str) -> None:
    out = aozora.clean_aozora(text)
    for mark in ("《", "》", "｜", "［＃", "／＼", "／″＼"):
        assert mark not in out
    assert out == "" or out.endswith("\n")
    aozora.clean_markup(text)
    aozora.is_aozora(text)


@pytest.fixture(scope="module")
def tiny_model():
    from lstm_tui.core.training import Trainer
    from tests.core.helpers import tiny_config, tiny_corpus

    trainer = Trainer(tiny_config(steps=1), tiny_corpus(), None)
    return trainer.snapshot(), trainer.vocab


@FUZZ
@given(
    prefix=st.text(max_size=60),
    temperature=st.floats(allow_nan=True, allow_infinity=True) | st.just(0.0),
    top_k=st.none() | st.integers(-3, 100),
    seed=st.integers(0, 2**63 - 1),
)
def test_sampler_prefix_handling(tiny_model, prefix: str, temperature: float, top_k: int | None, seed: int) -> None:
    from lstm_tui.core.sample_checks import split_prefix
    from lstm_tui.core.sampling import stream
    from lstm_tui.core.sampling_options import SamplingOptions

    model, vocab = tiny_model
    check = split_prefix(prefix, vocab)
    assert all(c in vocab for c in check.kept)
    assert all(c not in vocab for c in check.unknown) and len(set(check.unknown)) == len(check.unknown)
    stop = threading.Event()
    try:
        out = []
        options = SamplingOptions(temperature=temperature, top_k=top_k, length=8, seed=seed)
        for ch in stream(model, vocab, prefix, options, stop):
            out.append(ch)
            if len(out) == 5:
                stop.set()
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    assert len(out) == 5 and all(c in vocab for c in out)


def test_a_tiny_positive_temperature(tiny_model) -> None:
    from lstm_tui.core.sampling import sample_text

    model, vocab = tiny_model
    assert len(sample_text(model, vocab, "the ", 5, 1e-300, seed=1)) == 5


_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=8)
    | st.lists(st.integers(), max_size=2)
)
_FIELDS = [f.name for f in dataclasses.fields(TrainConfig)]


def test_config_with_a_list_as_preset() -> None:
    with pytest.raises(ConfigError, match="preset"):
        TrainConfig(**{**preset("default").to_dict(), "preset": []}).validate()


@FUZZ
@given(st.dictionaries(st.sampled_from(_FIELDS), _VALUES, max_size=6))
def test_config_validation_raises_only_config_error(changes: dict) -> None:
    fields = {**preset("default").to_dict(), **changes}
    try:
        TrainConfig(**fields).validate()
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc)


# Fields set to values some preset uses: mostly a valid run.json, so that the accepted
# path is exercised too (random values are nearly always refused).
_PRESET_VALUES = [(name, value) for p in PRESETS for name, value in preset(p).to_dict().items()]
run_json_changes = st.one_of(
    st.dictionaries(st.text(max_size=10) | st.sampled_from(_FIELDS), _VALUES, max_size=6),
    st.lists(st.sampled_from(_PRESET_VALUES), max_size=6).map(dict),
)


@FUZZ
@given(st.sampled_from(sorted(PRESETS)), run_json_changes)
def test_config_from_run_json_raises_only_config_error(base: str, data: dict) -> None:
    """A run.json (a preset's config with some fields changed) read back is either
    refused with a ConfigError that says why, or accepted exactly as written: never a
    field it does not know, never a value changed or dropped."""
    written = {**preset(base).to_dict(), **data}
    unknown = set(data) - set(_FIELDS)
    try:
        config = TrainConfig.from_dict(written)
    except ConfigError as exc:
        assert str(exc)
        # a hand-edited run.json with a misspelt field: the message names it
        assert all(name in str(exc) for name in unknown), (str(exc), unknown)
        return
    assert not unknown, f"fields {unknown} were accepted, not refused"
    assert config.to_dict() == written
