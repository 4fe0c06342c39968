"""CharLSTM: a character-level LSTM language model with a fused or a scratch cell.

The scratch cell spells out the seed's gate equations over a Python loop in time,
        g = tanh(W_xg x + W_hg h + b_g)     i = σ(W_xi x + W_hi h + b_i)
        f = σ(W_xf x + W_hf h + b_f)        o = σ(W_xo x + W_ho h + b_o)
        c = f ⊙ c + i ⊙ g                  h = o ⊙ tanh(c)
and stores its weights under torch.nn.LSTM's names and layout (gates in i, f, g, o
order), so one state dict loads into either cell and both compute the same function.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

State = tuple[torch.Tensor, torch.Tensor]  # (h, c), each (layers, batch, hidden)


class ScratchLSTM(nn.Module):
    """Multi-layer LSTM written out gate by gate; same parameters as nn.LSTM."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int, dropout: float) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.dropout = dropout
        for k in range(num_layers):
            n_in = input_size if k == 0 else hidden_size
            self.register_parameter(f"weight_ih_l{k}", nn.Parameter(torch.empty(4 * hidden_size, n_in)))
            self.register_parameter(f"weight_hh_l{k}", nn.Parameter(torch.empty(4 * hidden_size, hidden_size)))
            self.register_parameter(f"bias_ih_l{k}", nn.Parameter(torch.empty(4 * hidden_size)))
            self.register_parameter(f"bias_hh_l{k}", nn.Parameter(torch.empty(4 * hidden_size)))
        bound = 1.0 / math.sqrt(hidden_size)  # nn.LSTM's initialisation
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x: torch.Tensor, state: State) -> tuple[torch.Tensor, State]:
        """x: (batch, time, input) → outputs (batch, time, hidden) and the new state."""
        h_all, c_all = state
        layer_input = x
        new_h, new_c = [], []
        for k in range(self.num_layers):
            w_ih, w_hh = getattr(self, f"weight_ih_l{k}"), getattr(self, f"weight_hh_l{k}")
            b = getattr(self, f"bias_ih_l{k}") + getattr(self, f"bias_hh_l{k}")
            # The input projection for all time steps at once; the recurrence stays a loop.
            x_proj = layer_input @ w_ih.t() + b
            h, c = h_all[k], c_all[k]
            outputs = []
            for t in range(x_proj.shape[1]):
                gates = x_proj[:, t] + h @ w_hh.t()
                i, f, g, o = gates.chunk(4, dim=1)
                i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
                c = f * c + i * g
                h = o * torch.tanh(c)
                outputs.append(h)
            layer_input = torch.stack(outputs, dim=1)
            if self.dropout > 0 and k < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, self.training)
            new_h.append(h)
            new_c.append(c)
        return layer_input, (torch.stack(new_h), torch.stack(new_c))


def _embedding(vocab_size: int, embed: int) -> nn.Embedding:
    """nn.Embedding with its usual N(0, 1) start, drawn here rather than by the module so
    that a weightless (meta) model skips it: normal_ on a meta tensor imports
    torch._dynamo, 1.0–1.5 s added to every process that loads or checks a run."""
    weight = torch.empty(vocab_size, embed)
    if not weight.is_meta:
        nn.init.normal_(weight)
    return nn.Embedding(vocab_size, embed, _weight=weight)


