"""Reading a text through a CharLSTM: per-character probability, rank, surprisal,
entropy and top-k, and optionally every unit's h and c after each character.

One forward pass over the whole text (the fused nn.LSTM, in float32 whatever precision
the run trained in, so the figures are exact), then the output layer a block of rows at
a time so a 3,000-character vocabulary never holds all the logits at once.

h and c per step: torch.nn.LSTM returns only the last layer's h for every step, and its
c only for the last step. Rather than a Python step loop over the whole cell (what the
scratch cell does: a matrix-vector product and six element-wise ops per character), each
layer runs fused for its h sequence, all gates are then recomputed from (x_t, h_{t-1})
in one matrix product, and c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t is the only loop left: a
multiply and an add per character, in numpy. benchmarks/inspection.py measures the two
(results/inspection.json).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lstm_tui.core.corpus import Vocab
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.readout import Readout
from lstm_tui.errors import UserError

ROWS_PER_BLOCK = 2048  # output-layer rows scored at once: 2,048 × 3,000 floats ≈ 25 MB


def known_mask(text: str, vocab: Vocab) -> np.ndarray:
    """(n,) bool: which characters of the text the vocabulary holds."""
    return np.fromiter((c in vocab.stoi for c in text), dtype=bool, count=len(text))


def eval_segments(count: int, batch: int = 32) -> list[tuple[int, int]]:
    """The stretches core/evaluation.evaluate reads from a zero state, for `count` ids.

    evaluate cuts a split into up to `batch` contiguous streams (plus a short tail), each
    starting from a zero state; the first characters of each stream are predicted with
    little context, so on a 2,406-character test split (the since removed ja-posts') one continuous read scores
    0.043 nats/char lower than eval. Reading a split in these same stretches makes
    `inspect`'s mean eval's figure.
    """
    n = count - 1
    streams = max(1, min(batch, n // 64))
    length = n // streams
    segments = [(s * length, (s + 1) * length) for s in range(streams)]
    if streams * length < n:
        segments.append((streams * length, n))
    return segments


def inspect_split(
    model: CharLSTM,
    vocab: Vocab,
    split: str,
    limit: int | None = None,
    top_k: int = 10,
    states: bool = False,
) -> Readout:
    """Read a held-out split (every character in the vocabulary) as `eval` reads it: in
    its stretches, each from a zero state (eval_segments), so each character's figures
    are the ones eval averages. `limit` reads only the first `limit` characters, in the
    same stretches cut there; a split that fits gives eval's loss as its mean. The one
    reading of a split: the command line's `inspect --corpus` and the Inspect pane."""
    segments = eval_segments(len(split))
    if limit is not None and limit < len(split):
        split = split[:limit]
        segments = [(a, min(b, limit)) for a, b in segments if a < limit - 1]
    # eval's last stretch ends before the final character, which it only predicts; read it
    # too, or its h and c rows would be left unwritten (the predictions do not change)
    a, _ = segments[-1]
    segments[-1] = (a, len(split))
    return inspect_text(model, vocab, split, top_k=top_k, states=states, segments=segments)


def inspect_text(
    model: CharLSTM,
    vocab: Vocab,
    text: str,
    top_k: int = 10,
    states: bool = False,
    segments: list[tuple[int, int]] | None = None,
    predictions: bool = True,
) -> Readout:
    """Read `text` with `model` from a zero state and return a Readout (core/readout.py).

    Characters outside the vocabulary are skipped, as the sampler skips them in a prefix:
    the model reads the known characters as one sequence. `segments` (ranges over the
    known characters, see eval_segments) instead reads each stretch from its own zero
    state; each still predicts the character after its end. `predictions` False skips
    the output layer (a cell search needs only the states: at a 2,758-character
    vocabulary the output layer is most of the work) and leaves every figure NaN.
    Raises UserError when fewer than two characters are known (nothing would be predicted).
    """
    if not text:
        raise UserError("the text is empty: give some text to inspect")
    if top_k < 1:
        raise UserError(f"--top-k must be at least 1, not {top_k}")
    known = known_mask(text, vocab)
    positions = np.flatnonzero(known)
    m = len(positions)
    if m < 2:
        raise UserError(f"the text holds {m} character(s) the model knows; it needs at least 2 to predict one")
    ids = torch.tensor([vocab.stoi[text[i]] for i in positions], dtype=torch.int64)
    n, k = len(text), min(top_k, len(vocab))
    p = np.full(n, np.nan)
    surprisal, entropy = np.full(n, np.nan), np.full(n, np.nan)
    rank = np.zeros(n, dtype=np.int32)
    top_ids = np.zeros((n, k), dtype=np.int32)
    top_p = np.zeros((n, k), dtype=np.float32)
    h_out = c_out = None
    if states:
        # NaN only on the rows of unknown characters: filling 100,000 × 256 floats twice
        # just to overwrite them cost a tenth of a cell search
        h_out = np.empty((n, model.layers * model.hidden), dtype=np.float32)
        c_out = np.empty((n, model.layers * model.hidden), dtype=np.float32)
        h_out[~known] = np.nan
        c_out[~known] = np.nan
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            rows, sources = [], []  # feature rows that predict something, and the id each reads
            for a, b in segments or [(0, m)]:
                x = ids[a:b].to(device)
                features, h_seq, c_seq = _features_with_states(model, x, states)
                if h_seq is not None and c_seq is not None:
                    rows_at = slice(a, b) if m == n else positions[a:b]  # all known: no fancy index
                    h_out[rows_at] = h_seq.float().cpu().numpy()  # type: ignore[index]
                    c_out[rows_at] = c_seq.float().cpu().numpy()  # type: ignore[index]
                last = min(b, m - 1)  # the row after the final character predicts nothing
                rows.append(features[: last - a])
                sources.append(torch.arange(a, last))
            if predictions:
                read = torch.cat(sources)
                # the row after known character j predicts known character j + 1
                scores = _score(model, torch.cat(rows), ids[read + 1].to(device), k)
                where = positions[read.numpy() + 1]
                p[where], rank[where], surprisal[where], entropy[where], top_ids[where], top_p[where] = scores
    finally:
        model.train(was_training)
    return Readout(
        text=text,
        vocab=vocab.chars,
        known=known,
        p=p,
        rank=rank,
        surprisal=surprisal,
        entropy=entropy,
        top_ids=top_ids,
        top_p=top_p,
        layers=model.layers,
        hidden=model.hidden,
        h=h_out,
        c=c_out,
    )


def _score(
    model: CharLSTM, features: torch.Tensor, targets: torch.Tensor, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(p, rank, surprisal, entropy, top-k ids, top-k p) of each target under the output
    layer applied to its feature row, a block of rows at a time."""
    weight, bias = model.output_layer()
    parts: list[tuple[np.ndarray, ...]] = []
    for s in range(0, len(targets), ROWS_PER_BLOCK):
        logp = F.log_softmax(F.linear(features[s : s + ROWS_PER_BLOCK], weight, bias).float(), dim=-1)
        lp = logp.gather(1, targets[s : s + ROWS_PER_BLOCK].unsqueeze(1)).squeeze(1)
        rank = (logp > lp.unsqueeze(1)).sum(1) + 1  # ties rank with the character, never above it
        entropy = -(logp.exp() * logp).sum(1)
        tp, ti = logp.topk(k, dim=1)
        lp_np = lp.double().cpu().numpy()
        parts.append(
            (
                np.exp(lp_np),
                rank.cpu().numpy(),
                -lp_np,
                entropy.double().cpu().numpy(),
                ti.cpu().numpy(),
                tp.exp().cpu().numpy(),
            )
        )
    return tuple(np.concatenate(column) for column in zip(*parts))  # type: ignore[return-value]


def _layer_weights(rnn: nn.Module, k: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    return tuple(getattr(rnn, f"{name}_l{k}") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))


def _features_with_states(
    model: CharLSTM, x: torch.Tensor, states: bool = True
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
    """(what the output layer reads (T, F), h of every layer (T, L·H), c of every layer (T, L·H)).

    Each layer runs through torch's fused LSTM on its own (faster here than the module's
    forward on one long sequence: 0.22 against 0.36 s for 10,000 characters); with
    `states` False the h and c results are None. Works for the fused and the scratch
    cell alike: both keep nn.LSTM's parameter names.
    """
    if model.embed is None:
        inp = F.one_hot(x, model.vocab_size).to(model.rnn.get_parameter("weight_ih_l0").dtype)
    else:
        inp = model.embed(x)
    hs, cs = [], []
    for k in range(model.layers):
        w_ih, w_hh, b_ih, b_hh = _layer_weights(model.rnn, k)
        h_seq = _fused_layer(inp, w_ih, w_hh, b_ih, b_hh)
        if states:
            hs.append(h_seq)
            cs.append(_cell_sequence(inp, h_seq, w_ih, w_hh, b_ih + b_hh))
        inp = h_seq  # no dropout between layers: the model is in eval mode
    features = inp if model.proj is None else model.proj(inp)
    if not states:
        return features, None, None
    return features, torch.cat(hs, dim=1), torch.cat(cs, dim=1)


def _fused_layer(
    inp: torch.Tensor, w_ih: torch.Tensor, w_hh: torch.Tensor, b_ih: torch.Tensor, b_hh: torch.Tensor
) -> torch.Tensor:
    """One layer's h for every step, from torch's fused LSTM with these weights: (T, H)."""
    hidden = w_hh.shape[1]
    out, _, _ = torch.lstm(  # the functional form of nn.LSTM: no module to build and copy into
        inp.unsqueeze(0),
        (inp.new_zeros(1, 1, hidden), inp.new_zeros(1, 1, hidden)),
        [w_ih, w_hh, b_ih, b_hh],
        True,  # has biases
        1,  # layers
        0.0,  # dropout
        False,  # training
        False,  # bidirectional
        True,  # batch_first
    )
    return out[0]


def _cell_sequence(
    inp: torch.Tensor, h_seq: torch.Tensor, w_ih: torch.Tensor, w_hh: torch.Tensor, bias: torch.Tensor
) -> torch.Tensor:
    """c for every step, given the layer's input and h sequence: (T, H).

    The gates need only (x_t, h_{t-1}), all known after the fused pass, so they come
    from one matrix product; the recurrence in c is then one multiply-add per step.
    """
    h_prev = torch.cat([h_seq.new_zeros(1, h_seq.shape[1]), h_seq[:-1]])
    rows = 3 * h_seq.shape[1]  # i, f and g: the output gate is not needed for c
    gates = torch.addmm(bias[:rows], inp, w_ih[:rows].t()).addmm_(h_prev, w_hh[:rows].t())
    i, f, g = gates.float().chunk(3, dim=1)
    # numpy for the loop: ~2 µs a step against ~35 µs for torch's per-op dispatch
    update = (torch.sigmoid(i) * torch.tanh(g)).cpu().numpy()
    forget = torch.sigmoid(f).cpu().numpy()
    c = np.empty_like(update)
    prev = np.zeros(update.shape[1], dtype=update.dtype)
    for t in range(len(update)):
        prev = forget[t] * prev
        prev += update[t]
        c[t] = prev
    return torch.from_numpy(c)
