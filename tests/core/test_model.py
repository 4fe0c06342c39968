"""The scratch cell is the fused cell written out: same outputs and gradients; a
weightless (meta) model is built without importing torch._dynamo."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch
from torch import nn

from lstm_tui.core.model import CharLSTM


@pytest.mark.parametrize("layers,one_hot", [(1, False), (2, False), (1, True)])
def test_scratch_and_fused_cells_agree(layers: int, one_hot: bool) -> None:
    torch.manual_seed(0)
    fused = CharLSTM(17, embed=8, hidden=12, layers=layers, cell="fused", one_hot=one_hot).double()
    scratch = CharLSTM(17, embed=8, hidden=12, layers=layers, cell="scratch", one_hot=one_hot).double()
    scratch.load_state_dict(fused.state_dict())  # same names, same layout
    x = torch.randint(0, 17, (3, 9))
    h0 = torch.randn(layers, 3, 12, dtype=torch.double)
    c0 = torch.randn(layers, 3, 12, dtype=torch.double)

    out_f, (h_f, c_f) = fused(x, (h0, c0))
    out_s, (h_s, c_s) = scratch(x, (h0, c0))
    # float64: the two cells compute the same function, so only rounding separates them
    torch.testing.assert_close(out_s, out_f, atol=1e-9, rtol=0)
    torch.testing.assert_close(h_s, h_f, atol=1e-9, rtol=0)
    torch.testing.assert_close(c_s, c_f, atol=1e-9, rtol=0)

    out_f.square().sum().backward()
    out_s.square().sum().backward()
    grads_f = dict(fused.named_parameters())
    for name, p in scratch.named_parameters():
        torch.testing.assert_close(p.grad, grads_f[name].grad, atol=1e-9, rtol=0, msg=name)


def test_float32_cells_agree_within_1e5() -> None:
    torch.manual_seed(1)
    fused = CharLSTM(30, embed=16, hidden=32, cell="fused")
    scratch = CharLSTM(30, embed=16, hidden=32, cell="scratch")
    scratch.load_state_dict(fused.state_dict())
    x = torch.randint(0, 30, (4, 20))
    a, _ = fused(x)
    b, _ = scratch(x)
    assert (a - b).abs().max().item() < 1e-5


def test_logits_shape_and_state_carry() -> None:
    m = CharLSTM(10, embed=4, hidden=6, layers=2)
    x = torch.randint(0, 10, (2, 5))
    logits, state = m(x)
    assert logits.shape == (2, 5, 10)
    assert state[0].shape == (2, 2, 6)
    # feeding the text in two halves with the state carried equals one pass
    m.eval()
    whole, _ = m(x)
    first, st = m(x[:, :3])
    second, _ = m(x[:, 3:], st)
    torch.testing.assert_close(torch.cat([first, second], 1), whole)


def test_unknown_cell_is_refused() -> None:
    with pytest.raises(ValueError):
        CharLSTM(5, cell="gru")


def test_tied_head_scores_against_the_embedding() -> None:
    torch.manual_seed(2)
    tied = CharLSTM(3000, embed=16, hidden=32, tie=True)
    plain = CharLSTM(3000, embed=16, hidden=32)
    x = torch.randint(0, 3000, (2, 5))
    logits, _ = tied(x)
    assert logits.shape == (2, 5, 3000)
    # the vocabulary-sized matrix is the embedding itself: far fewer parameters
    n_tied = sum(p.numel() for p in tied.parameters())
    n_plain = sum(p.numel() for p in plain.parameters())
    assert n_plain - n_tied == 32 * 3000 - 32 * 16
    # each character's score is its embedding row against the projected LSTM output
    with torch.no_grad():
        out, _ = tied.rnn(tied.embed(x), tied.init_state(2))
        expected = tied.proj(out) @ tied.embed.weight.t() + tied.out_bias
    torch.testing.assert_close(logits, expected)
    with pytest.raises(ValueError):
        CharLSTM(10, tie=True, one_hot=True)


@pytest.mark.parametrize("cell", ["fused", "scratch"])
def test_normal_init_is_the_notebooks(cell: str) -> None:
    torch.manual_seed(3)
    m = CharLSTM(400, hidden=256, cell=cell, one_hot=True, init_std=0.01)
    params = dict(m.named_parameters())
    assert not params["rnn.bias_hh_l0"].any()  # the input bias alone is the notebook's one bias
    for name in ("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "head.weight", "head.bias"):
        p = params[name]
        n = p.numel()  # five standard errors either way: a wrong std or mean fails, chance does not
        assert abs(p.mean().item()) < 5 * 0.01 / n**0.5, name
        assert p.std().item() == pytest.approx(0.01, rel=5 / (2 * n) ** 0.5), name


def test_the_embedding_starts_as_nn_embedding_would() -> None:
    # The model draws the embedding's N(0, 1) itself (model._embedding): a seeded run
    # must start from the same weights as when nn.Embedding drew them.
    torch.manual_seed(5)
    expected = nn.Embedding(40, 8).weight.detach().clone()
    torch.manual_seed(5)
    assert torch.equal(CharLSTM(40, embed=8).embed.weight.detach(), expected)


def test_a_weightless_model_does_not_import_torch_dynamo() -> None:
    # normal_ on a meta tensor imports torch._dynamo (1-1.5 s); load_run and the memory
    # check build a meta model in every process that loads or trains a run.
    code = (
        "import sys, torch\n"
        "from lstm_tui.core.model import CharLSTM\n"
        "with torch.device('meta'):\n"
        "    m = CharLSTM(300, embed=16, hidden=32, layers=2, tie=True, init_std=0.1)\n"
        "assert m.embed.weight.is_meta\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"