class CharLSTM(nn.Module):
    """Embedding (or one-hot) → LSTM → linear head over the vocabulary (or tied to the embedding)."""

    def __init__(
        self,
        vocab_size: int,
        embed: int = 64,
        hidden: int = 256,
        layers: int = 1,
        dropout: float = 0.0,
        cell: str = "fused",
        one_hot: bool = False,
        tie: bool = False,
        init_std: float | None = None,
    ) -> None:
        super().__init__()
        if cell not in ("fused", "scratch"):
            raise ValueError(f"cell must be 'fused' or 'scratch', not {cell!r}")
        if tie and one_hot:
            raise ValueError("a tied output layer needs an embedding, not one-hot input")
        self.vocab_size, self.hidden, self.layers = vocab_size, hidden, layers
        self.one_hot, self.cell = one_hot, cell
        input_size = vocab_size if one_hot else embed
        self.embed = None if one_hot else _embedding(vocab_size, embed)
        rnn_dropout = dropout if layers > 1 else 0.0
        if cell == "fused":
            self.rnn: nn.Module = nn.LSTM(input_size, hidden, layers, batch_first=True, dropout=rnn_dropout)
        else:
            self.rnn = ScratchLSTM(input_size, hidden, layers, rnn_dropout)
        self.dropout = dropout
        if tie:
            # hidden → embed, then scored against the embedding table itself: the
            # vocabulary-sized product shrinks from hidden × V to embed × V per character.
            self.proj: nn.Linear | None = nn.Linear(hidden, embed, bias=False)
            self.out_bias: nn.Parameter | None = nn.Parameter(torch.zeros(vocab_size))
            self.head: nn.Linear | None = None
        else:
            self.proj, self.out_bias = None, None
            self.head = nn.Linear(hidden, vocab_size)
        if init_std is not None:
            self._init_normal(init_std)

    def _init_normal(self, std: float) -> None:
        """Every weight and bias from N(0, std²), as the seed's notebook does.

        nn.LSTM's layout adds two biases per gate (bias_ih + bias_hh) where the notebook
        has one: bias_hh starts at zero so the sum has the notebook's N(0, std²).
        """
        with torch.no_grad():
            for name, p in self.named_parameters():
                if p.is_meta:
                    return  # a weightless model (see _embedding)
                if name.rpartition(".")[2].startswith("bias_hh"):
                    p.zero_()
                else:
                    p.normal_(0.0, std)

    def init_state(self, batch: int, device: torch.device | str = "cpu") -> State:
        """Zero (h, c) for a batch."""
        z = torch.zeros(self.layers, batch, self.hidden, device=device)
        return z, z.clone()

    def forward(self, x: torch.Tensor, state: State | None = None) -> tuple[torch.Tensor, State]:
        """x: (batch, time) int64 ids → logits (batch, time, vocab) and the new state."""
        out, state = self.features(x, state)
        return self.logits(out), state

    def features(self, x: torch.Tensor, state: State | None = None) -> tuple[torch.Tensor, State]:
        """x: (batch, time) ids → what the output layer reads (batch, time, hidden), new state.

        Training calls this and fuses the output layer with the loss (core/loss.py).
        """
        if state is None:
            state = self.init_state(x.shape[0], x.device)
        if self.embed is None:
            inp = F.one_hot(x, self.vocab_size).to(self.rnn.get_parameter("weight_ih_l0").dtype)
        else:
            inp = self.embed(x)
        out, state = self.rnn(inp, state)
        if self.training and self.dropout > 0:
            # One mask per sequence, shared by every time step ("locked" dropout, as in
            # AWD-LSTM): 1/time as many random draws as nn.Dropout, which cost ~20% of a
            # step here, and it regularised as well on Tiny Shakespeare (1.4935 against
            # 1.4938 after 3,600 steps at 0.1).
            keep = 1.0 - self.dropout
            mask = out.new_empty(out.shape[0], 1, out.shape[2]).bernoulli_(keep).div_(keep)
            out = out * mask
        if self.proj is not None:
            out = self.proj(out)
        return out, state

    def logits(self, features: torch.Tensor) -> torch.Tensor:
        """Scores over the vocabulary for what `features` returned."""
        weight, bias = self.output_layer()
        return F.linear(features, weight, bias)

    def output_layer(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(weight (vocab, features), bias): the embedding table itself when tied."""
        if self.head is not None:
            return self.head.weight, self.head.bias
        assert self.embed is not None and self.out_bias is not None
        return self.embed.weight, self.out_bias
