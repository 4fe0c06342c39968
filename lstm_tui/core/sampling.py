"""Streaming sampler: one character at a time from a model, with temperature and top-k.

Characters of the prefix that the model's vocabulary lacks are reported by
`split_prefix` and skipped, never an error. Temperature 0 is greedy (argmax).

Given an n-gram baseline and a weight λ, it samples the hybrid instead: each next
character from λ·p_lstm + (1 − λ)·p_ngram over the model's vocabulary (core/hybrid.py),
the n-gram reading the same text the LSTM has read. Temperature and top-k then apply to
that mixture, as they would to the LSTM's own distribution.

How to sample (temperature, top-k, length, seed, the LSTM alone) arrives as one
SamplingOptions (core/sampling_options.py), already checked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import torch

from lstm_tui.core.corpus import Vocab
from lstm_tui.core.hybrid import mix_probs
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.sample_checks import split_prefix
from lstm_tui.core.sampling_options import SamplingOptions

if TYPE_CHECKING:
    from lstm_tui.core.ngram import Baseline


def _pick(logits: torch.Tensor | np.ndarray, temperature: float, top_k: int | None, rng: np.random.Generator) -> int:
    """Choose the next id from one row of logits or log-probs (numpy: ~10× less
    overhead than torch here)."""
    z = np.asarray(logits, dtype=np.float64)
    if temperature < 1e-6:  # below this it is greedy in all but name
        return int(z.argmax())
    z = (z - z.max()) / temperature  # shift first so exp never overflows
    if top_k is not None and top_k < z.size:
        kth = np.partition(z, -top_k)[-top_k]
        z[z < kth] = -np.inf
    cum = np.cumsum(np.exp(z))
    return min(int(np.searchsorted(cum, rng.random() * cum[-1], side="right")), z.size - 1)


DEFAULT_OPTIONS = SamplingOptions()  # frozen, so one shared default is safe

StepFn = Callable[[int, list[torch.Tensor], list[torch.Tensor]], torch.Tensor]


def _one_char_step(model: CharLSTM) -> StepFn:
    """A one-character forward pass written with matrix-vector products.

    Calling the whole module for a single character costs more in dispatch than in
    arithmetic; these few ops on the same weights give the same logits ~3× faster.
    h and c (one 1-D tensor per layer) are updated in place of the list items.
    """
    layers: list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = []
    for k in range(model.layers):
        p = model.rnn.get_parameter
        b = p(f"bias_ih_l{k}") + p(f"bias_hh_l{k}")
        layers.append((p(f"weight_ih_l{k}"), p(f"weight_hh_l{k}"), b))
    embed = model.embed.weight if model.embed is not None else None
    head_w, head_b = model.output_layer()
    proj = model.proj.weight if model.proj is not None else None

    def step(idx: int, hs: list[torch.Tensor], cs: list[torch.Tensor]) -> torch.Tensor:
        x = hs[0]  # each layer's output, the next layer's input (the first reads idx)
        for k, (w_ih, w_hh, b) in enumerate(layers):
            if k == 0:
                # one-hot input: the matrix product is just a column
                inp = w_ih[:, idx] if embed is None else torch.mv(w_ih, embed[idx])
            else:
                inp = torch.mv(w_ih, x)
            gates = torch.addmv(b + inp, w_hh, hs[k])
            i, f, g, o = gates.chunk(4)
            cs[k] = torch.sigmoid(f) * cs[k] + torch.sigmoid(i) * torch.tanh(g)
            hs[k] = x = torch.sigmoid(o) * torch.tanh(cs[k])
        if proj is not None:
            x = torch.mv(proj, x)
        return torch.addmv(head_b, head_w, x)

    return step


def stream(
    model: CharLSTM,
    vocab: Vocab,
    prefix: str = "",
    options: SamplingOptions = DEFAULT_OPTIONS,
    stop: threading.Event | None = None,
    ngram: Baseline | None = None,
    lam: float = 1.0,
) -> Iterator[str]:
    """Yield up to `options.length` new characters one by one; the prefix itself is not yielded.

    Same model, prefix, options and seed give the same text. `stop`, when set,
    ends the stream before the next character. With `ngram`, the characters come from
    the mixture with weight `lam` on the LSTM (a run's `hybrid.lam`); lam = 1 or
    `options.pure` is the LSTM alone.
    """
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"the mixing weight must be in [0, 1], not {lam}")
    mixture = ngram if ngram is not None and lam < 1.0 and not options.pure else None
    temperature, top_k = options.temperature, options.top_k
    rng = np.random.default_rng(options.seed)
    kept = split_prefix(prefix, vocab).kept
    if not kept:
        # No usable context: start after a line break, as most texts do.
        kept = "\n" if "\n" in vocab else vocab.chars[0]
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            ids = vocab.encode(kept).to(torch.int64).unsqueeze(0).to(device)
            logits, (h, c) = model(ids)
            last = logits[0, -1].cpu()
            step = _one_char_step(model)
            hs, cs = list(h[:, 0]), list(c[:, 0])
            counted = None
            if mixture is not None:
                counted = mixture.next_chars(vocab.chars)
                counted.reset(kept)  # the n-gram reads what the LSTM has read
            for _ in range(options.length):
                if stop is not None and stop.is_set():
                    return
                scores = last if counted is None else _mixed_log_probs(last, counted.probs(), lam)
                nxt = _pick(scores, temperature, top_k, rng)
                yield vocab.chars[nxt]
                if counted is not None:
                    counted.push(vocab.chars[nxt])
                last = step(nxt, hs, cs).float().cpu()
    finally:
        model.train(was_training)


def _mixed_log_probs(logits: torch.Tensor, counted: np.ndarray, lam: float) -> np.ndarray:
    """Log of λ·softmax(logits) + (1 − λ)·the n-gram's next-character distribution over
    the vocabulary (renormalised to it: what the n-gram keeps for other characters
    cannot be sampled). Never −inf: the n-gram gives every character some mass."""
    z = logits.numpy().astype(np.float64)
    return np.log(mix_probs(np.exp(z - z.max()), counted, lam))


def sample_text(
    model: CharLSTM,
    vocab: Vocab,
    prefix: str = "",
    length: int = 500,
    temperature: float = 0.8,
    top_k: int | None = None,
    seed: int | None = 0,
) -> str:
    """The whole sample as one string (the new characters only), from the LSTM alone.

    A shorthand for training previews and tests: the settings go through
    SamplingOptions, so they are checked as every other sample's are.
    """
    options = SamplingOptions(temperature=temperature, top_k=top_k, length=length, seed=seed)
    return "".join(stream(model, vocab, prefix, options))
