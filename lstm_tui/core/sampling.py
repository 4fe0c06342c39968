"""Streaming sampler: one character at a time from a model, with temperature and top-k.

Characters of the prefix that the model's vocabulary lacks are reported by
`split_prefix` and skipped, never an error. Temperature 0 is greedy (argmax).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import torch

from lstm_tui.core.corpus import Vocab
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.sample_checks import (  # noqa: F401  (re-exported)
    MAX_LENGTH,
    MAX_TEMPERATURE,
    PrefixCheck,
    check_settings,
    split_prefix,
)

def _pick(logits: torch.Tensor, temperature: float, top_k: int | None, gen: torch.Generator) -> int:
    """Choose the next id from one row of logits."""
    if temperature < 1e-6:  # below this float32 underflows: it is greedy in all but name
        return int(torch.argmax(logits))
    # shift first: dividing raw logits by a tiny temperature overflows to inf/nan
    logits = (logits.float() - logits.max()) / temperature
    if top_k is not None and top_k < logits.numel():
        kth = torch.topk(logits, top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)
    return int(torch.multinomial(probs, 1, generator=gen))


def stream(
    model: CharLSTM,
    vocab: Vocab,
    prefix: str = "",
    length: int = 500,
    temperature: float = 0.8,
    top_k: int | None = None,
    seed: int | None = None,
    stop: threading.Event | None = None,
) -> Iterator[str]:
    """Yield up to `length` new characters one by one; the prefix itself is not yielded.

    Same model, prefix, settings and seed give the same text. `stop`, when set,
    ends the stream before the next character.
    """
    check_settings(temperature, length, top_k, seed)
    gen = torch.Generator()
    gen.manual_seed(seed if seed is not None else torch.seed())
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
            logits, state = model(ids)
            last = logits[0, -1].cpu()
            for _ in range(length):
                if stop is not None and stop.is_set():
                    return
                nxt = _pick(last, temperature, top_k, gen)
                yield vocab.chars[nxt]
                logits, state = model(torch.tensor([[nxt]], device=device), state)
                last = logits[0, -1].cpu()
    finally:
        model.train(was_training)


def sample_text(
    model: CharLSTM,
    vocab: Vocab,
    prefix: str = "",
    length: int = 500,
    temperature: float = 0.8,
    top_k: int | None = None,
    seed: int | None = 0,
) -> str:
    """The whole sample as one string (the new characters only)."""
    return "".join(stream(model, vocab, prefix, length, temperature, top_k, seed))
