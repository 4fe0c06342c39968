"""Tiny corpora and configs so core tests train in well under a second."""

from __future__ import annotations

from lstm_tui.core.config import TrainConfig, preset
from lstm_tui.core.corpus import Corpus, build_corpus

TEXT = "the cat sat on the mat. the dog sat on the log.\n" * 40


def tiny_corpus(text: str = TEXT) -> Corpus:
    return build_corpus(text, "tiny")


def tiny_config(**changes: object) -> TrainConfig:
    base = preset("default").with_(
        embed=8,
        hidden=24,
        seq_len=16,
        batch_size=4,
        lr=0.01,
        warmup_steps=0,
        steps=30,
        eval_every_s=1e9,
        sample_every_s=1e9,
        checkpoint_every_s=1e9,
        sample_length=20,
        threads=1,
        precision="fp32",
    )
    return base.with_(**changes)  # type: ignore[arg-type]
