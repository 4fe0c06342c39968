"""Validation loss: mean cross-entropy per character over a whole split."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from lstm_tui.core.model import CharLSTM


def evaluate(model: CharLSTM, data: torch.Tensor, batch: int = 32, chunk: int = 256) -> float:
    """Mean cross-entropy (nats/char) over every position of `data`.

    The data is cut into up to `batch` contiguous streams read with carried state, so
    almost every character is predicted with its full left context.
    """
    device = next(model.parameters()).device
    n = len(data) - 1
    if n < 1:
        return float("nan")
    streams = max(1, min(batch, n // 64))
    length = n // streams
    x_all = data[: streams * length].view(streams, length).to(torch.int64)
    y_all = data[1 : streams * length + 1].view(streams, length).to(torch.int64)
    tail_x, tail_y = data[streams * length : n].to(torch.int64), data[streams * length + 1 : n + 1].to(torch.int64)
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        with torch.inference_mode():
            state = None
            for s in range(0, length, chunk):
                x, y = x_all[:, s : s + chunk].to(device), y_all[:, s : s + chunk].to(device)
                logits, state = model(x, state)
                total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum"))
                count += y.numel()
            if len(tail_x):  # the few characters that did not fill a stream
                logits, _ = model(tail_x.unsqueeze(0).to(device))
                total += float(F.cross_entropy(logits[0], tail_y.to(device), reduction="sum"))
                count += len(tail_y)
    finally:
        model.train(was_training)
    return total / count
