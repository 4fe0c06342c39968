"""Starting a run from another: vocabulary extension and weight transplant (core/finetune.py)."""

from __future__ import annotations

import json

import pytest
import torch

from lstm_tui.core.config import ARCHITECTURE, FINETUNE_CHANGES, FINETUNE_MIN_LR, finetune_config, finetune_lr
from lstm_tui.core.corpus import Vocab, build_corpus
from lstm_tui.core.finetune import StartFrom, child_vocab, transplant
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.training import Trainer
from lstm_tui.core.unknown import UNKNOWN
from tests.core.helpers import TEXT, tiny_config

PARENT_CHARS = "".join(sorted(set(TEXT) | {UNKNOWN}))


def _parent(tie: bool) -> tuple[CharLSTM, Vocab]:
    torch.manual_seed(0)
    vocab = Vocab(PARENT_CHARS)
    return CharLSTM(len(vocab), embed=8, hidden=12, layers=2, tie=tie).eval(), vocab


def test_child_vocab_adds_the_new_characters_in_code_point_order() -> None:
    parent = Vocab(PARENT_CHARS)
    vocab, added = child_vocab(parent, "the cat ate a 猫 and a 犬 犬")
    assert added == ["犬", "猫"]  # most frequent first
    assert set(vocab.chars) == set(PARENT_CHARS) | {"猫", "犬"}
    assert child_vocab(parent, "the cat")[0] is parent  # nothing new: the parent's own


@pytest.mark.parametrize("tie", [False, True])
def test_transplant_keeps_every_known_logit_and_starts_new_rows_from_unknown(tie: bool) -> None:
    parent, pv = _parent(tie)
    vocab, _ = child_vocab(pv, TEXT + "猫A")
    child = transplant(parent, pv, CharLSTM(len(vocab), embed=8, hidden=12, layers=2, tie=tie).eval(), vocab)
    text = "the dog sat"
    with torch.no_grad():
        p_logits, _ = parent(pv.encode(text).long()[None])
        c_logits, _ = child(vocab.encode(text).long()[None])
    for ch in PARENT_CHARS:
        assert torch.allclose(c_logits[..., vocab.stoi[ch]], p_logits[..., pv.stoi[ch]])
    for ch in "猫A":  # a new character is scored as the parent scored UNKNOWN
        assert torch.allclose(c_logits[..., vocab.stoi[ch]], p_logits[..., pv.stoi[UNKNOWN]])
    with torch.no_grad():  # and read like UNKNOWN: the same next-character scores after it
        after_new, _ = child(vocab.encode("the 猫").long()[None])
        after_unk, _ = child(vocab.encode(f"the {UNKNOWN}").long()[None])
    assert torch.allclose(after_new[0, -1], after_unk[0, -1])


def test_a_parent_without_unknown_gives_new_rows_the_mean_row() -> None:
    torch.manual_seed(0)
    pv = Vocab("".join(sorted(set(TEXT))))
    parent = CharLSTM(len(pv), embed=8, hidden=12).eval()
    vocab, _ = child_vocab(pv, TEXT + "Z")
    child = transplant(parent, pv, CharLSTM(len(vocab), embed=8, hidden=12), vocab)
    assert torch.allclose(child.embed.weight[vocab.stoi["Z"]], parent.embed.weight.mean(dim=0))


def test_finetune_config_keeps_the_parent_architecture() -> None:
    parent = tiny_config(hidden=40, layers=2, embed=12, tie=True)
    config = finetune_config(parent, 3000, 20_000)
    assert all(getattr(config, k) == getattr(parent, k) for k in ARCHITECTURE)
    assert config.lr == finetune_lr(20_000) and config.early_stop == FINETUNE_CHANGES["early_stop"]


def test_the_fine_tuning_rate_grows_with_the_text_up_to_the_full_rate() -> None:
    rates = [finetune_lr(n) for n in (100, 10_000, 25_000, 50_000, 100_000, 1_000_000)]
    assert rates == sorted(rates) and rates[0] == FINETUNE_MIN_LR
    assert rates[-2] == rates[-1] == FINETUNE_CHANGES["lr"] == finetune_lr(None)
    assert FINETUNE_MIN_LR < finetune_lr(25_000) < FINETUNE_CHANGES["lr"]


def test_a_run_started_from_a_parent_records_it(tmp_path) -> None:  # noqa: ANN001
    parent, pv = _parent(tie=False)
    text = TEXT + "猫\n"
    vocab, added = child_vocab(pv, text)
    config = tiny_config(embed=8, hidden=12, layers=2, steps=5)
    model = transplant(parent, pv, CharLSTM(len(vocab), embed=8, hidden=12, layers=2), vocab)
    start = StartFrom("parent-run", str(tmp_path / "parent"), config, model, vocab, added)
    out = tmp_path / "child"
    last = Trainer(config, build_corpus(text, "c", vocab=vocab), out, start=start).run()
    assert last.to_dict()["from"] == "parent-run"
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["from"] == {"name": "parent-run", "path": str(tmp_path / "parent"), "added": 1}
    assert meta["vocab"] == vocab.chars


def test_a_fine_tune_is_evaluated_before_its_first_step(tmp_path) -> None:  # noqa: ANN001
    parent, pv = _parent(tie=False)
    vocab, added = child_vocab(pv, TEXT)
    config = tiny_config(embed=8, hidden=12, layers=2, steps=3)
    model = transplant(parent, pv, CharLSTM(len(vocab), embed=8, hidden=12, layers=2), vocab)
    events = list(Trainer(config, build_corpus(TEXT, "c", vocab=vocab), None, start=StartFrom(
        "p", "p", config, model, vocab, added)).events())  # fmt: skip
    first = next(e for e in events if e.name == "evaluated")
    assert first.step == 0  # the parent itself is the first best: training must beat it
