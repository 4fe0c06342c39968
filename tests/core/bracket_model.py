"""A CharLSTM whose weights are set by hand so that one unit tracks "inside 「」"."""

from __future__ import annotations

import torch

from lstm_tui.core.corpus import Vocab
from lstm_tui.core.model import CharLSTM

BRACKET_TEXT = (
    "今日は「晴れです」と言った。彼は「雨かな」と答えた。\n"
    "写真を撮った。「楽しかったね」と笑った。明日も晴れるといい。\n"
    "「また来てね」と手を振った。おはようございます。\n"
) * 12
UNIT = 5  # the unit that tracks 「」
HIDDEN = 16


def bracket_model(vocab: Vocab, unit: int = UNIT, hidden: int = HIDDEN) -> CharLSTM:
    """Random weights everywhere except unit `unit`, whose input, forget and output
    gates are open and whose candidate g is +1 on 「 and −1 on 」 (through embedding
    dimension 0), so its c is ~1 inside 「」 and ~0 outside."""
    torch.manual_seed(1)
    model = CharLSTM(len(vocab), embed=8, hidden=hidden).eval()
    rnn, h = model.rnn, hidden
    with torch.no_grad():
        model.embed.weight[:, 0] = 0.0
        model.embed.weight[vocab.stoi["「"], 0] = 1.0
        model.embed.weight[vocab.stoi["」"], 0] = -1.0
        for gate in range(4):  # i, f, g, o rows of this unit
            row = gate * h + unit
            rnn.weight_ih_l0[row] = 0.0
            rnn.weight_hh_l0[row] = 0.0
            rnn.bias_hh_l0[row] = 0.0
            rnn.bias_ih_l0[row] = 10.0 if gate != 2 else 0.0
        rnn.weight_ih_l0[2 * h + unit, 0] = 10.0  # g = tanh(±10) on the brackets, 0 elsewhere
    return model
