"""Validation loss: mean cross-entropy per character over a whole split."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from lstm_tui.core.model import CharLSTM


def evaluate(model: CharLSTM, data: torch.Tensor, batch: int = 32, chunk: int = 256, bf16: bool = False) -> float:
    """Mean cross-entropy (nats/char) over every position of `data`.

    The data is cut into up to `batch` contiguous streams read with carried state, so
    almost every character is predicted with its full left context. With bf16 the
    forward pass runs under bf16 autocast, as training does where the CPU has it: ~3×
    faster here, and within 1e-4 nats/char of float32 on the demo run.
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
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                    logits, state = model(x, state)
                flat = logits.reshape(-1, logits.shape[-1]).float()
                total += float(F.cross_entropy(flat, y.reshape(-1), reduction="sum"))
                count += y.numel()
            if len(tail_x):  # the few characters that did not fill a stream
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                    logits, _ = model(tail_x.unsqueeze(0).to(device))
                total += float(F.cross_entropy(logits[0].float(), tail_y.to(device), reduction="sum"))
                count += len(tail_y)
    finally:
        model.train(was_training)
    return total / count
